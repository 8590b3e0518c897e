package org.portwatch.alert.feed;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.portwatch.model.Json;

/**
 * Appends to the live feed inside the transaction that changed the alert: an event is on the feed if and only if
 * the change committed. Rows must become visible in id order, or a client that saw id 8 could miss a 7 that
 * commits later: each append therefore takes a transaction-scoped advisory lock, so feed-writing transactions
 * commit one at a time from this point (alert changes are a handful a minute; the lock is held for one commit).
 */
@ApplicationScoped
public class AlertFeed {

    static final String LOCK = "SELECT CAST(pg_advisory_xact_lock(hashtext('alert_feed')) AS text)";
    static final String INSERT = "INSERT INTO alert_feed (care_team_id, alert_id, kind, payload)"
            + " VALUES (?1, ?2, ?3, CAST(CAST(?4 AS text) AS jsonb))";

    private final FeedHub hub;

    public AlertFeed(FeedHub hub) {
        this.hub = hub;
    }

    /** Appends {@code type} for the alert's care team; alerts without a team are for nobody's screen. */
    public Uni<Void> append(String type, String reason, FeedItem alert) {
        return append(alert.careTeamId(), type, reason, alert);
    }

    /** Appends {@code type} for {@code careTeamId}, which need not be the alert's (the team a patient left). */
    public Uni<Void> append(String careTeamId, String type, String reason, FeedItem alert) {
        if (careTeamId == null) {
            return Uni.createFrom().voidItem();
        }
        String payload;
        try {
            payload = Json.mapper().writeValueAsString(new FeedEvent(type, reason, alert));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(LOCK).getSingleResult()
                        .flatMap(locked -> session.createNativeQuery(INSERT)
                                .setParameter(1, careTeamId)
                                .setParameter(2, java.util.UUID.fromString(alert.alertId()))
                                .setParameter(3, type)
                                .setParameter(4, payload)
                                .executeUpdate()))
                .replaceWithVoid();
    }

    /** Call after the transaction committed: this replica's streams look at once; others within their poll. */
    public void committed() {
        hub.wake();
    }
}
