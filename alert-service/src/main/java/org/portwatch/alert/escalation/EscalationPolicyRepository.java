package org.portwatch.alert.escalation;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * The repository of {@code escalation_policy}: a care team's own policy, its on-call contacts, the upsert. Native
 * SQL through the caller's Hibernate Reactive session (and its transaction, if any): the contacts are a jsonb array.
 */
@ApplicationScoped
public class EscalationPolicyRepository {

    static final String SELECT = "SELECT high_after_seconds, medium_after_seconds, repeat_every_seconds,"
            + " CAST(contacts AS text) FROM escalation_policy WHERE care_team_id = ?1";
    static final String CONTACTS = "SELECT CAST(contacts AS text) FROM escalation_policy WHERE care_team_id = ?1";
    static final String UPSERT = "INSERT INTO escalation_policy (care_team_id, high_after_seconds, medium_after_seconds,"
            + " repeat_every_seconds, contacts, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, CAST(CAST(?5 AS text) AS jsonb), ?6, ?7)"
            + " ON CONFLICT (care_team_id) DO UPDATE SET high_after_seconds = EXCLUDED.high_after_seconds,"
            + " medium_after_seconds = EXCLUDED.medium_after_seconds, repeat_every_seconds = EXCLUDED.repeat_every_seconds,"
            + " contacts = EXCLUDED.contacts, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by";

    /** The team's own policy; null when it has none. */
    public Uni<EscalationPolicy> find(String careTeamId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(SELECT, Object[].class)
                        .setParameter(1, careTeamId)
                        .getResultList())
                .map(rows -> rows.isEmpty() ? null : new EscalationPolicy(
                        Duration.ofSeconds(((Number) rows.get(0)[0]).longValue()),
                        Duration.ofSeconds(((Number) rows.get(0)[1]).longValue()),
                        Duration.ofSeconds(((Number) rows.get(0)[2]).longValue()),
                        EscalationContacts.parse((String) rows.get(0)[3])));
    }

    /** The team's on-call contacts as stored (a JSON array); null when the team has no policy of its own. */
    public Uni<String> contacts(String careTeamId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(CONTACTS, String.class)
                        .setParameter(1, careTeamId)
                        .getResultList())
                .map(rows -> rows.isEmpty() ? null : rows.get(0));
    }

    /** Stores {@code policy} as the team's ({@code contacts}: its contacts as a JSON array). In a transaction. */
    public Uni<Void> save(String careTeamId, EscalationPolicy policy, String contacts, String by, Instant at) {
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
