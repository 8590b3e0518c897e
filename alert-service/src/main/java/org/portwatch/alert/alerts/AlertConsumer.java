package org.portwatch.alert.alerts;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.portwatch.alert.alerts.AlertMetrics.EventOutcome;
import org.portwatch.alert.database.SchemaMigration;
import org.portwatch.model.AlertEvent;

/**
 * Reads {@code vitals.alerts} (read_committed: only what the detector's transactions committed) in batches and
 * records each batch in one transaction ({@link AlertBatchRecorder}), its events in offset order. The offsets move
 * only after that transaction committed (every record acked after it, throttled commits), so a crash replays the
 * batch, which recording makes harmless.
 *
 * <p>A database outage (down, frozen, not migrated yet) is waited out: the consumer holds the batch and retries it
 * whole with backoff — every attempt bounded by {@code alerts.consumer.store-timeout}, so a frozen server cannot
 * hang it — while the connector stops fetching once its buffer is full; nothing behind the batch is recorded before
 * it, so each alert's transitions are recorded in order. The wait is reported in {@link AlertConsumerHealth} and
 * never fails the channel ({@link DatabaseAwareCommit}). An event that no retry can store goes to {@code vitals.alerts.dlq} with
 * the reason in its {@code dead-letter-reason} header: unreadable JSON, an event that breaks the detector's contract
 * ({@link AlertRecorder#invalidity}; taken out of the batch before it is recorded), or data the schema rejects
 * (SQLSTATE class 22/23: the batch's transaction rolls back and its events are recorded again one by one, each in its
 * own transaction, so only the refused one goes).
 */
@ApplicationScoped
public class AlertConsumer {

    private static final Logger LOG = Logger.getLogger(AlertConsumer.class);

    /** The channel name, shared by the configuration and the tests. */
    public static final String CHANNEL = "alerts-in";

    private final AlertRecorder recorder;
    private final AlertMetrics metrics;
    private final AlertConsumerHealth health;
    private final SchemaMigration schema;
    private final AlertsConfig.Consumer config;
    private final AlertBatchRecorder batches;
    private final AlertBatchMetrics batchMetrics;

    public AlertConsumer(AlertRecorder recorder, AlertMetrics metrics, AlertConsumerHealth health,
            SchemaMigration schema, AlertsConfig config, AlertBatchRecorder batches, AlertBatchMetrics batchMetrics) {
        this.batches = batches;
        this.batchMetrics = batchMetrics;
        this.recorder = recorder;
        this.metrics = metrics;
        this.health = health;
        this.schema = schema;
        this.config = config.consumer();
    }

    /** The event cannot be stored by any retry: it goes to the dead-letter topic with this as its reason. */
    static final class UnstorableEvent extends IllegalArgumentException {
        UnstorableEvent(String reason) {
            super(reason);
        }
    }

    /**
     * A batch that did not finish within {@code alerts.consumer.store-timeout}. Retrying it whole could time out again
     * and again (a slow database, a loaded machine: nothing would ever be recorded), so its events are recorded one by
     * one instead, each within the timeout as before batching; those already recorded are duplicates, harmless.
     */
    static final class SlowBatch extends RuntimeException {
        SlowBatch(Throwable timeout) {
            super("the batch took longer than the store timeout", timeout);
        }
    }

