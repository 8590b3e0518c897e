package org.portwatch.detection.rules;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Follows one {@link RunSpec} over entries in time order and says when a run completes (once per run).
 * Work per entry is constant: a run is its first and last entry, a count, a bounded evidence list and,
 * for confirmations, the measurement times of the last window (bounded too).
 */
final class RunTracker {

    /** Evidence is bounded: the clinician sees the readings that completed the rule, not a whole day. */
    static final int MAX_EVIDENCE = 12;
    /** Measurement times a confirmation looks back over; entries are at least seconds apart, so plenty. */
    private static final int MAX_POINTS = 64;

    private final RunSpec spec;
    private final List<Sample> run = new ArrayList<>();
    private final Deque<Long> points = new ArrayDeque<>();
    private Sample first;
    private Sample last;
    private long count;
    private boolean completed;
    private long completedAt = Episode.NONE;

    RunTracker(RunSpec spec) {
        this.spec = spec;
    }

    /** Offers the next entry; returns the run's evidence if this entry completes it, else null. */
    List<Sample> offer(Sample sample) {
        if (!spec.continues(sample)) {
            reset();
            return null;
        }
        if (last == null || sample.first() - last.last() > spec.maxGapMs()) {
            reset();
            first = sample;
        }
        last = sample;
        count += sample.count();
        run.add(sample);
        if (run.size() > MAX_EVIDENCE) {
            run.remove(1); // keep the first reading: it dates the run
        }
        long at = completed ? Episode.NONE : completion(sample);
        if (spec.minSeparationMs() > 0) {
            remember(sample);
        }
        if (at != Episode.NONE) {
            completed = true;
            completedAt = at;
            return List.copyOf(run);
        }
        return null;
    }

    private long completion(Sample sample) {
        if (spec.single().test(sample)) {
            return sample.first();
        }
        if (spec.minSeparationMs() > 0) {
            return confirmation(sample);
        }
        if (count >= spec.minCount() && sample.last() - first.first() >= spec.minSpanMs()) {
            return Math.min(sample.last(), Math.max(sample.first(), first.first() + spec.minSpanMs()));
        }
        return Episode.NONE;
    }

    /** The first time within this entry at which an earlier measurement of the run is confirmed. */
    private long confirmation(Sample sample) {
        long sep = spec.minSeparationMs();
        long window = spec.maxGapMs();
        for (long a : points) {
            long d = sample.first() - a;
            if (d >= sep && d <= window) {
                return sample.first();
            }
        }
        if (sample.last() > sample.first()) {
            // Inside a stretch measurements are at most a rule gap apart, so one lies within a gap after A + 2 min.
            long earliest = Long.MAX_VALUE;
            for (long a : points) {
                if (sample.last() - a >= sep && sample.first() - a <= window) {
                    earliest = Math.min(earliest, a);
                }
            }
            if (sample.last() - sample.first() >= sep) {
                earliest = Math.min(earliest, sample.first());
            }
            if (earliest != Long.MAX_VALUE) {
                return Math.min(sample.last(), Math.max(sample.first(), earliest + sep));
            }
        }
        return Episode.NONE;
    }

    private void remember(Sample sample) {
        points.addLast(sample.first());
        if (sample.last() != sample.first()) {
            points.addLast(sample.last());
        }
        while (points.size() > MAX_POINTS || !points.isEmpty() && sample.last() - points.peekFirst() > spec.maxGapMs()) {
            points.removeFirst();
        }
    }

    /** Whether the current run (which includes the last entry offered) has met the spec. */
    boolean completed() {
        return completed;
    }

    /** When the current run met the spec, or {@link Episode#NONE}. */
    long completedAt() {
        return completedAt;
    }

    /** First measurement of the current run, or {@link Episode#NONE}. */
    long runStart() {
        return first == null ? Episode.NONE : first.first();
    }

    /** Last measurement of the current run, or {@link Episode#NONE}. */
    long runEnd() {
        return last == null ? Episode.NONE : last.last();
    }

    /** The current run's readings, bounded. */
    List<Sample> evidence() {
        return List.copyOf(run);
    }

    void reset() {
        run.clear();
        points.clear();
        first = null;
        last = null;
        count = 0;
        completed = false;
        completedAt = Episode.NONE;
    }
}
