package org.portwatch.detection.rules;

import java.util.ArrayList;
import java.util.List;

/** Follows one {@link RunSpec} over readings in time order and says when a run completes (once per run). */
final class RunTracker {

    /** Evidence is bounded: the clinician sees the readings that completed the rule, not a whole day. */
    static final int MAX_EVIDENCE = 12;

    private final RunSpec spec;
    private final List<Sample> run = new ArrayList<>();
    private Sample first;
    private Sample last;
    private int count;
    private boolean completed;

    RunTracker(RunSpec spec) {
        this.spec = spec;
    }

    /** Offers the next reading; returns the run's evidence if this reading completes it, else null. */
    List<Sample> offer(Sample sample) {
        if (!spec.qualifies().test(sample)) {
            reset();
            return null;
        }
        if (last == null || sample.measuredAt() - last.measuredAt() > spec.maxGapMs()) {
            reset();
            first = sample;
        }
        last = sample;
        count++;
        run.add(sample);
        if (run.size() > MAX_EVIDENCE) {
            run.remove(1); // keep the first reading: it dates the run
        }
        if (!completed && (spec.single().test(sample)
                || count >= spec.minCount() && last.measuredAt() - first.measuredAt() >= spec.minSpanMs())) {
            completed = true;
            return List.copyOf(run);
        }
        return null;
    }

    /** Whether the current run (which includes the last reading offered) has met the spec. */
    boolean completed() {
        return completed;
    }

    /** The current run's readings, bounded. */
    List<Sample> evidence() {
        return List.copyOf(run);
    }

    void reset() {
        run.clear();
        first = null;
        last = null;
        count = 0;
        completed = false;
    }
}