    /** Whether a failed attempt is worth repeating as it was: not a refusal, not a batch too slow to ever finish. */
    private static boolean retriable(Throwable failure) {
        return !(failure instanceof SlowBatch) && !StoreFailures.permanent(failure);
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecordBatch<String, AlertEvent> batch) {
        List<KafkaRecord<String, AlertEvent>> records = batch.getRecords();
        List<KafkaRecord<String, AlertEvent>> valid = new ArrayList<>(records.size());
        Uni<Void> rejected = Uni.createFrom().voidItem();
        for (KafkaRecord<String, AlertEvent> record : records) {
            String invalid = AlertRecorder.invalidity(record.getPayload());
            if (invalid == null) {
                valid.add(record);
            } else {
                // Never recorded whatever happens to the rest: it goes alone, before the batch's acknowledgements.
                rejected = rejected.flatMap(ignored -> deadLetter(record, record.getPayload(), invalid));
            }
        }
        if (valid.isEmpty()) {
            return rejected;
        }
        List<AlertEvent> events = valid.stream().map(KafkaRecord::getPayload).toList();
        long started = System.nanoTime();
        // Hibernate Reactive runs only on the message's own (safe) Vert.x context: a retry resubscribes, and a
        // failure completes, elsewhere, so every attempt starts back on it.
        Executor context = onContext(Vertx.currentContext());
        Object waiter = new Object(); // this batch, in the consumer's health (one wait per consumer)
        return rejected.flatMap(ignored -> Uni.createFrom().<List<AlertRecorder.Outcome>>deferred(() ->
                        Uni.createFrom().voidItem().emitOn(context).flatMap(on -> storeAll(events)))
                .onFailure(io.smallrye.mutiny.TimeoutException.class).transform(timeout -> events.size() > 1
                        ? new SlowBatch(timeout) : timeout)
                .onFailure(AlertConsumer::retriable).invoke(failure -> {
                    health.waitingForDatabase(waiter);
                    metrics.storeRetry();
                    LOG.warnf("vitals.alerts: a batch of %d events not stored yet (database unavailable), retrying: %s",
                            events.size(), failure.toString());
                })
                .onFailure(AlertConsumer::retriable).retry()
                .withBackOff(Duration.ofMillis(200), config.retryMaxBackoff()).indefinitely()
                // Recorded, refused, too slow or cancelled: this batch waits no more (its events, if they go one by
                // one, wait as their own).
                .onTermination().invoke(() -> health.recorded(waiter))
                .onItemOrFailure().transformToUni((outcomes, failure) -> {
                    if (failure instanceof SlowBatch) {
                        batchMetrics.slow();
                        LOG.warnf("vitals.alerts: a batch of %d took longer than %s; recording its events one by one",
                                events.size(), config.storeTimeout());
                        return Multi.createFrom().iterable(valid).onItem().transformToUniAndConcatenate(record ->
                                        consumeOne(record, context))
                                .collect().last().replaceWithVoid();
                    }
                    if (failure != null) {
                        // Some event's data breaks the schema: each event in its own transaction finds it, and only
                        // it goes to the dead-letter topic (the batch's transaction recorded none of them).
                        batchMetrics.refused();
                        LOG.warnf("vitals.alerts: the database refused a batch of %d (SQLSTATE %s); recording its"
                                + " events one by one", events.size(), StoreFailures.sqlState(failure));
                        return Multi.createFrom().iterable(valid).onItem().transformToUniAndConcatenate(record ->
                                        consumeOne(record, context))
                                .collect().last().replaceWithVoid();
                    }
                    batchMetrics.recorded(events.size(), System.nanoTime() - started);
                    Uni<Void> acked = Uni.createFrom().voidItem();
                    for (int i = 0; i < valid.size(); i++) {
                        KafkaRecord<String, AlertEvent> record = valid.get(i);
                        counted(record.getPayload(), outcomes.get(i));
                        acked = acked.flatMap(done -> Uni.createFrom().completionStage(record.ack()));
                    }
                    return acked;
                }));
    }

    /** One event in its own transaction: the rare path that isolates the event of a batch the database refused. */
    private Uni<Void> consumeOne(Message<AlertEvent> message, Executor context) {
        AlertEvent event = message.getPayload();
        Object waiter = new Object();
        return Uni.createFrom().<AlertRecorder.Outcome>deferred(() ->
                        Uni.createFrom().voidItem().emitOn(context).flatMap(on -> store(event)))
                .onFailure(failure -> !StoreFailures.permanent(failure)).invoke(failure -> {
                    health.waitingForDatabase(waiter);
                    metrics.storeRetry();
                    LOG.warnf("alert %s: not stored yet (database unavailable), retrying: %s", event.alertId(),
                            failure.toString());
                })
                .onFailure(failure -> !StoreFailures.permanent(failure)).retry()
                .withBackOff(Duration.ofMillis(200), config.retryMaxBackoff()).indefinitely()
                .onTermination().invoke(() -> health.recorded(waiter))
                .onItemOrFailure().transformToUni((outcome, failure) -> {
                    if (failure != null) {
                        return deadLetter(message, event, "the database refused the event (SQLSTATE "
                                + StoreFailures.sqlState(failure) + ")");
                    }
                    batchMetrics.recorded(1, 0);
                    counted(event, outcome);
                    return Uni.createFrom().completionStage(message.ack());
                });
    }

    /** Runs tasks on {@code context} (the message's); where there is none (a plain unit test), in place. */
    private static Executor onContext(Context context) {
        return context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
    }

    private void counted(AlertEvent event, AlertRecorder.Outcome outcome) {
        metrics.event(event.transition(), EventOutcome.valueOf(outcome.name()));
        if (outcome != AlertRecorder.Outcome.DUPLICATE) {
            metrics.changed();
        }
    }

    private Uni<List<AlertRecorder.Outcome>> storeAll(List<AlertEvent> events) {
        if (!schema.migrated()) {
            return Uni.createFrom().failure(new IllegalStateException("database schema not migrated yet"));
        }
        return batches.recordAll(events).ifNoItem().after(config.storeTimeout()).fail();
    }

    private Uni<AlertRecorder.Outcome> store(AlertEvent event) {
        if (!schema.migrated()) {
            return Uni.createFrom().failure(new IllegalStateException("database schema not migrated yet"));
        }
        return recorder.record(event).ifNoItem().after(config.storeTimeout()).fail();
    }

    private Uni<Void> deadLetter(Message<AlertEvent> message, AlertEvent event, String reason) {
        metrics.event(AlertRecorder.transitionOf(event), EventOutcome.DEAD_LETTER);
        LOG.warnf("vitals.alerts: an event that cannot be recorded goes to the dead-letter topic: %s", reason);
        return Uni.createFrom().completionStage(message.nack(new UnstorableEvent(reason)));
    }
}
