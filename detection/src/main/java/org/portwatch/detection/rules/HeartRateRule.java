package org.portwatch.detection.rules;

import static java.util.concurrent.TimeUnit.MINUTES;

import java.util.List;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.Thresholds;

/**
 * TACHYCARDIA (CLINICAL.md rule 3), and the fast-heart half of SEPSIS_RISK (rule 4).
 * <ul>
 * <li>MEDIUM — racing heart at rest, as consumer wearables' high-heart-rate notifications (Apple Watch):
 * above the patient's threshold (default 100 /min) throughout 10 minutes, at least 3 readings, no gap over
 * 5 minutes, while not active. Exercise is not an alert: an ACTIVE/EXERCISE reading breaks the run.</li>
 * <li>HIGH — NEWS2 (RCP 2017) scores a pulse ≥ 131 as 3, urgent review: ≥ 131 /min throughout 5 minutes.</li>
 * <li>Resolved — at or below threshold − 5 throughout 10 minutes (hysteresis).</li>
 * </ul>
 */
public final class HeartRateRule {

    private HeartRateRule() {
    }

    public static boolean counts(Sample sample) {
        return sample.heartRate() && !sample.offBody();
    }

    public static List<Episode> tachycardia(List<Sample> heartRates, Thresholds t) {
        RunSpec critical = RunSpec.of(s -> !s.active() && s.value() >= t.heartRateCritical(),
                MINUTES.toMillis(t.heartRateMaxGapMinutes()), MINUTES.toMillis(t.criticalHeartRateMinutes()), 2);
        return scanner(AlertCondition.TACHYCARDIA, t.heartRateHigh(), t, critical,
                "Heart rate ≥ " + t.heartRateCritical() + " /min throughout " + t.criticalHeartRateMinutes()
                        + " min at rest (NEWS2)")
                .scan(heartRates);
    }

    /** Runs of a fast heart at the SIRS line (> 90 /min), for the sepsis rule. */
    public static List<Episode> sirsHeartRate(List<Sample> heartRates, Thresholds t) {
        return scanner(AlertCondition.SEPSIS_RISK, t.sepsisHeartRate(), t, null, null).scan(heartRates);
    }

    private static EpisodeScanner scanner(AlertCondition condition, double threshold, Thresholds t, RunSpec escalation,
            String escalationRule) {
        long gap = MINUTES.toMillis(t.heartRateMaxGapMinutes());
        RunSpec onset = RunSpec.of(s -> !s.active() && s.value() > threshold, gap,
                MINUTES.toMillis(t.tachycardiaMinutes()), t.tachycardiaMinReadings());
        RunSpec resolved = RunSpec.of(s -> s.value() <= threshold - t.heartRateResolvedMargin(), gap,
                MINUTES.toMillis(t.heartRateResolvedMinutes()), 2);
        String rule = "Heart rate > " + format(threshold) + " /min throughout " + t.tachycardiaMinutes()
                + " min at rest";
        return new EpisodeScanner(condition, onset, rule, escalation, escalationRule, resolved);
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
