package org.portwatch.alert.notification.push;

import org.portwatch.service.persistence.PgErrors;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
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
import org.portwatch.alert.audit.AuditLog;
import org.portwatch.alert.notification.push.PushMetrics.Change;
import org.portwatch.alert.security.CareTeamAccess;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;

/**
 * Clinicians' push subscriptions: subscribe (again), renew, list, unsubscribe; and the removal of those the push
 * service says are gone and of those whose owner's token ran out. Every change commits with its audit row. A
 * subscription belongs to the subject that made it (another subject's subscribe of its endpoint is refused), carries
 * its owner's care teams as their token said at the last subscribe or renewal, and lives until that token's expiry
 * plus {@code notification.push.owner-grace}.
 */
@ApplicationScoped
public class PushSubscriptionService {

    private static final Logger LOG = Logger.getLogger(PushSubscriptionService.class);
    static final String TARGET_TYPE = "push-subscription";
    static final String CREATE = "push-subscription.create";
    static final String UPDATE = "push-subscription.update";
    static final String DELETE = "push-subscription.delete";
    static final String RENEW = "push-subscription.renew";
    /** The actor of a removal the push service asked for (404/410). */
    static final String PUSH_SERVICE_ACTOR = "system:push-service";
    /** The actor of the removal of a subscription whose owner's token (plus grace) ran out. */
    static final String EXPIRY_ACTOR = "system:push-expiry";
    /** Subscriptions deleted per pruning transaction. */
    static final int PRUNE_BATCH = 200;

    private final PushSubscriptionRepository subscriptions;
    private final AuditLog audit;
    private final PushMetrics metrics;
    private final SubscriptionRules rules;
    private final java.time.Duration ownerGrace;
    private final Clock clock;

    public PushSubscriptionService(PushSubscriptionRepository subscriptions, AuditLog audit, PushMetrics metrics,
            PushConfig config, Clock clock) {
        this.clock = clock;
        this.subscriptions = subscriptions;
        this.audit = audit;
        this.metrics = metrics;
        this.rules = new SubscriptionRules(config);
        this.ownerGrace = config.ownerGrace();
    }

    /** The answer to a subscribe: the subscription, and whether this request created it. */
    public record Saved(PushSubscriptionView subscription, boolean created) {
    }

    /**
     * Stores the browser's subscription for the caller, or updates the caller's own one with the same endpoint (the
     * same browser): care teams and keys become the request's, the validity runs to the token's expiry plus the
     * grace. An endpoint another subject subscribed is refused (409), and nothing changes: whoever learns an endpoint
     * (a URL) must not take the subscription over.
     */
    public Uni<Saved> subscribe(PushSubscriptionInput input, CareTeamAccess access) {
        Instant now = now();
        SubscriptionRules.Valid valid = rules.validate(input, now);
        String subject = access.subject();
        List<String> careTeams = List.copyOf(new TreeSet<>(access.careTeams()));
        Instant validUntil = validUntil(access, now);
        return save(valid, subject, careTeams, validUntil, now)
                // Two first subscribes of one browser at once: the endpoint's unique key lets one insert; the
                // other finds that row on its second try and updates it (or is refused: another subject's).
                .onFailure(PgErrors::isUniqueViolation)
                .recoverWithUni(() -> save(valid, subject, careTeams, validUntil, now))
                .onFailure(OwnedByAnother.class).transform(refused -> {
                    metrics.refused();
                    // Never whose: the caller learns only that this endpoint is not theirs to take.
                    return new ProblemException(ProblemType.CONFLICT, "This push endpoint is subscribed by someone "
                            + "else. Unsubscribe it in the browser and subscribe again to get an endpoint of your own.");
                })
                .invoke(saved -> {
                    if (saved.created()) {
                        metrics.changed(Change.SUBSCRIBED);
                    }
                });
    }

    /** The token's expiry plus the grace; a token without expiry (smallrye-jwt refuses those) gets the grace only. */
    private Instant validUntil(CareTeamAccess access, Instant now) {
        Instant expires = access.expiresAt();
        return (expires == null ? now : expires).plus(ownerGrace).truncatedTo(ChronoUnit.MICROS);
    }

