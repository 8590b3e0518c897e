package org.portwatch.detection.rules;

import static java.util.concurrent.TimeUnit.MINUTES;

import org.portwatch.model.Thresholds;

/**
 * How denser input than the rules need is reduced (docs/clinical-rules.md revision 2, "Bounded"), so that a
 * patient's state and the work per reading stay bounded whatever a device sends.
 * <p>
 * Consecutive measurements of one type that every rule line puts on the same side (the same
 * {@link #lineClass}: above or below 38.0, 38.3 and 37.8 °C; above or below the racing-heart, NEWS2,
 * SIRS and resolution lines; the same activity and site) and that follow each other within
 * {@link #DENSE_MS} (and the rules' shortest gap) are one stretch: every run rule gives the same answer on the stretch (kept as first and
 * last time, lowest and highest value, count and longest gap) as on the measurements themselves. Only a
 * rule's completion time inside a stretch is known less exactly (within the stretch's own gaps), which
 * is why a stretch is at most {@link #MAX_STRETCH_MS} long. That alone keeps a steady patient at a few
 * dozen entries for three hours.
 * <p>
 * A device that alternates across a line many times a minute defeats that; for it, neighbouring
 * entries that together span less than {@link #COARSE_MS} are merged whatever their class, once a type
 * holds more than {@link #MAX_ENTRIES} entries. A merged entry whose values straddle a line breaks a run
 * of that line (its lowest value is below a "throughout above" rule, its highest above a "throughout
 * below" rule), as a single measurement across the line would: the rule text's "none below the line
 * between" holds, only the break's position inside 30 seconds is lost.
 */
public final class Reduction {

    /**
     * Only readings closer than this are merged: a minute-by-minute heart rate or a 1 Hz patch, never the
     * sparse readings (a thermometer every few minutes) where one re-sent value must replace exactly.
     */
    static final long DENSE_MS = 90_000;
    /** A stretch spans at most this much event time, so a rule's completion is placed within it closely. */
    static final long MAX_STRETCH_MS = MINUTES.toMillis(10);
    /** Entries per type before neighbours are merged whatever their class. */
    static final int MAX_ENTRIES = 240;
    /** How narrow a merged entry of mixed classes stays: well under the shortest gap (1 min) a rule may set. */
    static final long COARSE_MS = 30_000;

    private Reduction() {
    }

    /** Which side of every rule line a value is on, with the flags that change what a rule makes of it. */
    static int lineClass(Sample s, Thresholds t) {
        int bits = s.flags() << 16;
        if (s.heartRate()) {
            bits |= side(s, t.heartRateHigh(), 0);
            bits |= side(s, t.heartRateHigh() - t.heartRateResolvedMargin(), 2);
            bits |= sideInclusive(s, t.heartRateCritical(), 4);
            bits |= side(s, t.sepsisHeartRate(), 6);
            bits |= side(s, t.sepsisHeartRate() - t.heartRateResolvedMargin(), 8);
        } else {
            bits |= sideInclusive(s, t.feverCelsius(), 0);
            bits |= sideInclusive(s, t.highFeverCelsius(), 2);
            bits |= sideInclusive(s, t.feverResolvedCelsius(), 4);
        }
        return bits;
    }

    /** 1: all above, 2: all at or below, 3: straddles (for "above" and "at or below" lines). */
    private static int side(Sample s, double line, int shift) {
        int side = s.allAbove(line) ? 1 : s.allAtMost(line) ? 2 : 3;
        return side << shift;
    }

    /** 1: all at or above, 2: all below, 3: straddles (for "at or above" and "below" lines). */
    private static int sideInclusive(Sample s, double line, int shift) {
        int side = s.allAtLeast(line) ? 1 : s.allBelow(line) ? 2 : 3;
        return side << shift;
    }

    /** The shortest gap any rule of this type tolerates: a stretch never hides a gap a rule would see. */
    static long mergeGapMs(boolean heartRate, Thresholds t) {
        long ruleGap = heartRate ? MINUTES.toMillis(t.heartRateMaxGapMinutes())
                : MINUTES.toMillis(Math.min(t.feverMaxGapMinutes(), t.feverConfirmMinutes() - 2));
        return Math.min(DENSE_MS, ruleGap);
    }

    /** Whether {@code a} followed by {@code b} may be one stretch. */
    static boolean mergeable(Sample a, Sample b, Thresholds t) {
        return a.heartRate() == b.heartRate()
                && b.first() >= a.last()
                && b.first() - a.last() <= mergeGapMs(a.heartRate(), t)
                && b.last() - a.first() <= MAX_STRETCH_MS
                && a.flags() == b.flags()
                && lineClass(a, t) == lineClass(b, t);
    }
}
