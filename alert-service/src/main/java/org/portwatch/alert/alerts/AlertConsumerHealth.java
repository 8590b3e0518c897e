package org.portwatch.alert.alerts;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 */
@Liveness
@Startup // its meter on /q/metrics from the start (SRE alerts read it), not from first use
@ApplicationScoped
@Default // also injectable as itself: the health annotations are qualifiers
public class AlertConsumerHealth implements HealthCheck {

    static final String NAME = "alerts-of-record-consumer";
    public static final String WAITING = "portwatch.alerts.consumer.waiting";

    private final Clock clock;
    private volatile Instant waitingSince;
    private volatile Instant waitEnded = Instant.MIN;
    private final AtomicReference<String> closedBy = new AtomicReference<>();

    public AlertConsumerHealth(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        Gauge.builder(WAITING, this, health -> health.waiting() ? 1 : 0)
                .description("1 while the alerts-of-record consumer waits out a database outage (it holds its place"
                        + " on vitals.alerts and records everything once the database is back)")
                .register(registry);
    }

    /** A write failed on something waiting cures: the consumer holds the event and retries. */
    void waitingForDatabase() {
        if (waitingSince == null) {
            waitingSince = clock.instant();
        }
    }

    /** A write committed: the database is back. */
    void recorded() {
        if (waitingSince != null) {
            waitingSince = null;
            waitEnded = clock.instant();
        }
    }

    public boolean waiting() {
        return waitingSince != null;
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
