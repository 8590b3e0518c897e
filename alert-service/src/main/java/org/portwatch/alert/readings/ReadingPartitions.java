package org.portwatch.alert.readings;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.interceptor.Interceptor;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;
import org.portwatch.alert.database.SchemaMigration;
import org.portwatch.alert.readings.ReadingsMetrics.PartitionChange;
import org.portwatch.alert.role.ApiStarting;
import org.portwatch.alert.work.PeriodicRounds;
import org.portwatch.alert.work.RoundMetrics;
import org.portwatch.alert.work.RoundsConfig;

/**
 * The readings history's day partitions: every {@code alerts.readings.maintenance-interval} a round makes today's and
 * the next {@code alerts.readings.partitions-ahead} days' partitions, and drops every day older than
 * {@code alerts.readings.retention} as a whole. Safe on any number of replicas: both steps run under one advisory
 * lock in the database and do nothing when already done.
 */
@ApplicationScoped
public class ReadingPartitions {

    private static final Logger LOG = Logger.getLogger(ReadingPartitions.class);

    private final ReadingStore store;
    private final ReadingsMetrics metrics;
    private final ReadingsConfig config;
    private final SchemaMigration schema;
    private final Clock clock;
    private final RoundsConfig roundsConfig;
    private final PeriodicRounds rounds;

    public ReadingPartitions(ReadingStore store, ReadingsMetrics metrics, ReadingsConfig config, SchemaMigration schema,
            Clock clock, Vertx vertx, RoundsConfig roundsConfig, RoundMetrics roundMetrics) {
        this.store = store;
        this.metrics = metrics;
        this.config = config;
        this.schema = schema;
        this.clock = clock;
        this.roundsConfig = roundsConfig;
        this.rounds = new PeriodicRounds("readings-partitions", vertx, config.maintenanceInterval(),
                roundsConfig.timeout(), () -> roundMetrics.abandoned(RoundMetrics.Round.READINGS_PARTITIONS),
                () -> maintain().replaceWith(false));
    }

    // After SchemaMigration's own start-up attempt (default priority), so the first round finds the schema in place.
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) ApiStarting event) {
        rounds.start();
    }

    void onStop(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
        rounds.stop(roundsConfig.shutdownGrace());
    }

    /** Runs a round now (tests; and the round runs on its interval). */
    public void wake() {
        rounds.wake();
    }

    /** Whether a round is running now (tests wait for it to end). */
    public boolean busy() {
        return rounds.busy();
    }

    /** What one round did. */
    public record Maintenance(int created, int dropped, long partitions) {
    }

    /** One round: make the days ahead, drop the expired ones, count what is left. Nothing before the schema exists. */
    public Uni<Maintenance> maintain() {
        if (!schema.migrated()) {
            return Uni.createFrom().item(new Maintenance(0, 0, -1));
        }
        Instant now = clock.instant();
        LocalDate today = ReadingStore.day(now);
        Set<LocalDate> days = new TreeSet<>();
        for (int ahead = 0; ahead <= config.partitionsAhead(); ahead++) {
            days.add(today.plusDays(ahead));
        }
        LocalDate cutoff = ReadingsConsumer.cutoff(now, config);
        return store.ensure(days).flatMap(created -> store.dropBefore(cutoff)
                        .flatMap(dropped -> store.partitions().map(count -> new Maintenance(created, dropped, count))))
                .invoke(done -> {
                    metrics.partitionsChanged(PartitionChange.CREATED, done.created());
                    metrics.partitionsChanged(PartitionChange.DROPPED, done.dropped());
                    metrics.partitions(done.partitions());
                    if (done.created() > 0 || done.dropped() > 0) {
                        LOG.infof("readings history: %d day partitions made, %d dropped (before %s), %d kept",
                                done.created(), done.dropped(), cutoff, done.partitions());
                    }
                });
    }
}
