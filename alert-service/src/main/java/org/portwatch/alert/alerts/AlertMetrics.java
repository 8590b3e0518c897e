package org.portwatch.alert.alerts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.portwatch.alert.role.ApiStarting;
import org.portwatch.alert.work.PeriodicRounds;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.Severity;

/**
 * The care-team side of alerts, for SREs: events stored or found duplicate, store retries, alerts open and the age
 * of the oldest nobody acknowledged (by severity — a CRITICAL one waiting 10 minutes pages someone), alerts nobody
 * owns yet (the patient is not enrolled) and the age of the oldest, time to acknowledge, handovers,
 * transfers and discharges. Gauges come from the database, so every replica reports the same truth.
 */
@ApplicationScoped
public class AlertMetrics {

    private final Clock clock;

    private static final Logger LOG = Logger.getLogger(AlertMetrics.class);

    public static final String EVENTS = "portwatch.alerts.events";
    public static final String STORE_RETRIES = "portwatch.alerts.store.retries";
    public static final String OPEN = "portwatch.alerts.open";
    public static final String OLDEST_UNACKNOWLEDGED = "portwatch.alerts.unacknowledged.oldest";
    public static final String TIME_TO_ACKNOWLEDGE = "portwatch.alerts.time.to.acknowledge";
    public static final String UNASSIGNED = "portwatch.alerts.unassigned";
    public static final String OLDEST_UNASSIGNED = "portwatch.alerts.unassigned.oldest";
    public static final String OWNERSHIP = "portwatch.alerts.ownership";
    public static final String OUTCOMES = "portwatch.alerts.outcomes";
    /** The outcome tag of a clinician's resolve that said nothing. */
    static final String UNRECORDED = "unrecorded";

    /** What became of an event read from vitals.alerts. */
    public enum EventOutcome {
        /** Recorded, and the care team told. */
        STORED,
        /** On the timeline only: the alert was resolved already (a discharge, a clinician), nobody is told again. */
        HISTORY,
        /** A clinician had resolved the alert and the severity rose: recorded as a new alert, the team told. */
        RERAISED,
        /** Seen before (a redelivery): nothing changed. */
        DUPLICATE,
        DEAD_LETTER
    }

    /** Who owns an alert changed with the patient's profile. */
    public enum OwnershipChange {
        /** Raised before enrollment, given to the enrolling team. */
        HANDED_OVER,
        /** Moved with the patient to another team. */
        TRANSFERRED,
        /** Resolved because monitoring ended. */
        DISCHARGED
    }

    private final MeterRegistry registry;
    private final AlertRepository alerts;
    private final Vertx vertx;
    private final Duration refresh;
    private final Map<Severity, AtomicLong> open = new EnumMap<>(Severity.class);
    private final Map<Severity, AtomicLong> oldest = new EnumMap<>(Severity.class);
    private final Map<Severity, AtomicLong> unassigned = new EnumMap<>(Severity.class);
    private final Map<Severity, AtomicLong> oldestUnassigned = new EnumMap<>(Severity.class);
    private final Map<OwnershipChange, Counter> ownership = new EnumMap<>(OwnershipChange.class);
    private final Map<Severity, Timer> timeToAcknowledge = new EnumMap<>(Severity.class);
    private final Counter storeRetries;
    private long timer = -1;
    private final java.util.concurrent.atomic.AtomicBoolean refreshPending = new java.util.concurrent.atomic.AtomicBoolean();
    static final Duration CHANGE_DELAY = Duration.ofSeconds(1);

