package org.portwatch.alert.notification;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.portwatch.alert.database.BatchRepository;
import org.portwatch.alert.database.BatchScope;
import java.time.Instant;

/**
 * The repository of the outbox's writes: rows inserted in the caller's transaction (the one that recorded the
 * event). Claiming, leasing and finishing rows is {@link NotificationDispatcher}'s, an outbox and lease engine on
 * the raw pool (see the package doc).
 */
@ApplicationScoped
public class NotificationOutboxRepository {

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

    /** A batch's rows in one statement. */
    static final String INSERT_ROWS = "INSERT INTO " + TABLE + " (notification_id, channel, target, audience, payload,"
            + " created_at, occurred_at, next_attempt_at) VALUES %s ON CONFLICT ON CONSTRAINT notification_once DO NOTHING";
    private static final String[] COLUMNS = {"CAST(? AS text)", "CAST(? AS text)", "CAST(? AS text)", "CAST(? AS text)",
        "CAST(CAST(? AS text) AS jsonb)", "CAST(? AS timestamptz)", "CAST(? AS timestamptz)", "CAST(? AS timestamptz)"};
    /** {@link #HURRY_EARLIER} for every (channel, target, alert) of a batch at once. */
    static final String HURRY_ROWS = "UPDATE " + TABLE + " o SET next_attempt_at = v.now FROM (VALUES %s)"
            + " AS v(channel, target, alert_id, now) WHERE o.status = 'PENDING' AND o.channel = v.channel"
            + " AND o.target = v.target AND (o.payload ->> 'alertId') = v.alert_id AND o.next_attempt_at > v.now";
    private static final String[] HURRY_COLUMNS = {"CAST(? AS text)", "CAST(? AS text)", "CAST(? AS text)",
        "CAST(? AS timestamptz)"};

    private final BatchScope.Writer batchInsert = rows -> BatchScope.inChunks(rows, 1000, chunk -> BatchRepository.execute(
            String.format(INSERT_ROWS, BatchScope.values(chunk.size(), COLUMNS.length, column -> COLUMNS[column])),
            chunk));
    private final BatchScope.Writer batchHurry = rows -> BatchScope.inChunks(rows, 1000, chunk -> BatchRepository.execute(
            String.format(HURRY_ROWS, BatchScope.values(chunk.size(), HURRY_COLUMNS.length,
                    column -> HURRY_COLUMNS[column])), chunk));

    /**
     * Queues one row, due at {@code now}; answers 1, or 0 when the (notification, channel, target) is queued already
     * (a redelivered event). In a transaction. In a batch ({@link BatchScope}) the row is written with the batch's
     * others at its end and the answer is 1: the batch records only events not recorded before, whose notifications
     * are new (a row there already is still left as it is).
     */
    public Uni<Integer> insert(String notificationId, Channel channel, String target, Audience audience,
            String payload, Instant now, Instant occurredAt) {
        BatchScope batch = BatchScope.current();
        if (batch != null) {
            batch.defer(batchInsert, notificationId, channel.name(), target, audience.name(), payload, now, occurredAt,
                    now);
            return Uni.createFrom().item(1);
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery(INSERT)
                .setParameter(1, notificationId)
                .setParameter(2, channel.name())
                .setParameter(3, target)
                .setParameter(4, audience.name())
                .setParameter(5, payload)
                .setParameter(6, now)
                .setParameter(7, occurredAt)
                .executeUpdate());
    }

    /** Makes the pending rows of {@code alertId} for the same channel and target due at {@code now}. */
    public Uni<Integer> hurryEarlier(Channel channel, String target, String alertId, Instant now) {
        BatchScope batch = BatchScope.current();
        if (batch != null) {
            // After the batch's inserts: its own new rows are due now already, so only earlier ones change.
            batch.defer(batchHurry, channel.name(), target, alertId, now);
            return Uni.createFrom().item(0);
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery(HURRY_EARLIER)
                .setParameter(1, channel.name())
                .setParameter(2, target)
                .setParameter(3, alertId)
                .setParameter(4, now)
                .executeUpdate());
    }
}
