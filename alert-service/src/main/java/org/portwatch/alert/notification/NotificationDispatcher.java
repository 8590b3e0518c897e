package org.portwatch.alert.notification;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;
import org.portwatch.alert.notification.NotificationMetrics.Outcome;
import org.portwatch.alert.role.ApiStarting;
import org.portwatch.alert.work.PeriodicRounds;
import org.portwatch.alert.work.RoundMetrics;
import org.portwatch.alert.work.RoundsConfig;
import org.portwatch.model.Json;
import org.portwatch.model.Severity;

/**
 * Sends the notification outbox: claims due rows with a lease (FOR UPDATE SKIP LOCKED — replicas never send the
 * same row at once), hands each to its channel, logs every attempt, and either marks the row delivered, schedules
 * it again with exponential backoff and jitter, or gives it up (the receiver refused it for good, the target is
 * gone, or 24 hours passed). A process that dies mid-delivery leaves a lease that expires: the row is sent again,
 * with the same idempotency key, so receivers drop the repeat.
 */
@ApplicationScoped
public class NotificationDispatcher {

    private final Clock clock;

    private static final Logger LOG = Logger.getLogger(NotificationDispatcher.class);

    /**
     * Claims due rows, oldest first, skipping those another replica holds, and only the earliest pending row of each
     * (channel, target, alert): a later transition of an alert never overtakes an earlier one still waiting for a
     * receiver, which would tell a pager "resolved" before "raised".
     */
    /**
     * Most urgent first. A row waits behind its alert's earlier rows (order per alert), so its own severity must not
     * set the pace: the head row retries at the pace of the most urgent row queued behind it.
     */
    static final String URGENCY = "CASE u.payload ->> 'severity' WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1"
            + " WHEN 'MEDIUM' THEN 2 ELSE 3 END";

    static final String CLAIM = "UPDATE notification_outbox o SET lease_until = $1, attempts = o.attempts + 1"
            + " WHERE o.id IN (SELECT c.id FROM notification_outbox c WHERE c.status = 'PENDING'"
            + " AND c.next_attempt_at <= $2 AND (c.lease_until IS NULL OR c.lease_until <= $2)"
            + " AND NOT EXISTS (SELECT 1 FROM notification_outbox e WHERE e.status = 'PENDING' AND e.channel = c.channel"
            + " AND e.target = c.target AND (e.payload ->> 'alertId') = (c.payload ->> 'alertId') AND e.id < c.id)"
            + " ORDER BY c.next_attempt_at, c.id LIMIT $3 FOR UPDATE OF c SKIP LOCKED)"
            + " RETURNING o.id, o.notification_id, o.channel, o.target, CAST(o.payload AS text) AS payload, o.attempts,"
            + " o.created_at, o.occurred_at, (SELECT u.payload ->> 'severity' FROM notification_outbox u"
            + " WHERE u.status = 'PENDING' AND u.channel = o.channel AND u.target = o.target"
            + " AND (u.payload ->> 'alertId') = (o.payload ->> 'alertId')"
            + " ORDER BY " + URGENCY + " LIMIT 1) AS urgent_severity";
    static final String FINISH = "UPDATE notification_outbox SET status = $2, lease_until = NULL, next_attempt_at = $3,"
            + " delivered_at = $4, last_error = $5 WHERE id = $1";
    static final String ATTEMPT = "INSERT INTO notification_attempt (outbox_id, attempt, at, outcome, http_status,"
            + " duration_ms, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)";
    /** How long a finished delivery waits for others to be recorded with it in one transaction. */
    static final Duration OUTCOME_WINDOW = Duration.ofMillis(20);
    static final String DEPTH = "SELECT channel, count(*) AS pending FROM notification_outbox WHERE status = 'PENDING'"
            + " GROUP BY channel";

    private final Pool pool;
    private final Map<Channel, NotificationChannel> channels = new EnumMap<>(Channel.class);
    private final NotificationConfig config;
    private final NotificationMetrics metrics;
    private final PeriodicRounds rounds;
    private final Vertx vertx;

