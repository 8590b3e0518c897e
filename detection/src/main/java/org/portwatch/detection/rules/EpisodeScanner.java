package org.portwatch.detection.rules;

import java.util.ArrayList;
import java.util.List;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.Severity;

/**
 * Turns readings in time order into episodes: an onset run opens one, an escalation run raises its
 * severity, a resolution run closes it (hysteresis: the resolution line sits below the onset line), and
 * only then can a new onset open the next episode.
 */
final class EpisodeScanner {

    private final AlertCondition condition;
    private final RunSpec onset;
    private final String onsetRule;
    private final RunSpec escalation;
    private final String escalationRule;
    private final RunSpec resolution;

    EpisodeScanner(AlertCondition condition, RunSpec onset, String onsetRule, RunSpec escalation, String escalationRule,
            RunSpec resolution) {
        this.condition = condition;
        this.onset = onset;
        this.onsetRule = onsetRule;
        this.escalation = escalation;
        this.escalationRule = escalationRule;
        this.resolution = resolution;
    }

    List<Episode> scan(List<Sample> samples) {
        List<Episode> episodes = new ArrayList<>();
        RunTracker onsets = new RunTracker(onset);
        RunTracker escalations = escalation == null ? null : new RunTracker(escalation);
        RunTracker resolutions = new RunTracker(resolution);
        Episode current = null;
        for (Sample sample : samples) {
            if (current == null) {
                List<Sample> run = onsets.offer(sample);
                if (escalations != null) {
                    escalations.offer(sample);
                }
                if (run != null) {
                    current = Episode.open(condition, run.get(0).measuredAt(), sample.measuredAt(), Severity.MEDIUM,
                            onsetRule, run);
                    resolutions.reset();
                    if (escalations != null && escalations.completed()) {
                        // The readings that opened the episode already meet the escalation rule
                        // (two readings of 38.5 °C, or a heart at 135 /min for the whole onset).
                        current = current.escalate(Severity.HIGH, sample.measuredAt(), escalationRule,
                                escalations.evidence());
                    }
                }
                continue;
            }
            if (escalations != null) {
                List<Sample> high = escalations.offer(sample);
                if (high != null && !current.escalated()) {
                    current = current.escalate(Severity.HIGH, sample.measuredAt(), escalationRule, high);
                }
            }
            List<Sample> calm = resolutions.offer(sample);
            if (calm != null) {
                episodes.add(current.resolve(sample.measuredAt(), calm));
                current = null;
                onsets.reset();
                if (escalations != null) {
                    escalations.reset();
                }
            }
        }
        if (current != null) {
            episodes.add(current);
        }
        return episodes;
    }
}
