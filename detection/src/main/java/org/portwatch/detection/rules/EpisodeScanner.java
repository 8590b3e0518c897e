package org.portwatch.detection.rules;

import java.util.ArrayList;
import java.util.List;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.Severity;

/**
 * Turns entries in time order into episodes: an onset run opens one, an escalation run raises its
 * severity, a resolution run closes it (hysteresis: the resolution line sits below the onset line), and
 * only then can a new onset open the next episode.
 * <p>
 * A seed is an open alert that must stay open until its resolution rule is met, whatever the readings in
 * the horizon say of its onset (revision 2: its first readings are older than the horizon, or its
 * thresholds changed after it was raised): from its start the scan treats the episode as open.
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

    List<Episode> scan(List<Sample> samples, Tracked seed) {
        List<Episode> episodes = new ArrayList<>();
        RunTracker onsets = new RunTracker(onset);
        RunTracker escalations = escalation == null ? null : new RunTracker(escalation);
        RunTracker resolutions = new RunTracker(resolution);
        Episode current = null;
        boolean seeded = seed == null;
        for (Sample sample : samples) {
            if (!seeded && sample.first() >= seed.start()) {
                seeded = true;
                if (current == null) {
                    current = seeded(seed);
                    resolutions.reset();
                }
            }
            if (current == null) {
                List<Sample> run = onsets.offer(sample);
                if (escalations != null) {
                    escalations.offer(sample);
                }
                if (run != null) {
                    current = Episode.open(condition, onsets.runStart(), onsets.completedAt(), Severity.MEDIUM,
                            onsetRule, run, sample.last());
                    resolutions.reset();
                    if (escalations != null && escalations.completed()) {
                        // The readings that opened the episode already meet the escalation rule
                        // (two readings of 38.5 °C, or a heart at 135 /min for the whole onset).
                        current = current.escalate(Severity.HIGH, Math.max(current.confirmedAt(),
                                escalations.completedAt()), escalationRule, escalations.evidence());
                    }
                }
                continue;
            }
            if (onset.continues(sample)) {
                current = current.hit(sample.last());
            }
            if (escalations != null) {
                List<Sample> high = escalations.offer(sample);
                if (high != null && !current.escalated()) {
                    current = current.escalate(Severity.HIGH, escalations.completedAt(), escalationRule, high);
                }
            }
            Sample counted = sample;
            if (seed != null && seeded && sample.first() < seed.since()) {
                // A pinned alert resolves on readings from its change on; of a stretch, the part after it.
                if (sample.last() < seed.since()) {
                    resolutions.reset();
                    continue;
                }
                counted = sample.from(seed.since());
            }
            List<Sample> calm = resolutions.offer(counted);
            if (calm != null) {
                episodes.add(current.resolve(resolutions.completedAt(), calm));
                current = null;
                onsets.reset();
                if (escalations != null) {
                    escalations.reset();
                }
            }
        }
        if (!seeded && current == null) {
            current = seeded(seed);
        }
        if (current != null) {
            episodes.add(current);
        }
        return episodes;
    }

    private Episode seeded(Tracked seed) {
        return Episode.open(condition, seed.start(), seed.start(), seed.severity(), onsetRule, List.of(), seed.start());
    }
}
