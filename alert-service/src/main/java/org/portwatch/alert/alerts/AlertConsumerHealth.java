package org.portwatch.alert.alerts;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * What the alerts-of-record consumer is doing, for the commit strategy, SREs and the liveness probe.
 *
 * <p>While the database is away the consumer holds its event and retries it: that wait is the consumer working as
 * designed, not a wedge, so {@link DatabaseAwareCommit} does not let the connector's "record waited too long for its
 * acknowledgement" check fail the channel during it (nor for one such limit after it, while the backlog drains).
 * Liveness is DOWN only when the connector was closed by a failure nobody waits out: a process that will never record
 * again without a restart. A dependency outage never fails it.
 *
 * <p>Each waiting batch (or event) is a waiter of its own: with several consumers ({@code alerts-in.concurrency}),
 * one consumer's commit must not end another's wait, so the consumer waits while any of them does.
 */
@Liveness
@Startup // its meter on /q/metrics from the start (SRE alerts read it), not from first use
@ApplicationScoped
@Default // also injectable as itself: the health annotations are qualifiers
public class AlertConsumerHealth implements HealthCheck {

    static final String NAME = "alerts-of-record-consumer";
    public static final String WAITING = "portwatch.alerts.consumer.waiting";

    private final Clock clock;
    /** What waits for the database now (a batch's or an event's token), and since when. */
    private final Map<Object, Instant> waiters = new ConcurrentHashMap<>();
    private volatile Instant waitEnded = Instant.MIN;
    private final AtomicReference<String> closedBy = new AtomicReference<>();

    public AlertConsumerHealth(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        Gauge.builder(WAITING, this, health -> health.waiting() ? 1 : 0)
                .description("1 while the alerts-of-record consumer waits out a database outage (it holds its place"
                        + " on vitals.alerts and records everything once the database is back)")
                .register(registry);
    }

    /** {@code waiter}'s write failed on something waiting cures: its consumer holds the events and retries. */
    void waitingForDatabase(Object waiter) {
        waiters.putIfAbsent(waiter, clock.instant());
    }

    /** {@code waiter} waits no more (its write committed, was refused or given up): its wait, if any, ended now. */
    void recorded(Object waiter) {
        if (waiters.remove(waiter) != null) {
            waitEnded = clock.instant();
        }
    }

    public boolean waiting() {
        return !waiters.isEmpty();
    }

    /** Whether the consumer waits for the database now, or stopped waiting less than {@code grace} ago. */
    boolean waitedWithin(Duration grace) {
        return waiting() || waitEnded.isAfter(clock.instant().minus(grace));
    }

    /** The connector closed the channel after {@code failure}: nothing more is read until a restart. */
    void closed(Throwable failure) {
        closedBy.compareAndSet(null, failure.getClass().getSimpleName());
    }

    @Override
    public HealthCheckResponse call() {
        String closed = closedBy.get();
        return HealthCheckResponse.named(NAME)
                .status(closed == null)
                .withData("waitingForDatabase", waiting())
                .withData("closedBy", closed == null ? "" : closed)
                .build();
    }
}