    static final String RELEASE = "UPDATE notification_outbox SET lease_until = NULL WHERE id = ANY($1)"
            + " AND status = 'PENDING'";

    private final RoundsConfig roundsConfig;
    /** Rows this replica claimed and has not finished: released on shutdown if the grace runs out. */
    private final Set<Long> held = ConcurrentHashMap.newKeySet();

    public NotificationDispatcher(Pool pool, Instance<NotificationChannel> channels, NotificationConfig config,
            NotificationMetrics metrics, Vertx vertx, RoundsConfig roundsConfig, RoundMetrics roundMetrics, Clock clock) {
        this.clock = clock;
        this.pool = pool;
        channels.forEach(channel -> this.channels.put(channel.channel(), channel));
        this.config = config;
        this.metrics = metrics;
        this.vertx = vertx;
        this.roundsConfig = roundsConfig;
        this.rounds = new PeriodicRounds("notification-dispatcher", vertx, config.pollInterval(), roundsConfig.timeout(),
                () -> roundMetrics.abandoned(RoundMetrics.Round.NOTIFICATION_DISPATCH), this::round);
    }

    void onStart(@Observes ApiStarting event) {
        rounds.start();
    }

    /**
     * Graceful: no new claim, the deliveries in flight get {@code alerts.rounds.shutdown-grace} to finish and be
     * recorded; rows still held then are released (lease cleared), so another replica sends them at once instead of
     * after the lease (60 s) — a receiver may then get one of them twice, which its webhook-id makes harmless.
     */
    void onStop(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
        rounds.stop(roundsConfig.shutdownGrace());
        releaseHeld();
    }

    /** Clears the leases of the rows this replica still holds; answers how many. Blocks (shutdown only). */
    int releaseHeld() {
        if (held.isEmpty()) {
            return 0;
        }
        Long[] ids = held.toArray(Long[]::new);
        try {
            int released = pool.preparedQuery(RELEASE).execute(Tuple.of((Object) ids))
                    .map(rows -> rows.rowCount()).await().atMost(Duration.ofSeconds(5));
            LOG.infof("notification-dispatcher: released %d claimed notification(s) at shutdown", released);
            held.clear();
            return released;
        } catch (RuntimeException e) {
            LOG.warnf("notification-dispatcher: could not release %d claimed notification(s): they go out after"
                    + " their lease: %s", ids.length, e.toString());
            return 0;
        }
    }

    /** The ids of the rows this replica claimed and has not finished. */
    Set<Long> held() {
        return Set.copyOf(held);
    }

    /** Sends what is due now; call after a transaction that queued notifications committed. Never blocks. */
    public void wake() {
        rounds.wake();
    }

    /** A claimed row; {@code urgency} is the most urgent severity pending for its alert and target (its pace). */
    private record Claimed(long id, String notificationId, Channel channel, String target, String payload, int attempt,
            Instant createdAt, Instant occurredAt, Severity urgency) {

        static Claimed of(Row row) {
            String payload = row.getString("payload");
            Severity urgent = severity(row.getString("urgent_severity"));
            return new Claimed(row.getLong("id"), row.getString("notification_id"),
                    Channel.valueOf(row.getString("channel")), row.getString("target"), payload,
                    row.getInteger("attempts"), instant(row.getOffsetDateTime("created_at")),
                    instant(row.getOffsetDateTime("occurred_at")), urgent != null ? urgent : severityOf(payload));
        }
    }

