package org.portwatch.alert.escalation;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.portwatch.model.Json;

/**
 * The escalation policy in force for a care team: its own row in {@code escalation_policy}, or the configured
 * defaults (docs/clinical-rules.md: 5 / 15 / 5 minutes, no on-call contacts). Joins the caller's Hibernate Reactive session.
 */
@ApplicationScoped
public class EscalationPolicies {

    static final String SELECT = "SELECT high_after_seconds, medium_after_seconds, repeat_every_seconds,"
            + " CAST(contacts AS text) FROM escalation_policy WHERE care_team_id = ?1";
    static final String UPSERT = "INSERT INTO escalation_policy (care_team_id, high_after_seconds, medium_after_seconds,"
            + " repeat_every_seconds, contacts, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, CAST(CAST(?5 AS text) AS jsonb), ?6, ?7)"
            + " ON CONFLICT (care_team_id) DO UPDATE SET high_after_seconds = EXCLUDED.high_after_seconds,"
            + " medium_after_seconds = EXCLUDED.medium_after_seconds, repeat_every_seconds = EXCLUDED.repeat_every_seconds,"
            + " contacts = EXCLUDED.contacts, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by";

    private final EscalationConfig config;

    public EscalationPolicies(EscalationConfig config) {
        this.config = config;
    }

    public EscalationPolicy defaults() {
        return new EscalationPolicy(config.highAfter(), config.mediumAfter(), config.repeatEvery(), List.of());
    }

    /** The policy of {@code careTeamId}; the defaults when it has none (or the alert has no team). */
    public Uni<EscalationPolicy> of(String careTeamId) {
        if (careTeamId == null) {
            return Uni.createFrom().item(defaults());
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery(SELECT, Object[].class)
                        .setParameter(1, careTeamId)
                        .getResultList())
                .map(rows -> rows.isEmpty() ? defaults() : new EscalationPolicy(
                        Duration.ofSeconds(((Number) rows.get(0)[0]).longValue()),
                        Duration.ofSeconds(((Number) rows.get(0)[1]).longValue()),
                        Duration.ofSeconds(((Number) rows.get(0)[2]).longValue()),
                        EscalationContacts.parse((String) rows.get(0)[3])));
    }

    Uni<Void> save(String careTeamId, EscalationPolicy policy, String by, Instant at) {
        String contacts;
        try {
            contacts = Json.mapper().writeValueAsString(policy.contacts());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery(UPSERT)
                        .setParameter(1, careTeamId)
                        .setParameter(2, (int) policy.highAfter().toSeconds())
                        .setParameter(3, (int) policy.mediumAfter().toSeconds())
                        .setParameter(4, (int) policy.repeatEvery().toSeconds())
                        .setParameter(5, contacts)
                        .setParameter(6, at)
                        .setParameter(7, by)
                        .executeUpdate())
                .replaceWithVoid();
    }
}
