package org.portwatch.alert.readings;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.portwatch.alert.kafka.ConsumerBacklog;
import org.portwatch.alert.role.RoleConfig;

/**
 * The readings history's meters. Tags are bounded enums, never ids. The consumer backlog is measured as the alerts
 * consumer's is ({@link ConsumerBacklog}: partition ends minus the group's committed offsets, so readings fetched but
 * not stored count, refreshed at most every 5 s when scraped).
 */
@Startup // its meters on /q/metrics from the start, not from the first batch
@ApplicationScoped
public class ReadingsMetrics {

    public static final String STORED = "portwatch.readings.stored";
    public static final String DUPLICATES = "portwatch.readings.duplicates";
    public static final String SKIPPED = "portwatch.readings.skipped";
    public static final String BATCHES = "portwatch.readings.batches";
    public static final String STORE_FAILURES = "portwatch.readings.store.failures";
    public static final String WAITING = "portwatch.readings.consumer.waiting";
    public static final String BACKLOG = "portwatch.readings.consumer.backlog";
    public static final String PARTITIONS = "portwatch.readings.partitions";
    public static final String PARTITION_CHANGES = "portwatch.readings.partition.changes";

    /** Why a reading read from the topic was not stored (a bounded tag). */
    public enum Skip {
        /** The record could not be read as a reading. */
        UNREADABLE,
        /**
         * A categorical reading (a watch's heart rhythm): the history plots numbers; the rhythm's finding reaches the
         * care team as an IRREGULAR_RHYTHM alert with its evidence.
         */
        CATEGORICAL,
        /** Measured before the retention: its day is (or is about to be) dropped. */
        BEYOND_RETENTION,
        /** The database refused its data (a NUL character in a text field, say); the rest of its batch was stored. */
        REFUSED
    }

    /** What the maintenance round did to a partition. */
    public enum PartitionChange {
        CREATED, DROPPED
    }

    private final Counter stored;
    private final Counter duplicates;
    private final Counter batches;
    private final Counter storeFailures;
    private final Map<Skip, Counter> skipped = new EnumMap<>(Skip.class);
    private final Map<PartitionChange, Counter> partitionChanges = new EnumMap<>(PartitionChange.class);
    private volatile double partitions = Double.NaN;
    private volatile boolean waiting;

    private final ConsumerBacklog backlog;

    public ReadingsMetrics(MeterRegistry registry, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "mp.messaging.incoming." + ReadingsConsumer.CHANNEL + ".topic") String topic,
            @ConfigProperty(name = "mp.messaging.incoming." + ReadingsConsumer.CHANNEL + ".group.id") String group,
            RoleConfig role) {
        this.backlog = new ConsumerBacklog(kafkaConfig, "alert-service-readings-backlog", topic, group);
        stored = Counter.builder(STORED).description("Readings stored in the readings history (new rows)")
                .register(registry);
        duplicates = Counter.builder(DUPLICATES)
                .description("Readings read again (redelivery, replay) and not stored a second time").register(registry);
        batches = Counter.builder(BATCHES).description("Batches of vitals.readings stored (one INSERT each)")
                .register(registry);
        storeFailures = Counter.builder(STORE_FAILURES)
                .description("Attempts to store a batch that failed (database down, frozen, not migrated); each is"
                        + " retried, nothing is skipped").register(registry);
        for (Skip reason : Skip.values()) {
            skipped.put(reason, Counter.builder(SKIPPED).description("Readings read but not stored, by reason")
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        for (PartitionChange change : PartitionChange.values()) {
            partitionChanges.put(change, Counter.builder(PARTITION_CHANGES)
                    .description("Day partitions of the readings history created and dropped")
                    .tag("change", change.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        Gauge.builder(PARTITIONS, this, metrics -> metrics.partitions)
                .description("Day partitions of the readings history (retention plus the days made ahead; NaN until"
                        + " the first maintenance round)").register(registry);
        Gauge.builder(WAITING, this, metrics -> metrics.waiting ? 1 : 0)
                .description("1 while the readings consumer waits out a database outage (it holds its batch and"
                        + " stores it once the database is back)").register(registry);
        // Only where the group consumes: a detector pod may not even describe the group (its own KafkaUser).
        if (role.role().runsApi()) {
            Gauge.builder(BACKLOG, backlog, ConsumerBacklog::read)
                    .description("Readings on vitals.readings not yet stored in the history: the end of each partition"
                            + " minus the readings group's committed offset (NaN while the brokers cannot be asked)")
                    .register(registry);
        }
    }

    void batch(int stored, int duplicates) {
        batches.increment();
        this.stored.increment(stored);
        this.duplicates.increment(duplicates);
    }

    void skipped(Skip reason, int count) {
        if (count > 0) {
            skipped.get(reason).increment(count);
        }
    }

    void storeFailed() {
        storeFailures.increment();
        waiting = true;
    }

    void storeSucceeded() {
        waiting = false;
    }

    void partitions(long count) {
        partitions = count;
    }

    void partitionsChanged(PartitionChange change, int count) {
        if (count > 0) {
            partitionChanges.get(change).increment(count);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        backlog.close();
    }
}
