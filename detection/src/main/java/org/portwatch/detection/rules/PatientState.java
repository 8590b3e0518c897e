package org.portwatch.detection.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the detector remembers of one patient: the readings inside the rule horizon plus the lateness
 * limit, sorted by measurement time, and the alerts it has raised. Bounded by construction: older
 * readings and closed alerts are evicted on every update (see {@link PatientDetector}).
 */
public final class PatientState {

    private final List<Sample> samples;
    private final List<Tracked> tracked;
    private long lastReceivedAt;

    public PatientState() {
        this(new ArrayList<>(), new ArrayList<>(), Long.MIN_VALUE);
    }

    PatientState(List<Sample> samples, List<Tracked> tracked, long lastReceivedAt) {
        this.samples = samples;
        this.tracked = tracked;
        this.lastReceivedAt = lastReceivedAt;
    }

    public List<Sample> samples() {
        return Collections.unmodifiableList(samples);
    }

    public List<Tracked> tracked() {
        return Collections.unmodifiableList(tracked);
    }

    /** Wall-clock time (ingest's receivedAt) of the latest reading, or {@code Long.MIN_VALUE} if none yet. */
    public long lastReceivedAt() {
        return lastReceivedAt;
    }

    void received(long receivedAt) {
        lastReceivedAt = Math.max(lastReceivedAt, receivedAt);
    }

    boolean contains(long key) {
        for (Sample sample : samples) {
            if (sample.key() == key) {
                return true;
            }
        }
        return false;
    }

    void add(Sample sample) {
        int at = Collections.binarySearch(samples, sample, Sample.BY_TIME);
        samples.add(at < 0 ? -at - 1 : at, sample);
    }

    void evictBefore(long measuredAt) {
        int keepFrom = 0;
        while (keepFrom < samples.size() && samples.get(keepFrom).measuredAt() < measuredAt) {
            keepFrom++;
        }
        if (keepFrom > 0) {
            samples.subList(0, keepFrom).clear();
        }
        tracked.removeIf(t -> t.resolved() && t.end() < measuredAt);
    }

    List<Tracked> trackedMutable() {
        return tracked;
    }

    /** Nothing worth keeping: the store may drop the key. */
    public boolean isEmpty() {
        return samples.isEmpty() && tracked.isEmpty();
    }
}
