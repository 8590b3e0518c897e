package org.portwatch.alert.alerts;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/**
 * How the alerts-of-record consumer batches, for SREs: the events recorded per transaction (1 in a quiet hour, up to
 * max.poll.records in a burst or after an outage) and how long a batch's transaction took, retries included. A
 * backlog that drains slowly with large batches points at the database; one that drains with batches of 1 at the
 * consumer being starved of fetches.
 */
@Startup // on /q/metrics from the start, before the first batch
@ApplicationScoped
public class AlertBatchMetrics {

    public static final String BATCH_SIZE = "portwatch.alerts.record.batch.size";
    public static final String BATCH_DURATION = "portwatch.alerts.record.batch.duration";
    public static final String SLOW_BATCHES = "portwatch.alerts.record.batch.slow";
    public static final String REFUSED_BATCHES = "portwatch.alerts.record.batch.refused";

    private final DistributionSummary size;
    private final Timer duration;
    private final io.micrometer.core.instrument.Counter slow;
    private final io.micrometer.core.instrument.Counter refused;

    public AlertBatchMetrics(MeterRegistry registry) {
        size = DistributionSummary.builder(BATCH_SIZE)
                .description("Events of vitals.alerts recorded in one database transaction")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        duration = Timer.builder(BATCH_DURATION)
                .description("From the start of recording a batch of vitals.alerts events to its commit, database"
                        + " retries included")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        slow = io.micrometer.core.instrument.Counter.builder(SLOW_BATCHES)
                .description("Batches that took longer than the store timeout and were recorded event by event instead:"
                        + " a database too slow for the batch size")
                .register(registry);
        refused = io.micrometer.core.instrument.Counter.builder(REFUSED_BATCHES)
                .description("Batches the database refused (an event's data breaks the schema), recorded event by event"
                        + " so that only the refused event goes to the dead-letter topic")
                .register(registry);
    }

    /** A batch the database refused, recorded event by event instead. */
    void refused() {
        refused.increment();
    }

    /** A batch over the store timeout, recorded event by event instead. */
    void slow() {
        slow.increment();
    }

    /** A batch of {@code events} committed after {@code nanos} (0: not timed, an event recorded on its own). */
    void recorded(int events, long nanos) {
        size.record(events);
        if (nanos > 0) {
            duration.record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
