package org.portwatch.alert.notification.push;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The repository of Web Push subscriptions: every statement on {@code push_subscription}. */
@ApplicationScoped
public class PushSubscriptionRepository implements PanacheRepositoryBase<PushSubscription, UUID> {

    /**
     * Devices watching a care team; a subscription past the expiry its browser announced, or past its owner's token
     * plus the grace, is left out (at the service clock's time, {@code ?2}). Plain SQL does not get Hibernate's
     * default schema, and the connections have no search_path to alerts: schema-qualified.
     */
    static final String TEAM_TARGETS = "SELECT CAST(id AS text) FROM alerts.push_subscription"
            + " WHERE care_teams @> ARRAY[CAST(?1 AS text)]"
            + " AND (expires_at IS NULL OR expires_at > ?2) AND owner_valid_until > ?2"
            + " ORDER BY created_at, id";
    /**
     * The devices of the care team's on-call contacts ({@code ?2}: their subjects, a JSON array, bound as text: the
     * Vert.x client would send a string bound to a jsonb parameter as a JSON string, not parse it).
     */
    static final String ESCALATION_TARGETS = "SELECT CAST(id AS text) FROM alerts.push_subscription"
            + " WHERE care_teams @> ARRAY[CAST(?1 AS text)]"
            + " AND subject IN (SELECT jsonb_array_elements_text(CAST(CAST(?2 AS text) AS jsonb)))"
            + " AND (expires_at IS NULL OR expires_at > ?3) AND owner_valid_until > ?3"
            + " ORDER BY created_at, id";

    /** The ids of the live subscriptions watching {@code careTeamId} at {@code now}, oldest first. */
    public Uni<List<String>> teamTargets(String careTeamId, Instant now) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(TEAM_TARGETS, String.class)
                .setParameter(1, careTeamId)
                .setParameter(2, now)
                .getResultList());
    }

    /**
     * The ids of the live subscriptions watching {@code careTeamId} at {@code now} of the subjects in
     * {@code subjects} (a JSON array), oldest first.
     */
    public Uni<List<String>> subjectsTargets(String careTeamId, String subjects, Instant now) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(ESCALATION_TARGETS, String.class)
                .setParameter(1, careTeamId)
                .setParameter(2, subjects)
                .setParameter(3, now)
                .getResultList());
    }

    /** The row of {@code endpoint}, locked until the transaction ends: two subscribes of one device run in turn. */
    public Uni<PushSubscription> findByEndpointForUpdate(String endpoint) {
        return find("endpoint", endpoint).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** The subscriptions of one clinician, oldest first, locked: a renewal and a subscribe of theirs run in turn. */
    public Uni<List<PushSubscription>> listOfForUpdate(String subject) {
        return find("subject", Sort.by("createdAt").and("id"), subject).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /**
     * Up to {@code limit} subscriptions whose owner's validity ended by {@code now}, locked. A renewal racing the
     * pruner either commits first (PostgreSQL re-checks the condition on the renewed row after the lock wait, and
     * the row is no longer expired) or finds the row gone.
     */
    public Uni<List<PushSubscription>> expiredForUpdate(Instant now, int limit) {
        return find("ownerValidUntil <= ?1", Sort.by("ownerValidUntil").and("id"), now)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .page(0, limit).list();
    }

    /** The subscriptions of one clinician (token subject), oldest first. */
    public Uni<List<PushSubscription>> listOf(String subject) {
        return list("subject", Sort.by("createdAt").and("id"), subject);
    }
}
