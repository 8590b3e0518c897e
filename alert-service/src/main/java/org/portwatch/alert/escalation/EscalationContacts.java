package org.portwatch.alert.escalation;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.portwatch.alert.notification.OnCallContacts;
import org.portwatch.model.Json;

/**
 * The on-call contacts of a care team (subjects of clinicians), from its escalation policy: whose push
 * subscriptions an escalation goes to. Joins the caller's Hibernate Reactive session.
 */
@ApplicationScoped
public class EscalationContacts implements OnCallContacts {

    private final EscalationPolicyRepository policies;

    public EscalationContacts(EscalationPolicyRepository policies) {
        this.policies = policies;
    }

    @Override
    public Uni<List<String>> of(String careTeamId) {
        return policies.contacts(careTeamId).map(json -> json == null ? List.of() : parse(json));
    }

    static List<String> parse(String json) {
        try {
            List<String> contacts = new ArrayList<>();
            Json.mapper().readTree(json).forEach(node -> contacts.add(node.asText()));
            return List.copyOf(contacts);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("escalation_policy.contacts is not a JSON array", e);
        }
    }
}
