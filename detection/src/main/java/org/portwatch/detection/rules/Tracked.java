package org.portwatch.detection.rules;

import org.portwatch.model.AlertCondition;
import org.portwatch.model.Severity;

/**
 * An alert the detector has raised and what it last said of it. The alertId is fixed by {@code key} when
 * it was raised (the episode's start, unless an earlier alert of the same episode already has that id),
 * so later evidence never renames an alert and a new alert never reuses an old one's id.
 *
 * @param start     event time the episode started when it was raised
 * @param key       event time the alertId is derived from
 * @param end       event time it resolved (or was withdrawn); meaningful once {@code resolved}
 * @param withdrawn resolved because later-arriving readings showed the rule was not met
 * @param pinned    kept open whatever the readings in the horizon say, until its resolution rule is met:
 *                  its thresholds changed after it was raised (revision 2: a threshold change never withdraws
 *                  an alert that was right when raised)
 * @param since     for a pinned alert, when the change came: only readings from then on count towards its
 *                  resolution ("applies from then on")
 */
public record Tracked(AlertCondition condition, long start, long key, Severity severity, boolean resolved, long end,
        boolean withdrawn, boolean pinned, long since) {

    static Tracked raised(AlertCondition condition, long start, long key, Severity severity) {
        return new Tracked(condition, start, key, severity, false, Long.MAX_VALUE, false, false, Long.MIN_VALUE);
    }

    boolean open() {
        return !resolved;
    }

    boolean overlaps(Episode episode) {
        long trackedEnd = resolved ? end : Long.MAX_VALUE;
        return start <= episode.end() && episode.start() <= trackedEnd;
    }

    Tracked escalated(Severity to) {
        return new Tracked(condition, start, key, to, resolved, end, withdrawn, pinned, since);
    }

    Tracked closed(long at) {
        return new Tracked(condition, start, key, severity, true, at, false, false, Long.MIN_VALUE);
    }

    Tracked withdrawnAt(long at) {
        return new Tracked(condition, start, key, severity, true, at, true, false, Long.MIN_VALUE);
    }

    Tracked pin(long at) {
        return new Tracked(condition, start, key, severity, resolved, end, withdrawn, true, Math.max(since, at));
    }
}
