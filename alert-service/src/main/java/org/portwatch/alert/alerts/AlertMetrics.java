package org.portwatch.alert.alerts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.Severity;

/**
 * The care-team side of alerts, for SREs: events stored or found duplicate, store retries, alerts open and the age
 * of the oldest nobody acknowledged (by severity — a CRITICAL one waiting 10 minutes pages someone), time to
 * acknowledge, escalations. Gauges come from the database, so every replica reports the same truth.
 */
@ApplicationScoped
public class AlertMetrics {

    private static final Logger LOG = Logger.getLogger(AlertMetrics.class);

    public static final String EVENTS = "portwatch.alerts.events";
    public static final String STORE_RETRIES = "portwatch.alerts.store.retries";
    public static final String OPEN = "portwatch.alerts.open";
    public static final String OLDEST_UNACKNOWLEDGED = "portwatch.alerts.unacknowledged.oldest";
    public static final String TIME_TO_ACKNOWLEDGE = "portwatch.alerts.time.to.acknowledge";
    public static final String ESCALATIONS = "portwatch.escalations";

    static final String GAUGES = "SELECT severity, count(*) AS open,"
            + " min(raised_at) FILTER (WHERE status = 'OPEN') AS oldest_unacknowledged"
            + " FROM alert WHERE status <> 'RESOLVED' AND care_team_id IS NOT NULL GROUP BY severity";

    /** What became of an event read from vitals.alerts. */
    public enum EventOutcome {
        STORED, DUPLICATE, DEAD_LETTER
    }

    private final MeterRegistry registry;
    private final Pool pool;
    private final Vertx vertx;
    private final Duration refresh;
    private final Map<Severity, AtomicLong> open = new EnumMap<>(Severity.class);
    private final Map<Severity, AtomicLong> oldest = new EnumMap<>(Severity.class);
    private final Map<Severity, Timer> timeToAcknowledge = new EnumMap<>(Severity.class);
    private final Map<Severity, Counter> escalations = new EnumMap<>(Severity.class);
    private final Counter storeRetries;
    private long timer = -1;
    private final java.util.concurrent.atomic.AtomicBoolean refreshPending = new java.util.concurrent.atomic.AtomicBoolean();
    static final Duration CHANGE_DELAY = Duration.ofSeconds(1);

    public AlertMetrics(MeterRegistry registry, Pool pool, Vertx vertx, AlertsConfig config) {
        this.registry = registry;
        this.pool = pool;
        this.vertx = vertx;
        this.refresh = config.metricsRefresh();
        for (Severity severity : Severity.values()) {
            Tags tags = Tags.of("severity", severity.name());
            open.put(severity, registry.gauge(OPEN, tags, new AtomicLong(), AtomicLong::doubleValue));
            oldest.put(severity, registry.gauge(OLDEST_UNACKNOWLEDGED + ".seconds", tags, new AtomicLong(),
                    AtomicLong::doubleValue));
            timeToAcknowledge.put(severity, Timer.builder(TIME_TO_ACKNOWLEDGE)
                    .description("From the alert's raising to a clinician's acknowledgement")
                    .tags(tags)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofSeconds(1))
                    .maximumExpectedValue(Duration.ofHours(12))
                    .register(registry));
            escalations.put(severity, Counter.builder(ESCALATIONS)
                    .description("Escalation rounds sent to on-call contacts for alerts nobody acknowledged")
                    .tags(tags)
                    .register(registry));
        }
        for (AlertTransition transition : AlertTransition.values()) {
            for (EventOutcome outcome : EventOutcome.values()) {
                event(transition, outcome, 0);
            }
        }
        storeRetries = Counter.builder(STORE_RETRIES)
                .description("Alert events whose database write failed and is retried (the consumer waits; nothing is skipped)")
                .register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(refresh.toMillis(), id -> refreshGauges());
        refreshGauges();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    public void event(AlertTransition transition, EventOutcome outcome) {
        event(transition, outcome, 1);
    }

    private void event(AlertTransition transition, EventOutcome outcome, double amount) {
        registry.counter(EVENTS, "transition", transition == null ? "UNKNOWN" : transition.name(),
                "outcome", outcome.name().toLowerCase(Locale.ROOT)).increment(amount);
    }

    public void storeRetry() {
        storeRetries.increment();
    }

    public void acknowledged(Severity severity, Duration sinceRaised) {
        timeToAcknowledge.get(severity).record(sinceRaised.isNegative() ? Duration.ZERO : sinceRaised);
    }

    public void escalated(Severity severity) {
        escalations.get(severity).increment();
    }

    /**
     * Asks for the gauges to be read again within a second of a change, so a dashboard follows an alert storm
     * without one GROUP BY query per event: changes within that second share one read.
     */
    public void changed() {
        if (refreshPending.compareAndSet(false, true)) {
            vertx.setTimer(CHANGE_DELAY.toMillis(), id -> {
                refreshPending.set(false);
                refreshGauges();
            });
        }
    }

    /** Reads the gauges now. */
    void refreshGauges() {
        pool.query(GAUGES).execute().subscribe().with(rows -> {
            Map<Severity, Long> counts = new EnumMap<>(Severity.class);
            Map<Severity, Long> ages = new EnumMap<>(Severity.class);
            Instant now = Instant.now();
            rows.forEach(row -> {
                Severity severity = Severity.valueOf(row.getString("severity"));
                counts.put(severity, row.getLong("open"));
                OffsetDateTime since = row.getOffsetDateTime("oldest_unacknowledged");
                ages.put(severity, since == null ? 0 : Math.max(0, Duration.between(since.toInstant(), now).toSeconds()));
            });
            for (Severity severity : Severity.values()) {
                open.get(severity).set(counts.getOrDefault(severity, 0L));
                oldest.get(severity).set(ages.getOrDefault(severity, 0L));
            }
        }, failure -> LOG.debugf("alert gauges not refreshed: %s", failure));
    }
}
