package org.portwatch.detection.rules;

import static java.util.concurrent.TimeUnit.MINUTES;

import java.util.ArrayList;
import java.util.List;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.Severity;
import org.portwatch.model.Thresholds;

/**
 * SEPSIS_RISK, CRITICAL (docs/clinical-rules.md rule 4 and revision 2's "sepsis timing"). Fever and a fast heart
 * together are two of the four SIRS criteria (ACCP/SCCM 1992); in a patient with a central line that is
 * the picture of a line infection or sepsis.
 * <ul>
 * <li>Raised for a confirmed FEVER episode when a run of readings above 90 /min at rest throughout 10
 * minutes (as rule 3) lies within 60 minutes of it, in either order: the gap between the run (first to last
 * reading above 90) and the fever (first to last reading at or above 38.0 °C) is at most 60 minutes.
 * Hysteresis does not stretch the run: a rate that stays at 86–89 after it does not extend it.</li>
 * <li>Resolved when both parts have: the fever by its rule, and every fast-heart episode touching it by
 * the heart rate's resolution rule.</li>
 * </ul>
 * One per fever episode, dated by the fever's start.
 */
public final class SepsisRule {

    private SepsisRule() {
    }

    public static List<Episode> episodes(List<Episode> fevers, List<HeartRateRule.Run> runs, List<Episode> fastHeart,
            Thresholds t, Tracked seed) {
        long window = MINUTES.toMillis(t.sepsisWindowMinutes());
        List<Episode> result = new ArrayList<>();
        for (Episode fever : fevers) {
            HeartRateRule.Run match = null;
            for (HeartRateRule.Run run : runs) {
                long gap = Math.max(0, Math.max(run.first() - fever.lastHit(), fever.start() - run.last()));
                if (gap <= window) {
                    match = run;
                    break;
                }
            }
            boolean carried = seed != null && carrierOf(seed, fevers) == fever;
            if (match == null && !carried) {
                continue;
            }
            long confirmedAt = match == null ? seed.start() : Math.max(fever.confirmedAt(), match.completedAt());
            List<Sample> evidence = new ArrayList<>(fever.evidence());
            if (match != null) {
                evidence.addAll(match.evidence());
            }
            Episode sepsis = Episode.open(AlertCondition.SEPSIS_RISK, fever.start(), confirmedAt, Severity.CRITICAL,
                    "Fever with heart rate > " + (long) t.sepsisHeartRate() + " /min throughout "
                            + t.tachycardiaMinutes() + " min within " + t.sepsisWindowMinutes()
                            + " min (SIRS, possible line infection)",
                    List.copyOf(evidence), fever.lastHit());
            if (fever.resolved()) {
                sepsis = resolvedWithTheHeart(sepsis, fever.resolvedAt(), fever.resolvedAt(), fever.start(),
                        fever.resolutionEvidence(), fastHeart, window);
            }
            result.add(sepsis);
        }
        if (seed != null && carrierOf(seed, fevers) == null) {
            // The fever's onset has left the kept history and its alert has resolved, but the sepsis alert is
            // open: it stays open until the heart part has resolved too (revision 2: never unresolvable).
            Episode carried = Episode.open(AlertCondition.SEPSIS_RISK, seed.start(), seed.start(), Severity.CRITICAL,
                    "Fever with a fast heart rate (SIRS, possible line infection)", List.of(), seed.start());
            result.add(resolvedWithTheHeart(carried, seed.start(), Long.MAX_VALUE, seed.start(), List.of(), fastHeart,
                    window));
        }
        return result;
    }

    /**
     * The sepsis episode resolved when its fever resolved at {@code feverResolvedAt}, if every fast-heart
     * episode that started by {@code heartUntil} and touches the fever has resolved too.
     */
    private static Episode resolvedWithTheHeart(Episode sepsis, long feverResolvedAt, long heartUntil,
            long feverStart, List<Sample> evidence, List<Episode> fastHeart, long window) {
        long heartResolvedAt = Episode.NONE;
        for (Episode heart : fastHeart) {
            boolean touches = heart.start() <= heartUntil && heart.end() >= feverStart - window;
            if (!touches) {
                continue;
            }
            if (!heart.resolved()) {
                return sepsis;
            }
            heartResolvedAt = Math.max(heartResolvedAt, heart.resolvedAt());
        }
        return sepsis.resolve(Math.max(feverResolvedAt, heartResolvedAt), evidence);
    }

    /** An open sepsis alert that must stay open is carried by the first fever episode still open at its start. */
    private static Episode carrierOf(Tracked seed, List<Episode> fevers) {
        for (Episode fever : fevers) {
            if (fever.end() >= seed.start()) {
                return fever;
            }
        }
        return null;
    }
}
