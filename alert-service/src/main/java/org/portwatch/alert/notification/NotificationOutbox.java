package org.portwatch.alert.notification;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.portwatch.model.Json;

/**
 * Writes one outbox row per (notification, channel, target) in the caller's transaction — the one that recorded
 * the event — so an event is notified if and only if it was recorded, and a redelivered event finds its rows
 * already there (unique key) and notifies nobody twice. {@link NotificationDispatcher} sends the rows.
 */
@ApplicationScoped
public class NotificationOutbox {

    static final String TABLE = "notification_outbox";
    static final String INSERT = "INSERT INTO " + TABLE + " (notification_id, channel, target, audience, payload,"
            + " created_at, occurred_at, next_attempt_at) VALUES (?1, ?2, ?3, ?4, CAST(CAST(?5 AS text) AS jsonb), ?6, ?7, ?6)"
            + " ON CONFLICT ON CONSTRAINT notification_once DO NOTHING";

    private final List<NotificationChannel> channels;

    public NotificationOutbox(Instance<NotificationChannel> channels) {
        this.channels = channels.stream().toList();
    }

    /** The channels this service has; a tag value set for metrics. */
    public List<Channel> channels() {
        return channels.stream().map(NotificationChannel::channel).toList();
    }

    /**
     * Queues {@code notification} for every target of every channel that {@code audience} of its care team has.
     * Must run inside a Hibernate Reactive transaction. Answers the number of rows queued (0 for a duplicate).
     */
    public Uni<Integer> enqueue(Notification notification, Audience audience, Instant occurredAt) {
        if (notification.careTeamId() == null) {
            return Uni.createFrom().item(0);
        }
        String payload = json(notification);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Uni<Integer> queued = Uni.createFrom().item(0);
        for (NotificationChannel channel : channels) {
            // One after the other: a reactive session runs one statement at a time.
            queued = queued.flatMap(sofar -> channel.targets(notification.careTeamId(), audience)
                    .flatMap(targets -> insertAll(notification.id(), channel.channel(), targets, audience, payload, now,
                            occurredAt == null ? now : occurredAt))
                    .map(rows -> sofar + rows));
        }
        return queued;
    }

    private static Uni<Integer> insertAll(String id, Channel channel, List<String> targets, Audience audience,
            String payload, Instant now, Instant occurredAt) {
        Uni<Integer> inserted = Uni.createFrom().item(0);
        for (String target : targets) {
            inserted = inserted.flatMap(sofar -> Panache.getSession().flatMap(session -> session.createNativeQuery(INSERT)
                            .setParameter(1, id)
                            .setParameter(2, channel.name())
                            .setParameter(3, target)
                            .setParameter(4, audience.name())
                            .setParameter(5, payload)
                            .setParameter(6, now)
                            .setParameter(7, occurredAt)
                            .executeUpdate())
                    .map(rows -> sofar + rows));
        }
        return inserted;
    }

    static String json(Notification notification) {
        try {
            return Json.mapper().writeValueAsString(notification);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a Notification is always serializable", e);
        }
    }
}