    /** The endpoint is another subject's: refused, nothing changed. */
    private static final class OwnedByAnother extends RuntimeException {
        OwnedByAnother() {
            super("owned by another subject", null, false, false);
        }
    }

    private Uni<Saved> save(SubscriptionRules.Valid valid, String subject, List<String> careTeams, Instant validUntil,
            Instant now) {
        return Panache.withTransaction(() -> subscriptions.findByEndpointForUpdate(valid.endpoint()).flatMap(existing -> {
            if (existing != null && !existing.getSubject().equals(subject)) {
                return Uni.createFrom().failure(new OwnedByAnother());
            }
            if (existing == null) {
                PushSubscription created = new PushSubscription(UUID.randomUUID(), valid.endpoint(), now);
                created.apply(valid.p256dh(), valid.auth(), valid.expiresAt(), subject, careTeams, validUntil, now);
                return subscriptions.persist(created)
                        .call(saved -> audit.record(subject, CREATE, TARGET_TYPE, saved.getId().toString(),
                                Map.of("endpointHost", saved.endpointHost())))
                        .map(saved -> new Saved(PushSubscriptionView.of(saved), true));
            }
            List<String> changed = existing.apply(valid.p256dh(), valid.auth(), valid.expiresAt(), subject, careTeams,
                    validUntil, now);
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

    /**
     * The caller came back (the dashboard calls this at every visit): each of their subscriptions gets the care teams
     * of the token presented now — a clinician moved off a team stops getting its alerts on every device at once —
     * and lives on to this token's expiry plus the grace. A change of care teams is audited; the extension is not
     * (every visit makes one). Answers the caller's subscriptions as they are now.
     */
    public Uni<List<PushSubscriptionView>> renew(CareTeamAccess access) {
        Instant now = now();
        String subject = access.subject();
        List<String> careTeams = List.copyOf(new TreeSet<>(access.careTeams()));
        Instant validUntil = validUntil(access, now);
        return Panache.withTransaction(() -> subscriptions.listOfForUpdate(subject).call(found -> {
                    Uni<Void> audited = Uni.createFrom().voidItem();
                    for (PushSubscription subscription : found) {
                        List<String> before = subscription.getCareTeams();
                        if (subscription.renew(careTeams, validUntil, now)) {
                            Map<String, Object> details = new LinkedHashMap<>();
                            details.put("endpointHost", subscription.endpointHost());
                            details.put("changed", List.of("careTeams"));
                            details.put("careTeamsBefore", before);
                            details.put("careTeams", careTeams);
                            audited = audited.call(() -> audit.record(subject, RENEW, TARGET_TYPE,
                                    subscription.getId().toString(), details));
                        }
                    }
                    return audited;
                }))
                .invoke(found -> metrics.renewed(found.size()))
                .map(found -> found.stream().map(PushSubscriptionView::of).toList());
    }

    /**
     * Deletes up to {@link #PRUNE_BATCH} subscriptions whose owner's token (plus grace) ran out, each audited (it
     * silences a device). Answers how many; a full batch means there may be more.
     */
    Uni<Integer> pruneExpired() {
        Instant now = now();
        return Panache.withTransaction(() -> subscriptions.expiredForUpdate(now, PRUNE_BATCH).call(found -> {
                    Uni<Void> done = Uni.createFrom().voidItem();
                    for (PushSubscription subscription : found) {
                        Map<String, Object> details = new LinkedHashMap<>();
                        details.put("endpointHost", subscription.endpointHost());
                        details.put("reason", "owner-token-expired");
                        done = done.call(() -> subscriptions.delete(subscription))
                                .call(() -> audit.record(EXPIRY_ACTOR, DELETE, TARGET_TYPE,
                                        subscription.getId().toString(), details));
                    }
                    return done;
                }))
                .map(List::size)
                .invoke(pruned -> {
                    if (pruned > 0) {
                        metrics.changed(Change.EXPIRED, pruned);
                    }
                });
    }

    /** The caller's own subscriptions, oldest first. */
    @WithSession
    public Uni<List<PushSubscriptionView>> list(CareTeamAccess access) {
        return subscriptions.listOf(access.subject())
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
