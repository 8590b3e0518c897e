package org.portwatch.detection.rules;

import java.util.List;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.Severity;

/**
 * One episode of a condition as the readings show it: when it started, when a rule confirmed it, whether
 * and when it escalated and resolved. Times are measurement times (epoch ms); {@code NONE} where it did not happen.
 */
public record Episode(
        AlertCondition condition,
        long start,
        long confirmedAt,
        Severity severity,
        String rule,
        List<Sample> evidence,
        Severity escalatedTo,
        long escalatedAt,
        String escalationRule,
        List<Sample> escalationEvidence,
        long resolvedAt,
        List<Sample> resolutionEvidence) {

    public static final long NONE = Long.MIN_VALUE;

    public boolean escalated() {
        return escalatedAt != NONE;
    }

    public boolean resolved() {
        return resolvedAt != NONE;
    }

    /** The end of the episode for overlap tests: its resolution, or never. */
    public long end() {
        return resolved() ? resolvedAt : Long.MAX_VALUE;
    }

    public Severity currentSeverity() {
        return escalated() ? escalatedTo : severity;
    }

    Episode escalate(Severity to, long at, String why, List<Sample> evidence) {
        return new Episode(condition, start, confirmedAt, severity, rule, this.evidence, to, at, why, evidence,
                resolvedAt, resolutionEvidence);
    }

    Episode resolve(long at, List<Sample> evidence) {
        return new Episode(condition, start, confirmedAt, severity, rule, this.evidence, escalatedTo, escalatedAt,
                escalationRule, escalationEvidence, at, evidence);
    }

    static Episode open(AlertCondition condition, long start, long confirmedAt, Severity severity, String rule,
            List<Sample> evidence) {
        return new Episode(condition, start, confirmedAt, severity, rule, evidence, null, NONE, null, List.of(), NONE,
                List.of());
    }
}
