package org.portwatch.alert.notification;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.portwatch.model.Json;
import org.portwatch.model.Severity;

/**
 * Writes one outbox row per (notification, channel, target) in the caller's transaction — the one that recorded
 * the event — so an event is notified if and only if it was recorded, and a redelivered event finds its rows
 * already there (unique key) and notifies nobody twice. {@link NotificationDispatcher} sends the rows.
 */
@ApplicationScoped
public class NotificationOutbox {

    private final Clock clock;

    static final String TABLE = "notification_outbox";
    static final String INSERT = "INSERT INTO " + TABLE + " (notification_id, channel, target, audience, payload,"
            + " created_at, occurred_at, next_attempt_at) VALUES (?1, ?2, ?3, ?4, CAST(CAST(?5 AS text) AS jsonb), ?6, ?7, ?6)"
            + " ON CONFLICT ON CONSTRAINT notification_once DO NOTHING";
    /**
     * An urgent notification queued behind earlier ones of its alert (order per alert) must not wait out their
     * backoff: after a long receiver outage a MEDIUM row may be due only minutes later, and the HIGH behind it with
     * it. Its earlier rows for the same target are made due now; from then on they retry at the urgent pace
     * ({@link NotificationDispatcher#URGENCY}).
     */
    static final String HURRY_EARLIER = "UPDATE " + TABLE + " SET next_attempt_at = ?4 WHERE status = 'PENDING'"
            + " AND channel = ?1 AND target = ?2 AND (payload ->> 'alertId') = ?3 AND next_attempt_at > ?4";

    private final List<NotificationChannel> channels;

    public NotificationOutbox(Instance<NotificationChannel> channels, Clock clock) {
        this.clock = clock;
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
        return enqueueCounting(notification, audience, occurredAt).map(Queued::rows);
    }

    /** Rows inserted now, and targets found (a redelivery finds its targets and inserts nothing). */
    private record Queued(int rows, int targets) {
    }

    /**
     * Queues an escalation round for the care team's on-call reach: its ESCALATION webhooks and the push subscriptions
     * of its on-call contacts (of the whole team when the policy names none). When that reaches nobody, the round goes
     * to the whole care team's channels instead (CARE_TEAM webhooks and push subscriptions). Answers how many targets
     * the round went to: 0 only when nobody at all can be paged.
     */
    public Uni<Integer> enqueueEscalation(Notification notification, Instant occurredAt) {
        return enqueueCounting(notification, Audience.ESCALATION, occurredAt)
                .flatMap(onCall -> onCall.targets() > 0 ? Uni.createFrom().item(onCall.targets())
                        : enqueueCounting(notification, Audience.CARE_TEAM, occurredAt).map(Queued::targets));
    }

    private Uni<Queued> enqueueCounting(Notification notification, Audience audience, Instant occurredAt) {
        if (notification.careTeamId() == null) {
            return Uni.createFrom().item(new Queued(0, 0));
        }
        String payload = json(notification);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Uni<Queued> queued = Uni.createFrom().item(new Queued(0, 0));
        for (NotificationChannel channel : channels) {
            // One after the other: a reactive session runs one statement at a time.
            queued = queued.flatMap(sofar -> channel.targets(notification.careTeamId(), audience)
                    .flatMap(targets -> insertAll(notification, channel.channel(), targets, audience, payload, now,
                            occurredAt == null ? now : occurredAt)
                            .map(rows -> new Queued(sofar.rows() + rows, sofar.targets() + targets.size()))));
        }
        return queued;
    }

    private static Uni<Integer> insertAll(Notification notification, Channel channel, List<String> targets,
            Audience audience, String payload, Instant now, Instant occurredAt) {
        boolean urgent = notification.severity() == Severity.HIGH || notification.severity() == Severity.CRITICAL;
        Uni<Integer> inserted = Uni.createFrom().item(0);
        for (String target : targets) {
            inserted = inserted.flatMap(sofar -> Panache.getSession().flatMap(session -> session.createNativeQuery(INSERT)
                            .setParameter(1, notification.id())
                            .setParameter(2, channel.name())
                            .setParameter(3, target)
                            .setParameter(4, audience.name())
                            .setParameter(5, payload)
                            .setParameter(6, now)
                            .setParameter(7, occurredAt)
                            .executeUpdate()
                            .flatMap(rows -> rows == 0 || !urgent || notification.alertId() == null
                                    ? Uni.createFrom().item(rows)
                                    : session.createNativeQuery(HURRY_EARLIER)
                                            .setParameter(1, channel.name())
                                            .setParameter(2, target)
                                            .setParameter(3, notification.alertId())
                                            .setParameter(4, now)
                                            .executeUpdate()
                                            .replaceWith(rows)))
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
