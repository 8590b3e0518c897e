package org.portwatch.alert.feed;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.portwatch.model.Json;

/**
 * Appends to the live feed inside the transaction that changed the alert: an event is on the feed if and only if
 * the change committed ({@link FeedRepository} keeps the rows in commit order).
 */
@ApplicationScoped
public class AlertFeed {

    private final FeedRepository feed;
    private final FeedHub hub;

    public AlertFeed(FeedRepository feed, FeedHub hub) {
        this.feed = feed;
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
        return feed.append(careTeamId, java.util.UUID.fromString(alert.alertId()), type, payload);
    }

    /** Call after the transaction committed: this replica's streams look at once; others within their poll. */
    public void committed() {
        hub.wake();
    }
}
