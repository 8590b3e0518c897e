package org.portwatch.alert.snooze;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.portwatch.alert.alerts.Snoozing;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.Severity;

/**
 * Snoozes and silences, for SREs and for the clinical review of alarm fatigue: alerts snoozed (by a clinician or a
 * silence) by condition and severity, snoozes ended by reason, silences set, and a gauge of the alerts snoozed now
 * (from the database, refreshed by the snooze round, so every replica reports the same figure). Tags are enums.
 */
@Startup // its meters on /q/metrics from the start, not from the first snooze
@ApplicationScoped
public class SnoozeMetrics {

    public static final String STARTED = "portwatch.snoozes.started";
    public static final String ENDED = "portwatch.snoozes.ended";
    public static final String ACTIVE = "portwatch.snoozes.active";
    public static final String SILENCES = "portwatch.silences.started";

    static final String SNOOZE = "snooze";
    static final String SILENCE = "silence";

    private final MeterRegistry registry;
    private final AtomicLong snoozed = new AtomicLong();
    private final AtomicLong silenced = new AtomicLong();
    private final Counter silences;

    public SnoozeMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(ACTIVE, snoozed, AtomicLong::get).description("Alerts snoozed now (not notified, not escalated)")
                .tag("kind", SNOOZE).register(registry);
        Gauge.builder(ACTIVE, silenced, AtomicLong::get).description("Alerts snoozed now (not notified, not escalated)")
                .tag("kind", SILENCE).register(registry);
        silences = Counter.builder(SILENCES).description("Silences of a patient's NO_DATA set by clinicians")
                .register(registry);
        for (Snoozing.End why : Snoozing.End.values()) {
            ended(SNOOZE, why);
            ended(SILENCE, why);
        }
    }

    void started(AlertCondition condition, Severity severity, boolean silence) {
        Counter.builder(STARTED).description("Alerts snoozed by a clinician or silenced, by condition and severity")
                .tag("kind", silence ? SILENCE : SNOOZE).tag("condition", condition.name())
                .tag("severity", severity.name()).register(registry).increment();
    }

    void ended(AlertCondition condition, Severity severity, boolean silence, Snoozing.End why) {
        ended(silence ? SILENCE : SNOOZE, why).increment();
    }

    void silenceSet() {
        silences.increment();
    }

    /** The gauge's figures, read by the snooze round. */
    void active(long bySnooze, long bySilence) {
        snoozed.set(bySnooze);
        silenced.set(bySilence);
    }

    private Counter ended(String kind, Snoozing.End why) {
        return Counter.builder(ENDED).description("Snoozes of alerts ended: expired, ended early by a clinician,"
                        + " superseded by a higher severity, or the alert resolved")
                .tag("kind", kind).tag("reason", why.name().toLowerCase(Locale.ROOT)).register(registry);
    }
}
