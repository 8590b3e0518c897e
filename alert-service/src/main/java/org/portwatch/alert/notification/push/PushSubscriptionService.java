package org.portwatch.alert.notification.push;

import org.portwatch.service.persistence.PgErrors;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.portwatch.service.audit.AuditLog;
import org.portwatch.alert.notification.push.PushMetrics.Change;
import org.portwatch.alert.security.CareTeamAccess;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;

/**
 * Clinicians' push subscriptions: subscribe (again), list, unsubscribe; and the removal of those the push service
 * says are gone. Every change commits with its audit row. A subscription carries the owner's care teams as their
 * token said at the last subscribe.
 */
@ApplicationScoped
public class PushSubscriptionService {

    private static final Logger LOG = Logger.getLogger(PushSubscriptionService.class);
    static final String TARGET_TYPE = "push-subscription";
    static final String CREATE = "push-subscription.create";
    static final String UPDATE = "push-subscription.update";
    static final String DELETE = "push-subscription.delete";
    /** The actor of a removal the push service asked for (404/410). */
    static final String PUSH_SERVICE_ACTOR = "system:push-service";

    private final PushSubscriptionRepository subscriptions;
    private final AuditLog audit;
    private final PushMetrics metrics;
    private final SubscriptionRules rules;
    private final Clock clock = Clock.systemUTC();

    public PushSubscriptionService(PushSubscriptionRepository subscriptions, AuditLog audit, PushMetrics metrics,
            PushConfig config) {
        this.subscriptions = subscriptions;
        this.audit = audit;
        this.metrics = metrics;
        this.rules = new SubscriptionRules(config);
    }

    /** The answer to a subscribe: the subscription, and whether this request created it. */
    public record Saved(PushSubscriptionView subscription, boolean created) {
    }

    /**
     * Stores the browser's subscription for the caller, or updates the one with the same endpoint (the same
     * browser): owner, care teams and keys become the caller's and the request's.
     */
    public Uni<Saved> subscribe(PushSubscriptionInput input, CareTeamAccess access) {
        Instant now = now();
        SubscriptionRules.Valid valid = rules.validate(input, now);
        String subject = access.subject();
        List<String> careTeams = List.copyOf(new TreeSet<>(access.careTeams()));
        return save(valid, subject, careTeams, now)
                // Two first subscribes of one browser at once: the endpoint's unique key lets one insert; the
                // other finds that row on its second try and updates it.
                .onFailure(PgErrors::isUniqueViolation).recoverWithUni(() -> save(valid, subject, careTeams, now))
                .invoke(saved -> {
                    if (saved.created()) {
                        metrics.changed(Change.SUBSCRIBED);
                    }
                });
    }

    private Uni<Saved> save(SubscriptionRules.Valid valid, String subject, List<String> careTeams, Instant now) {
        return Panache.withTransaction(() -> subscriptions.findByEndpointForUpdate(valid.endpoint()).flatMap(existing -> {
            if (existing == null) {
                PushSubscription created = new PushSubscription(UUID.randomUUID(), valid.endpoint(), now);
                created.apply(valid.p256dh(), valid.auth(), valid.expiresAt(), subject, careTeams, now);
                return subscriptions.persist(created)
                        .call(saved -> audit.record(subject, CREATE, TARGET_TYPE, saved.getId().toString(),
                                Map.of("endpointHost", saved.endpointHost())))
                        .map(saved -> new Saved(PushSubscriptionView.of(saved), true));
            }
            List<String> changed = existing.apply(valid.p256dh(), valid.auth(), valid.expiresAt(), subject, careTeams, now);
            if (changed.isEmpty()) {
                return Uni.createFrom().item(new Saved(PushSubscriptionView.of(existing), false));
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("endpointHost", existing.endpointHost());
            details.put("changed", changed);
            return audit.record(subject, UPDATE, TARGET_TYPE, existing.getId().toString(), details)
                    .map(recorded -> new Saved(PushSubscriptionView.of(existing), false));
        }));
    }

    /** The caller's own subscriptions, oldest first. */
    public Uni<List<PushSubscriptionView>> list(CareTeamAccess access) {
        return Panache.withSession(() -> subscriptions.listOf(access.subject()))
                .map(found -> found.stream().map(PushSubscriptionView::of).toList());
    }

    /** Deletes one of the caller's subscriptions; 404 for an unknown id and for another clinician's. */
    public Uni<Void> unsubscribe(String id, CareTeamAccess access) {
        UUID uuid = parse(id);
        if (uuid == null) {
            return Uni.createFrom().failure(notFound());
        }
        String subject = access.subject();
        return Panache.withTransaction(() -> subscriptions.findById(uuid).flatMap(found -> {
                    if (found == null || !found.getSubject().equals(subject)) {
                        return Uni.createFrom().failure(notFound());
                    }
                    return subscriptions.delete(found)
                            .call(() -> audit.record(subject, DELETE, TARGET_TYPE, uuid.toString(),
                                    Map.of("endpointHost", found.endpointHost())));
                }))
                .invoke(() -> metrics.changed(Change.UNSUBSCRIBED))
                .replaceWithVoid();
    }

    /**
     * Deletes a subscription the push service no longer knows (404/410): the browser unsubscribed, the user
     * revoked permission, the app was uninstalled. Audited, as it silences a clinician's device. A failure is only
     * logged: the next message to it gets the same answer and tries again.
     */
    Uni<Void> removeGone(UUID id, Integer httpStatus) {
        return Panache.withTransaction(() -> subscriptions.findById(id).flatMap(found -> {
                    if (found == null) {
                        return Uni.createFrom().item(false);
                    }
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("endpointHost", found.endpointHost());
                    details.put("reason", "gone");
                    details.put("httpStatus", httpStatus);
                    return subscriptions.delete(found)
                            .call(() -> audit.record(PUSH_SERVICE_ACTOR, DELETE, TARGET_TYPE, id.toString(), details))
                            .replaceWith(true);
                }))
                .invoke(removed -> {
                    if (removed) {
                        metrics.changed(Change.GONE);
                    }
                })
                .onFailure().invoke(error -> LOG.warnf("Push subscription %s not removed after the push service "
                        + "answered %s: %s", id, httpStatus, error.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    static UUID parse(String id) {
        try {
            return id == null ? null : UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Instant now() {
        // PostgreSQL keeps microseconds; the answer shows what the database stores.
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }


    private static ProblemException notFound() {
        return new ProblemException(ProblemType.NOT_FOUND, "No push subscription of yours with this id.");
    }
}
