package org.portwatch.alert.escalation;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.portwatch.alert.database.BatchScope;
import org.portwatch.model.Json;
import org.portwatch.alert.audit.AuditLog;

/**
 * The escalation policy in force for a care team: its own row ({@link EscalationPolicyRepository}), or the
 * configured defaults (docs/clinical-rules.md: 5 / 15 / 5 minutes, no on-call contacts). {@link #of} joins the
 * caller's Hibernate Reactive session; {@link #inForce} and {@link #update} are the API's, each in its own.
 */
@ApplicationScoped
public class EscalationPolicies {

    private final EscalationPolicyRepository repository;
    private final EscalationConfig config;
    private final AuditLog audit;

    public EscalationPolicies(EscalationPolicyRepository repository, EscalationConfig config, AuditLog audit) {
        this.repository = repository;
        this.config = config;
        this.audit = audit;
    }

    public EscalationPolicy defaults() {
        return new EscalationPolicy(config.highAfter(), config.mediumAfter(), config.repeatEvery(), List.of());
    }

    /** The policy of {@code careTeamId}; the defaults when it has none (or the alert has no team). */
    public Uni<EscalationPolicy> of(String careTeamId) {
        if (careTeamId == null) {
            return Uni.createFrom().item(defaults());
        }
        BatchScope batch = BatchScope.current();
        if (batch != null) {
            // A batch's events of one team read its policy once (a change meanwhile applies from the next batch).
            return batch.<EscalationPolicy>memo("escalation-policy", careTeamId, () -> repository.find(careTeamId))
                    .map(own -> own == null ? defaults() : own);
        }
        return repository.find(careTeamId).map(own -> own == null ? defaults() : own);
    }

    /** {@link #of}, read in a session of its own (no transaction: a read). */
    @WithSession
    public Uni<EscalationPolicy> inForce(String careTeamId) {
        return of(careTeamId);
    }

    /**
     * Sets the team's policy to {@code change} applied to the one in force, audited, in one transaction; answers the
     * new policy. The caller validated the input before: a bad one gets its 422 without a database.
     */
    @WithTransaction
    public Uni<EscalationPolicy> update(String careTeamId, UnaryOperator<EscalationPolicy> change, String by,
            Instant at) {
        return of(careTeamId).flatMap(current -> {
            EscalationPolicy next = change.apply(current);
            return repository.save(careTeamId, next, json(next.contacts()), by, at)
                    .call(() -> audit.record(by, "escalation-policy.update", "care-team", careTeamId,
                            Map.of("highAfter", next.highAfter().toString(),
                                    "mediumAfter", next.mediumAfter().toString(),
                                    "repeatEvery", next.repeatEvery().toString(),
                                    "contacts", next.contacts().size())))
                    .replaceWith(next);
        });
    }

    private static String json(List<String> contacts) {
        try {
            return Json.mapper().writeValueAsString(contacts);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
