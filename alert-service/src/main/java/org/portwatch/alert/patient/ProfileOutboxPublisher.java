package org.portwatch.alert.patient;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import org.portwatch.alert.patient.ProfileMetrics.PublishFailure;
import org.portwatch.alert.patient.ProfileMetrics.RecordKind;
import org.portwatch.alert.role.ApiStarting;
import org.portwatch.alert.work.PeriodicRounds;
import org.portwatch.alert.work.RoundMetrics;
import org.portwatch.alert.work.RoundsConfig;
import org.portwatch.model.Topics;
import org.portwatch.service.kafka.AckedBatchSender;

/**
 * Drains the profile outbox to the compacted topic {@link Topics#PATIENT_PROFILES}, keyed by patientId, in outbox
 * order, and deletes rows only after the broker acknowledged them (acks=all, idempotent producer). Hence every
 * change the database took reaches the detector: a crash between commit and send only leaves rows for the next
 * drain, a broker outage only delays them.
 *
 * <p>When: right after each commit ({@link #wake()}), so the detector hears of a change within milliseconds, and
 * every {@link ProfileOutboxConfig#pollInterval()} for what a crash, an outage or another replica left behind: a
 * {@link PeriodicRounds} like every background loop of the service, one round at a time, abandoned and counted
 * when it hangs, finished (or rolled back) on shutdown. A round drains batch after batch while they come full.
 *
 * <p>Several replicas: a batch is claimed, sent and deleted in one transaction holding a PostgreSQL advisory lock,
 * so one publisher at a time drains and the others skip their turn. Not {@code FOR UPDATE SKIP LOCKED}: two
 * replicas could then send a patient's older and newer change from two batches in either order, and on a
 * compacted topic the later record wins. A record sent twice (acknowledged, then the process died before the
 * delete committed) is harmless: it is sent again before anything newer, so the last value per key stays right.
 */
@ApplicationScoped
public class ProfileOutboxPublisher {

    private static final Logger LOG = Logger.getLogger(ProfileOutboxPublisher.class);

    /** The advisory lock of the outbox, the same number on every replica. */
    static final String LOCK_KEY = "hashtext('" + ProfileOutbox.TABLE + "')";
    /** Transaction-scoped: released by commit or rollback, so a dead connection cannot keep it. */
    static final String LOCK = "SELECT pg_try_advisory_xact_lock(" + LOCK_KEY + ") AS locked";
    static final String CLAIM = "SELECT id, patient_id, payload FROM " + ProfileOutbox.TABLE + " ORDER BY id LIMIT $1";
    static final String DELETE = "DELETE FROM " + ProfileOutbox.TABLE + " WHERE id = ANY($1)";
    static final String DEPTH = "SELECT count(*) AS depth FROM " + ProfileOutbox.TABLE;

    /** The depth query is a count on a small table: longer means the database is not answering; gauge next round. */
    private static final Duration DEPTH_TIMEOUT = Duration.ofSeconds(10);

    /** A batch could not be claimed: another replica is draining. */
    private static final int NOT_OURS = -1;

    private final Pool pool;
    private final Map<String, Object> kafkaConfig;
    private final ProfileOutboxConfig config;
    private final ProfileMetrics metrics;
    private final RoundMetrics roundMetrics;
    private final RoundsConfig roundsConfig;
    private final PeriodicRounds rounds;

    private volatile Producer<String, String> producer;
    /** Made at startup with the producer: sends a claimed batch and completes on its last acknowledgement. */
    private volatile AckedBatchSender<OutboxRow, String, String> sender;
    /** To log an outage once, not every second. */
    private final AtomicBoolean failing = new AtomicBoolean();

    public ProfileOutboxPublisher(Pool pool, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            ProfileOutboxConfig config, ProfileMetrics metrics, RoundMetrics roundMetrics, Vertx vertx,
            RoundsConfig roundsConfig) {
        this.roundMetrics = roundMetrics;
        this.roundsConfig = roundsConfig;
        this.rounds = new PeriodicRounds("profile-outbox-publisher", vertx, config.pollInterval(), roundsConfig.timeout(),
                () -> roundMetrics.abandoned(RoundMetrics.Round.PROFILE_OUTBOX), this::round);
        this.pool = pool;
        this.kafkaConfig = kafkaConfig;
        this.config = config;
        this.metrics = metrics;
    }

