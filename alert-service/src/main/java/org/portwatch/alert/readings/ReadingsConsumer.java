package org.portwatch.alert.readings;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.portwatch.alert.database.SchemaMigration;
import org.portwatch.alert.readings.ReadingsMetrics.Skip;
import org.portwatch.model.VitalReading;
import org.portwatch.service.persistence.PgErrors;

/**
 * Reads {@code vitals.readings} in batches (its own consumer group, beside the detector's) and stores each batch in
 * the readings history with one statement. The batch is acknowledged — and so its offsets committed — only after it
 * is stored: nothing acknowledged is lost. A database outage (down, frozen, schema not migrated yet) pauses the
 * consumer: it holds the batch and retries it with backoff, each attempt bounded by
 * {@code alerts.readings.store-timeout}, and fetches nothing more meanwhile; it never skips the batch.
 *
 * <p>Readings of patients without a profile are stored like any other: alerts of such patients are handed to the care
 * team that enrolls them, and so is their history (the timeline shows it only to the patient's team). Stored once per
 * (device, readingId, measuredAt): a redelivered batch inserts nothing and is counted as duplicates.
 */
@ApplicationScoped
public class ReadingsConsumer {

    private static final Logger LOG = Logger.getLogger(ReadingsConsumer.class);

    /** The channel name, shared by the configuration and the tests. */
    public static final String CHANNEL = "readings-in";

    private final ReadingStore store;
    private final ReadingsMetrics metrics;
    private final SchemaMigration schema;
    private final ReadingsConfig config;
    private final Clock clock;

    public ReadingsConsumer(ReadingStore store, ReadingsMetrics metrics, SchemaMigration schema, ReadingsConfig config,
            Clock clock) {
        this.store = store;
        this.metrics = metrics;
        this.schema = schema;
        this.config = config;
        this.clock = clock;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<List<VitalReading>> batch) {
        List<VitalReading> records = batch.getPayload();
        // Records that could not be read arrive as null (fail-on-deserialization-failure=false): nothing to keep.
        List<VitalReading> read = records.stream().filter(Objects::nonNull).toList();
        metrics.skipped(Skip.UNREADABLE, records.size() - read.size());
        List<VitalReading> readable = read.stream().filter(r -> !r.type().categorical()).toList();
        metrics.skipped(Skip.CATEGORICAL, read.size() - readable.size());
        Instant oldestKept = oldestKept(clock.instant(), config);
        List<VitalReading> kept = readable.stream().filter(r -> !r.measuredAt().isBefore(oldestKept)).toList();
        metrics.skipped(Skip.BEYOND_RETENTION, readable.size() - kept.size());
        return Uni.createFrom().deferred(() -> attempt(kept))
                .onFailure(failure -> !PgErrors.isDataRefused(failure)).invoke(failure -> {
                    metrics.storeFailed();
                    LOG.warnf("vitals.readings: a batch of %d not stored yet (database unavailable), retrying: %s",
                            kept.size(), failure.toString());
                })
                .onFailure(failure -> !PgErrors.isDataRefused(failure)).retry()
                .withBackOff(java.time.Duration.ofMillis(200), config.retryMaxBackoff()).indefinitely()
                // Some reading's data is refused by the schema: store the batch one by one, keeping all the others.
                .onFailure().recoverWithUni(refused -> oneByOne(kept))
                .flatMap(inserted -> {
                    metrics.storeSucceeded();
                    metrics.batch(inserted, kept.size() - inserted);
                    return Uni.createFrom().completionStage(batch.ack());
                });
    }

    private Uni<Integer> attempt(List<VitalReading> readings) {
        if (!schema.migrated()) {
            return Uni.createFrom().failure(new IllegalStateException("database schema not migrated yet"));
        }
        return store.store(readings).ifNoItem().after(config.storeTimeout()).fail();
    }

    /** The rare path of a batch the database refused: each reading alone, the refused ones counted and left out. */
    private Uni<Integer> oneByOne(List<VitalReading> readings) {
        return Multi.createFrom().iterable(readings)
                .onItem().transformToUniAndConcatenate(reading -> Uni.createFrom().deferred(() -> attempt(List.of(reading)))
                        .onFailure(failure -> !PgErrors.isDataRefused(failure)).invoke(metrics::storeFailed)
                        .onFailure(failure -> !PgErrors.isDataRefused(failure)).retry()
                        .withBackOff(java.time.Duration.ofMillis(200), config.retryMaxBackoff()).indefinitely()
                        .onFailure().recoverWithItem(refused -> {
                            metrics.skipped(Skip.REFUSED, 1);
                            // The type and the SQLSTATE only: ids and values stay out of logs.
                            LOG.warnf("vitals.readings: a %s reading the database refuses is left out: %s",
                                    reading.type(), refused.getMessage());
                            return 0;
                        }))
                .collect().asList()
                .map(counts -> counts.stream().mapToInt(Integer::intValue).sum());
    }

    /**
     * The start of the oldest day kept: a reading before it belongs to a partition the maintenance round drops (or
     * has dropped), so storing it would only recreate a day that is gone.
     */
    static Instant oldestKept(Instant now, ReadingsConfig config) {
        return cutoff(now, config).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The first day kept: every day before it is older than the retention as a whole. */
    static LocalDate cutoff(Instant now, ReadingsConfig config) {
        return ReadingStore.day(now.minus(config.retention()));
    }
}
