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

    /** The subscriptions of one clinician (token subject), oldest first. */
    public Uni<List<PushSubscription>> listOf(String subject) {
        return list("subject", Sort.by("createdAt").and("id"), subject);
    }
}