    public AlertMetrics(MeterRegistry registry, AlertRepository alerts, Vertx vertx, AlertsConfig config, Clock clock) {
        this.clock = clock;
        this.registry = registry;
        this.alerts = alerts;
        this.vertx = vertx;
        this.refresh = config.metricsRefresh();
        for (Severity severity : Severity.values()) {
            Tags tags = Tags.of("severity", severity.name());
            open.put(severity, registry.gauge(OPEN, tags, new AtomicLong(), AtomicLong::doubleValue));
            oldest.put(severity, registry.gauge(OLDEST_UNACKNOWLEDGED + ".seconds", tags, new AtomicLong(),
                    AtomicLong::doubleValue));
            // Alerts of patients not enrolled yet: only administrators see them until someone enrols the patient.
            unassigned.put(severity, registry.gauge(UNASSIGNED, tags, new AtomicLong(), AtomicLong::doubleValue));
            oldestUnassigned.put(severity, registry.gauge(OLDEST_UNASSIGNED + ".seconds", tags, new AtomicLong(),
                    AtomicLong::doubleValue));
            timeToAcknowledge.put(severity, Timer.builder(TIME_TO_ACKNOWLEDGE)
                    .description("From the alert's raising to a clinician's acknowledgement")
                    .tags(tags)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofSeconds(1))
                    .maximumExpectedValue(Duration.ofHours(12))
                    .register(registry));
        }
        for (AlertTransition transition : AlertTransition.values()) {
            for (EventOutcome outcome : EventOutcome.values()) {
                event(transition, outcome, 0);
            }
        }
        for (OwnershipChange change : OwnershipChange.values()) {
            ownership.put(change, Counter.builder(OWNERSHIP)
                    .description("Alerts whose owner changed with the patient's profile: handed over at enrollment,"
                            + " transferred with the patient, resolved at discharge")
                    .tag("change", change.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
        // Every combination from the start, so the false-alarm rate reads 0, not "no data", for a rule never dismissed.
        // The tag is (condition, severity), not the rule's text: that carries each patient's thresholds (unbounded).
        for (AlertCondition condition : AlertCondition.values()) {
            for (Severity severity : Severity.values()) {
                for (Outcome outcome : Outcome.values()) {
                    outcome(condition, severity, outcome.name().toLowerCase(Locale.ROOT)).increment(0);
                }
                outcome(condition, severity, UNRECORDED).increment(0);
            }
        }
        storeRetries = Counter.builder(STORE_RETRIES)
                .description("Alert events whose database write failed and is retried (the consumer waits; nothing is skipped)")
                .register(registry);
    }

    void onStart(@Observes ApiStarting event) {
        timer = vertx.setPeriodic(refresh.toMillis(), id -> refreshGauges());
        refreshGauges();
    }

    void onStop(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
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

    /** A clinician resolved an alert of {@code condition} and {@code severity}, saying whether it was actionable. */
    public void resolvedWith(AlertCondition condition, Severity severity, Outcome outcome) {
        outcome(condition, severity, outcome == null ? UNRECORDED : outcome.name().toLowerCase(Locale.ROOT)).increment();
    }

    private Counter outcome(AlertCondition condition, Severity severity, String outcome) {
        return Counter.builder(OUTCOMES)
                .description("Alerts resolved by a clinician, by what the clinician said of them: actionable,"
                        + " false_alarm, known_condition, patient_contacted, or unrecorded")
                .tag("condition", condition.name()).tag("severity", severity.name()).tag("outcome", outcome)
                .register(registry);
    }

    public void storeRetry() {
        storeRetries.increment();
    }

    public void acknowledged(Severity severity, Duration sinceRaised) {
        timeToAcknowledge.get(severity).record(sinceRaised.isNegative() ? Duration.ZERO : sinceRaised);
    }

    public void ownershipChanged(OwnershipChange change) {
        ownership.get(change).increment();
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

    /**
     * Reads the gauges now, in a read-only session of its own on a context of its own: a Vert.x timer's context is
     * not one Hibernate Reactive may open a session on ({@link PeriodicRounds#onOwnContext}, as rounds do).
     */
    void refreshGauges() {
        PeriodicRounds.onOwnContext(vertx, () -> Panache.withSession(alerts::gauges)).subscribe().with(rows -> {
            Map<Severity, Long> counts = new EnumMap<>(Severity.class);
            Map<Severity, Long> ages = new EnumMap<>(Severity.class);
            Map<Severity, Long> unassignedCounts = new EnumMap<>(Severity.class);
            Map<Severity, Long> unassignedAges = new EnumMap<>(Severity.class);
            Instant now = clock.instant();
            rows.forEach(row -> {
                if (row.unassigned()) {
                    unassignedCounts.put(row.severity(), row.open());
                    unassignedAges.put(row.severity(), age(row.oldest(), now));
                } else {
                    counts.put(row.severity(), row.open());
                    ages.put(row.severity(), age(row.oldestOpen(), now));
                }
            });
            for (Severity severity : Severity.values()) {
                open.get(severity).set(counts.getOrDefault(severity, 0L));
                oldest.get(severity).set(ages.getOrDefault(severity, 0L));
                unassigned.get(severity).set(unassignedCounts.getOrDefault(severity, 0L));
                oldestUnassigned.get(severity).set(unassignedAges.getOrDefault(severity, 0L));
            }
        }, failure -> LOG.debugf("alert gauges not refreshed: %s", failure));
    }

    private static long age(Instant since, Instant now) {
        return since == null ? 0 : Math.max(0, Duration.between(since, now).toSeconds());
    }
}
