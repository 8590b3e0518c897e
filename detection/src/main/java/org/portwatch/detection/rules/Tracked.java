package org.portwatch.detection.rules;

import org.portwatch.model.AlertCondition;
import org.portwatch.model.Severity;

/**
 * An alert the detector has raised and what it last said of it. The alertId is fixed by the start
 * recorded here when it was raised, so later evidence never renames an alert.
 */
public record Tracked(AlertCondition condition, long start, Severity severity, boolean resolved, long end) {

    boolean overlaps(Episode episode) {
        long trackedEnd = resolved ? end : Long.MAX_VALUE;
        return start <= episode.end() && episode.start() <= trackedEnd;
    }

    Tracked escalated(Severity to) {
        return new Tracked(condition, start, to, resolved, end);
    }

    Tracked closed(long at) {
        return new Tracked(condition, start, severity, true, at);
    }
}
