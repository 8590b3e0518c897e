package org.portwatch.detection.rules;

import static java.util.concurrent.TimeUnit.MINUTES;

import java.util.ArrayList;
import java.util.List;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.Thresholds;

/**
 * TACHYCARDIA (docs/clinical-rules.md rule 3), and the fast-heart half of SEPSIS_RISK (rule 4).
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

    public static List<Episode> tachycardia(List<Sample> heartRates, Thresholds t, Tracked seed) {
        RunSpec critical = RunSpec.of(s -> !s.active() && s.allAtLeast(t.heartRateCritical()),
                MINUTES.toMillis(t.heartRateMaxGapMinutes()), MINUTES.toMillis(t.criticalHeartRateMinutes()), 2);
        return scanner(AlertCondition.TACHYCARDIA, t.heartRateHigh(), t, critical,
                "Heart rate ≥ " + format(t.heartRateCritical()) + " /min throughout " + t.criticalHeartRateMinutes()
                        + " min at rest (NEWS2)")
                .scan(heartRates, seed);
    }

    /**
     * Episodes of a fast heart at the SIRS line (> 90 /min), from the first run to its resolution with
     * hysteresis: what the sepsis rule needs to say when the heart part has resolved.
     */
    public static List<Episode> sirsHeartRate(List<Sample> heartRates, Thresholds t) {
        return scanner(AlertCondition.SEPSIS_RISK, t.sepsisHeartRate(), t, null, null).scan(heartRates, null);
    }

    /** A completed run of a fast heart at rest: first to last reading above the line, and when it met the rule. */
    record Run(long first, long last, long completedAt, List<Sample> evidence) {
    }

    /**
     * The runs of readings above the SIRS line at rest throughout 10 minutes (revision 2: the sepsis timing
     * is measured from such a run, first to last reading above 90; hysteresis does not stretch it).
     */
    public static List<Run> sirsRuns(List<Sample> heartRates, Thresholds t) {
        RunTracker tracker = new RunTracker(onset(t.sepsisHeartRate(), t));
        List<Run> runs = new ArrayList<>();
        long completedAt = Episode.NONE;
        List<Sample> evidence = null;
        long first = Episode.NONE;
        long last = Episode.NONE;
        for (Sample sample : heartRates) {
            long before = tracker.runStart();
            List<Sample> done = tracker.offer(sample);
            if (evidence != null && tracker.runStart() != before) {
                runs.add(new Run(first, last, completedAt, evidence));
                evidence = null;
            }
            if (done != null) {
                evidence = done;
                completedAt = tracker.completedAt();
            }
            if (evidence != null) {
                first = tracker.runStart();
                last = tracker.runEnd();
            }
        }
        if (evidence != null) {
            runs.add(new Run(first, last, completedAt, evidence));
        }
        return runs;
    }

    private static RunSpec onset(double threshold, Thresholds t) {
        return RunSpec.of(s -> !s.active() && s.allAbove(threshold), MINUTES.toMillis(t.heartRateMaxGapMinutes()),
                MINUTES.toMillis(t.tachycardiaMinutes()), t.tachycardiaMinReadings());
    }

    private static EpisodeScanner scanner(AlertCondition condition, double threshold, Thresholds t, RunSpec escalation,
            String escalationRule) {
        long gap = MINUTES.toMillis(t.heartRateMaxGapMinutes());
        RunSpec resolved = RunSpec.of(s -> s.allAtMost(threshold - t.heartRateResolvedMargin()), gap,
                MINUTES.toMillis(t.heartRateResolvedMinutes()), 2);
        String rule = "Heart rate > " + format(threshold) + " /min throughout " + t.tachycardiaMinutes()
                + " min at rest";
        return new EpisodeScanner(condition, onset(threshold, t), rule, escalation, escalationRule, resolved);
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
