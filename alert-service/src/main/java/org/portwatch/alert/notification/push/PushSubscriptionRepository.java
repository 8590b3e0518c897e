package org.portwatch.alert.notification.push;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class PushSubscriptionRepository implements PanacheRepositoryBase<PushSubscription, UUID> {

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
    public Uni<List<PushSubscription>> expiredForUpdate(java.time.Instant now, int limit) {
        return find("ownerValidUntil <= ?1", Sort.by("ownerValidUntil").and("id"), now)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .page(0, limit).list();
    }

    /** The subscriptions of one clinician (token subject), oldest first. */
    public Uni<List<PushSubscription>> listOf(String subject) {
        return list("subject", Sort.by("createdAt").and("id"), subject);
    }
}