    void onStart(@Observes ApiStarting event) {
        producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new StringSerializer());
        // One thread: records go out in outbox order. Room for two batches: one that timed out while its records
        // still wait in the producer (its verdict comes within the delivery timeout) does not refuse the next.
        // Records are handed over any time within the send timeout, which is the batch's whole budget.
        sender = new AckedBatchSender<>("profile-outbox-send", 1, producer,
                row -> new ProducerRecord<>(Topics.PATIENT_PROFILES, row.patientId(), row.payload()),
                new AckedBatchSender.Limits(2 * config.batchSize(), config.sendTimeout(), config.sendTimeout()),
                reason -> { });
        rounds.start();
    }

    void onStop(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
        // Lets a batch in flight finish (or roll back): its rows are then either deleted or still there.
        rounds.stop(roundsConfig.shutdownGrace());
        if (sender != null) {
            sender.close(Duration.ofSeconds(1));
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    Map<String, Object> producerConfig() {
        Map<String, Object> props = new HashMap<>(kafkaConfig);
        long timeoutMs = config.sendTimeout().toMillis();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // No duplicates and no reordering from the producer's own retries: per-key order is the whole point.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // Give up inside the send timeout, so the producer's own verdict arrives before ours.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.max(500, timeoutMs / 2));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(500, timeoutMs / 2));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(1000, timeoutMs - 250));
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "alert-service-profiles");
        return props;
    }

    /** Asks for a drain now; call it after a transaction with an outbox row committed. Never blocks. */
    public void wake() {
        rounds.wake();
    }

    /**
     * One round: a batch sent, or none (the outbox is empty, another replica holds the lock, or the batch failed).
     * True when the batch was full, so the next one follows at once. The depth is gauged before and after: a drain
     * stuck on an unreachable broker must not hide what is waiting.
     */
    Uni<Boolean> round() {
        return refreshDepth()
                .flatMap(ignored -> publishBatch())
                .map(sent -> {
                    if (sent >= 0 && failing.compareAndSet(true, false)) {
                        LOG.info("Profile changes are published again");
                    }
                    return sent == config.batchSize();
                })
                .onFailure().recoverWithItem(error -> {
                    if (error instanceof io.smallrye.mutiny.TimeoutException) {
                        // The batch's transaction (bounded by send-timeout + 30 s) hung: abandoned, rows still there.
                        roundMetrics.abandoned(RoundMetrics.Round.PROFILE_OUTBOX);
                    }
                    PublishFailure cause = causeOf(error);
                    metrics.publishFailed(cause);
                    if (failing.compareAndSet(false, true)) {
                        LOG.warnf("Profile changes not published (%s), retrying every %s: %s", cause,
                                config.pollInterval(), error.toString());
                    } else {
                        LOG.debugf("Profile changes still not published (%s): %s", cause, error.toString());
                    }
                    return false;
                })
                .call(this::refreshDepth);
    }

    /** One transaction: lock, claim the oldest rows, send them, delete them. Returns the rows sent. */
    Uni<Integer> publishBatch() {
        return pool.withTransaction(connection -> connection.query(LOCK).execute()
                        .flatMap(rows -> rows.iterator().next().getBoolean("locked")
                                ? claimAndSend(connection)
                                : Uni.createFrom().item(NOT_OURS)))
                .ifNoItem().after(config.sendTimeout().plusSeconds(30)).fail();
    }

    private Uni<Integer> claimAndSend(SqlConnection connection) {
        return connection.preparedQuery(CLAIM).execute(Tuple.of(config.batchSize())).flatMap(rows -> {
            List<OutboxRow> batch = new ArrayList<>(rows.size());
            for (Row row : rows) {
                batch.add(new OutboxRow(row.getLong("id"), row.getString("patient_id"), row.getString("payload")));
            }
            if (batch.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            Long[] ids = batch.stream().map(OutboxRow::id).toArray(Long[]::new);
            return send(batch)
                    .call(() -> connection.preparedQuery(DELETE).execute(Tuple.of(ids)))
                    .invoke(() -> batch.forEach(row -> metrics.published(row.kind())))
                    .replaceWith(batch.size());
        });
    }

    /**
     * Completes when the broker acknowledged every record of the batch. Records go out in outbox order through one
     * idempotent producer, so records of one patient land on the partition in that order.
     */
    private Uni<Void> send(List<OutboxRow> batch) {
        return sender.send(batch).onFailure().transform(SendFailedException::new);
    }

    private Uni<Void> refreshDepth() {
        return pool.query(DEPTH).execute()
                .map(rows -> rows.iterator().next().getLong("depth"))
                .ifNoItem().after(DEPTH_TIMEOUT).fail()
                .invoke(metrics::outboxDepth)
                .replaceWithVoid()
                .onFailure().recoverWithUni(error -> {
                    LOG.debugf("Outbox depth unknown: %s", error.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    private static PublishFailure causeOf(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SendFailedException) {
                Throwable kafka = cause.getCause();
                return AckedBatchSender.isTimeout(kafka) ? PublishFailure.TIMEOUT : PublishFailure.BROKER_ERROR;
            }
        }
        return PublishFailure.DATABASE_ERROR;
    }

    /** A claimed outbox row; a {@code null} payload is a tombstone. */
    private record OutboxRow(long id, String patientId, String payload) {

        RecordKind kind() {
            return payload == null ? RecordKind.TOMBSTONE : RecordKind.PROFILE;
        }
    }

    /** The broker did not acknowledge a batch; the transaction rolls back and the rows stay. */
    private static final class SendFailedException extends RuntimeException {

        SendFailedException(Throwable cause) {
            super(cause.toString(), cause, false, false);
        }
    }
}
