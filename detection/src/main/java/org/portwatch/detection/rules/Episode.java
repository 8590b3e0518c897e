package org.portwatch.detection.rules;

import java.util.List;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.Severity;

/**
 * One episode of a condition as the readings show it: when it started, when a rule confirmed it, whether
 * and when it escalated and resolved, and the last reading that met the onset line (revision 2's sepsis
 * timing measures from the fever's first to its last reading at or above 38.0 °C). Times are measurement
 * times (epoch ms); {@code NONE} where it did not happen.
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
        List<Sample> resolutionEvidence,
        long lastHit) {

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
        return escalated() && escalatedTo.compareTo(severity) > 0 ? escalatedTo : severity;
    }

    Episode escalate(Severity to, long at, String why, List<Sample> evidence) {
        return new Episode(condition, start, confirmedAt, severity, rule, this.evidence, to, at, why, evidence,
                resolvedAt, resolutionEvidence, lastHit);
    }

    Episode resolve(long at, List<Sample> evidence) {
        return new Episode(condition, start, confirmedAt, severity, rule, this.evidence, escalatedTo, escalatedAt,
                escalationRule, escalationEvidence, at, evidence, lastHit);
    }

    Episode hit(long at) {
        return at <= lastHit ? this : new Episode(condition, start, confirmedAt, severity, rule, evidence, escalatedTo,
                escalatedAt, escalationRule, escalationEvidence, resolvedAt, resolutionEvidence, at);
    }

    static Episode open(AlertCondition condition, long start, long confirmedAt, Severity severity, String rule,
            List<Sample> evidence, long lastHit) {
        return new Episode(condition, start, confirmedAt, severity, rule, evidence, null, NONE, null, List.of(), NONE,
                List.of(), lastHit);
    }
}
