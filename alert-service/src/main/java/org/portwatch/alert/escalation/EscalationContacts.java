package org.portwatch.alert.escalation;

import io.quarkus.hibernate.reactive.panache.Panache;
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

    static final String QUERY = "SELECT CAST(contacts AS text) FROM escalation_policy WHERE care_team_id = ?1";

    @Override
    public Uni<List<String>> of(String careTeamId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(QUERY, String.class)
                        .setParameter(1, careTeamId)
                        .getResultList())
                .map(rows -> rows.isEmpty() ? List.of() : parse(rows.get(0)));
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
