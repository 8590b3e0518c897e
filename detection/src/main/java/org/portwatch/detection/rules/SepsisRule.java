package org.portwatch.detection.rules;

import static java.util.concurrent.TimeUnit.MINUTES;

import java.util.ArrayList;
import java.util.List;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.Severity;
import org.portwatch.model.Thresholds;

/**
 * SEPSIS_RISK, CRITICAL (CLINICAL.md rule 4). Fever and a fast heart together are two of the four SIRS
 * criteria (ACCP/SCCM 1992); in a patient with a central line that is the picture of a line infection or
 * sepsis. Raised when a FEVER episode is open and the heart rate is above 90 /min throughout 10 minutes at
 * rest (as rule 3) at any time from 60 minutes before the fever's confirmation until the fever resolves.
 * Resolved when both parts have resolved. One per fever episode, dated by the fever's start.
 */
public final class SepsisRule {

    private SepsisRule() {
    }

    public static List<Episode> episodes(List<Episode> fevers, List<Episode> fastHeart, Thresholds t) {
        long window = MINUTES.toMillis(t.sepsisWindowMinutes());
        List<Episode> result = new ArrayList<>();
        for (Episode fever : fevers) {
            Episode match = null;
            long lastHeartResolution = Episode.NONE;
            boolean heartOpen = false;
            for (Episode heart : fastHeart) {
                // The fast heart, from its confirmation to its resolution, touches the time from an hour
                // before the fever was confirmed to the fever's end.
                boolean together = heart.confirmedAt() < fever.end() && heart.end() >= fever.confirmedAt() - window;
                if (!together) {
                    continue;
                }
                if (match == null) {
                    match = heart;
                }
                if (heart.resolved()) {
                    lastHeartResolution = Math.max(lastHeartResolution, heart.resolvedAt());
                } else {
                    heartOpen = true;
                }
            }
            if (match == null) {
                continue;
            }
            long confirmedAt = Math.max(fever.confirmedAt(), match.confirmedAt());
            List<Sample> evidence = new ArrayList<>(fever.evidence());
            evidence.addAll(match.evidence());
            Episode sepsis = Episode.open(AlertCondition.SEPSIS_RISK, fever.start(), confirmedAt, Severity.CRITICAL,
                    "Fever with heart rate > " + (long) t.sepsisHeartRate() + " /min throughout "
                            + t.tachycardiaMinutes() + " min within " + t.sepsisWindowMinutes()
                            + " min (SIRS, possible line infection)",
                    List.copyOf(evidence));
            if (fever.resolved() && !heartOpen) {
                List<Sample> calm = new ArrayList<>(fever.resolutionEvidence());
                sepsis = sepsis.resolve(Math.max(fever.resolvedAt(), lastHeartResolution), List.copyOf(calm));
            }
            result.add(sepsis);
        }
        return result;
    }
}