    /** One round: claim a batch, deliver it concurrently, record the outcomes. True when the batch was full. */
    Uni<Boolean> round() {
        Instant now = clock.instant();
        int batch = config.batchSize();
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of(offset(now.plus(config.lease())), offset(now), batch))
                .onItem().transformToUni(rows -> {
                    List<Claimed> claimed = rows.stream().map(Claimed::of).toList();
                    claimed.forEach(row -> held.add(row.id()));
                    if (claimed.isEmpty()) {
                        return refreshDepth().replaceWith(false);
                    }
                    // Deliveries run at once; their outcomes are recorded as they come in, those that finish
                    // within OUTCOME_WINDOW of each other in one transaction (a slow receiver holds no other's).
                    return Multi.createFrom().iterable(claimed)
                            .onItem().transformToUniAndMerge(this::deliver)
                            .group().intoLists().of(batch, OUTCOME_WINDOW)
                            // The window's timer emits whether or not the last group is still being recorded: its
                            // groups wait here (a round's outcomes at most), never fail the round.
                            .onOverflow().buffer(batch)
                            .onItem().transformToUniAndConcatenate(this::record)
                            .collect().last()
                            .call(this::refreshDepth)
                            .map(done -> claimed.size() >= batch);
                });
    }

    /** A delivery attempt's outcome, ready to be recorded: the row's new state and the attempt's log line. */
    private record Finished(Claimed row, Outcome outcome, String status, Instant at, Instant nextAttempt,
            Instant deliveredAt, Integer httpStatus, int durationMs, String detail) {

        Tuple finish() {
            return Tuple.of(row.id(), status, offset(nextAttempt), offset(deliveredAt), detail);
        }

        Tuple attempt() {
            return Tuple.from(java.util.Arrays.asList(row.id(), row.attempt(), offset(at), outcome.name(), httpStatus,
                    durationMs, detail));
        }
    }

    private Uni<Finished> deliver(Claimed row) {
        NotificationChannel channel = channels.get(row.channel());
        long started = System.nanoTime();
        Uni<DeliveryResult> attempt;
        if (channel == null) {
            attempt = Uni.createFrom().item(DeliveryResult.retry(null, "channel " + row.channel() + " not available here"));
        } else {
            Notification notification;
            try {
                notification = Json.mapper().readValue(row.payload(), Notification.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                attempt = Uni.createFrom().item(DeliveryResult.rejected(null, "unreadable payload"));
                return attempt.map(result -> finished(row, result, started));
            }
            // Each delivery of the batch on a context (and so a database session) of its own: they run at once.
            attempt = PeriodicRounds.onOwnContext(vertx, () -> channel.deliver(row.target(), notification, row.attempt()))
                    .ifNoItem().after(config.lease().minusSeconds(5)).fail()
                    .onFailure().recoverWithItem(failure -> DeliveryResult.retry(null, shortly(failure)));
        }
        return attempt.map(result -> finished(row, result, started));
    }

    /** What {@code result} makes of the row: delivered, gone, failed for good, or due again after a backoff. */
    private Finished finished(Claimed row, DeliveryResult result, long started) {
        Instant now = clock.instant();
        int durationMs = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
        Outcome outcome;
        String status;
        Instant next = now;
        Instant deliveredAt = null;
        switch (result.outcome()) {
            case DELIVERED -> {
                outcome = Outcome.DELIVERED;
                status = "DELIVERED";
                deliveredAt = now;
            }
            case GONE -> {
                outcome = Outcome.GONE;
                status = "GONE";
            }
            case REJECTED -> {
                outcome = Outcome.FAILED;
                status = "FAILED";
            }
            default -> {
                Duration wait = backoff(row.attempt(), row.urgency());
                // The receiver said when to come back (429, 503): not before, whatever the cap.
                if (result.retryAfter() != null && result.retryAfter().compareTo(wait) > 0) {
                    wait = result.retryAfter();
                }
                next = now.plus(wait);
                if (next.isAfter(row.createdAt().plus(config.giveUpAfter()))) {
                    outcome = Outcome.FAILED;
                    status = "FAILED";
                } else {
                    outcome = Outcome.RETRY;
                    status = "PENDING";
                }
            }
        }
        String detail = result.detail() == null ? null : truncate(result.detail());
        return new Finished(row, outcome, status, now, next, deliveredAt, result.httpStatus(), durationMs, detail);
    }

    /**
     * Records outcomes in one transaction: each row's new state and its attempt, as two pipelined statement batches.
     * If that fails for a group, each outcome is tried in a transaction of its own, so that one cannot cost the
     * others; an outcome not recorded leaves its lease to expire, and the row is sent again (same idempotency key).
     */
    private Uni<Void> record(List<Finished> outcomes) {
        if (outcomes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> recorded = pool.withTransaction(connection -> connection.preparedQuery(FINISH)
                        .executeBatch(outcomes.stream().map(Finished::finish).toList())
                        .flatMap(updated -> connection.preparedQuery(ATTEMPT)
                                .executeBatch(outcomes.stream().map(Finished::attempt).toList())))
                .invoke(() -> outcomes.forEach(this::recorded))
                .replaceWithVoid();
        if (outcomes.size() == 1) {
            Finished only = outcomes.get(0);
            return recorded.onFailure().invoke(failure -> LOG.warnf("notification %s: outcome not recorded (lease"
                    + " will expire): %s", only.row().notificationId(), failure.toString()))
                    .onFailure().recoverWithNull();
        }
        return recorded.onFailure().invoke(failure -> LOG.warnf("notification-dispatcher: %d outcomes not recorded"
                        + " together, recording each alone: %s", outcomes.size(), failure.toString()))
                .onFailure().recoverWithUni(failure -> Multi.createFrom().iterable(outcomes)
                        .onItem().transformToUniAndConcatenate(one -> record(List.of(one)))
                        .collect().last().replaceWithVoid());
    }

    /** After its outcome committed: counted, logged when given up, and no longer this replica's. */
    private void recorded(Finished finished) {
        Claimed row = finished.row();
        metrics.attempt(row.channel(), finished.outcome());
        if (finished.deliveredAt() != null) {
            metrics.delivered(row.channel(), Duration.between(row.occurredAt(), finished.deliveredAt()));
        }
        if (finished.outcome() == Outcome.FAILED) {
            LOG.warnf("notification %s via %s to target %s given up after %d attempt(s): %s",
                    row.notificationId(), row.channel(), row.target(), row.attempt(), finished.detail());
        }
        held.remove(row.id());
    }

    /**
     * Exponential from the initial backoff, capped by severity, with ±20 % jitter so a recovered receiver is not
     * stampeded. The cap bounds how late a delivery arrives after a receiver's outage ends: HIGH and CRITICAL within
     * {@code max-backoff-high} (30 s), MEDIUM within {@code max-backoff-medium}, LOW within {@code max-backoff}.
     */
    Duration backoff(int attempt, Severity severity) {
        return backoff(config, attempt, severity, 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4);
    }

    /** {@link #backoff(int, Severity)} with the jitter factor given (0.8-1.2). */
    static Duration backoff(NotificationConfig config, int attempt, Severity severity, double jitter) {
        long initial = config.initialBackoff().toMillis();
        Duration capped = severity == null || severity == Severity.LOW ? config.maxBackoff()
                : severity == Severity.MEDIUM ? config.maxBackoffMedium() : config.maxBackoffHigh();
        long cap = Math.min(config.maxBackoff().toMillis(), capped.toMillis());
        long exp = initial << Math.min(30, Math.max(0, attempt - 1));
        long base = exp <= 0 || exp > cap ? cap : exp;
        return Duration.ofMillis((long) (base * jitter));
    }

    /** The severity a queued notification carries; null when unreadable (LOW's cap then applies). */
    static Severity severityOf(String payload) {
        try {
            return severity(Json.mapper().readTree(payload).path("severity").asText(null));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    private static Severity severity(String name) {
        try {
            return name == null ? null : Severity.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Uni<Void> refreshDepth() {
        return pool.query(DEPTH).execute().invoke(rows -> {
            Map<Channel, Long> pending = new EnumMap<>(Channel.class);
            for (Channel channel : Channel.values()) {
                pending.put(channel, 0L);
            }
            rows.forEach(row -> {
                try {
                    pending.put(Channel.valueOf(row.getString("channel")), row.getLong("pending"));
                } catch (IllegalArgumentException ignored) {
                    // a channel this version does not know: not ours to gauge
                }
            });
            pending.forEach(metrics::depth);
        }).replaceWithVoid();
    }

    private static String shortly(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String truncate(String detail) {
        return detail.length() <= 500 ? detail : detail.substring(0, 497) + "...";
    }

    static OffsetDateTime offset(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
