package org.portwatch.detection.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.portwatch.model.Thresholds;

/**
 * What the detector remembers of one patient: per vital type the measurements inside the rule horizon
 * plus the lateness limit, reduced as {@link Reduction} says and sorted by measurement time; the alerts
 * it has raised; and the wall-clock facts NO_DATA needs. Bounded by construction: older entries and
 * closed alerts are evicted on every update, and a type never holds more than {@link Reduction#MAX_ENTRIES}
 * entries, so one patient's state stays under 64 KB whatever a device sends.
 */
public final class PatientState {

    /** Where nothing happened yet. */
    public static final long NONE = Long.MIN_VALUE;

    /** What became of a measurement offered to the state. */
    enum Insert {
        NEW,
        /** The same device, type and measuredAt: the later value replaced the earlier (revision 2). */
        REPLACED,
        /** Already known: a re-send with the same value, or one inside a stretch it would not change. */
        DUPLICATE
    }

    private final List<Sample> temperatures;
    private final List<Sample> heartRates;
    private final List<Tracked> tracked;
    private long lastReceivedAt;
    private long lastLiveAt;
    private long noDataDue;

    public PatientState() {
        this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), NONE, NONE, NONE);
    }

    PatientState(List<Sample> temperatures, List<Sample> heartRates, List<Tracked> tracked, long lastReceivedAt,
            long lastLiveAt, long noDataDue) {
        this.temperatures = temperatures;
        this.heartRates = heartRates;
        this.tracked = tracked;
        this.lastReceivedAt = lastReceivedAt;
        this.lastLiveAt = lastLiveAt;
        this.noDataDue = noDataDue;
    }

    public List<Sample> temperatures() {
        return Collections.unmodifiableList(temperatures);
    }

    public List<Sample> heartRates() {
        return Collections.unmodifiableList(heartRates);
    }

    /** Every entry, temperatures first (for tools and tests). */
    public List<Sample> samples() {
        List<Sample> all = new ArrayList<>(temperatures);
        all.addAll(heartRates);
        return all;
    }

    public List<Tracked> tracked() {
        return Collections.unmodifiableList(tracked);
    }

    /** Wall-clock time (ingest's receivedAt) of the latest reading, or {@link #NONE} if none yet. */
    public long lastReceivedAt() {
        return lastReceivedAt;
    }

    /**
     * Wall-clock time of the latest live reading: on the body and measured within the silence limit of its
     * arrival (revision 2: off-body readings and backlog syncs neither end nor prevent NO_DATA).
     */
    public long lastLiveAt() {
        return lastLiveAt;
    }

    /** The due time this patient is filed under in the NO_DATA index, or {@link #NONE} if not filed. */
    public long noDataDue() {
        return noDataDue;
    }

    public void noDataDue(long due) {
        noDataDue = due;
    }

    void received(long receivedAt) {
        lastReceivedAt = Math.max(lastReceivedAt, receivedAt);
    }

    void live(long receivedAt) {
        lastLiveAt = Math.max(lastLiveAt, receivedAt);
    }

    /** Adds one measurement, reducing as {@link Reduction} allows. */
    Insert insert(Sample s, Thresholds t) {
        List<Sample> list = s.heartRate() ? heartRates : temperatures;
        int at = upperBound(list, s.first());
        // The same device, type and measuredAt: a re-send, whatever its readingId.
        for (int i = at - 1; i >= 0 && list.get(i).first() == s.first(); i--) {
            Sample known = list.get(i);
            if (known.single() && known.device() == s.device()) {
                if (known.min() == s.min() && known.flags() == s.flags()) {
                    return Insert.DUPLICATE;
                }
                list.remove(i);
                list.add(i, s);
                mergeAround(list, i, t);
                return Insert.REPLACED;
            }
        }
        if (at > 0) {
            Sample around = list.get(at - 1);
            if (!around.single() && around.first() <= s.first() && s.first() <= around.last()) {
                if (around.flags() == s.flags() && Reduction.lineClass(around, t) == Reduction.lineClass(s, t)) {
                    // Inside a stretch that every rule reads as this measurement would: nothing changes. A
                    // re-send is absorbed the same way, so duplicates stay harmless.
                    return Insert.DUPLICATE;
                }
                list.remove(at - 1);
                int index = at - 1;
                Sample[] parts = around.splitAround(s.first());
                if (parts[0].last() < s.first()) {
                    list.add(index++, parts[0]);
                }
                list.add(index, s);
                if (parts[1].first() > s.first()) {
                    list.add(index + 1, parts[1]);
                }
                mergeAround(list, index, t);
                return Insert.NEW;
            }
        }
        list.add(at, s);
        mergeAround(list, at, t);
        if (list.size() > Reduction.MAX_ENTRIES) {
            coarsen(list);
        }
        return Insert.NEW;
    }

    /** Index of the first entry that starts after {@code time}. */
    private static int upperBound(List<Sample> list, long time) {
        int lo = 0;
        int hi = list.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (list.get(mid).first() <= time) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static void mergeAround(List<Sample> list, int index, Thresholds t) {
        if (index + 1 < list.size() && Reduction.mergeable(list.get(index), list.get(index + 1), t)) {
            list.set(index, list.get(index).mergedWith(list.remove(index + 1)));
        }
        if (index > 0 && Reduction.mergeable(list.get(index - 1), list.get(index), t)) {
            list.set(index - 1, list.get(index - 1).mergedWith(list.remove(index)));
        }
    }

    /**
     * Input denser than any rule can tell apart (a device crossing a line many times a minute): merge
     * neighbours spanning less than a coarse width whatever their class, widening until a quarter of the
     * room is free again. Rare, and linear when it runs, so the cost per reading stays bounded on average.
     */
    private static void coarsen(List<Sample> list) {
        long width = Reduction.COARSE_MS;
        while (list.size() > Reduction.MAX_ENTRIES * 3 / 4) {
            List<Sample> out = new ArrayList<>(list.size());
            Sample open = null;
            for (Sample s : list) {
                if (open != null && s.last() - open.first() <= width) {
                    open = open.mergedWith(s);
                } else {
                    if (open != null) {
                        out.add(open);
                    }
                    open = s;
                }
            }
            if (open != null) {
                out.add(open);
            }
            list.clear();
            list.addAll(out);
            width *= 2;
        }
    }

    /** Drops entries older than the horizon and closed alerts that ended before it. */
    void evictBefore(long measuredAt) {
        evict(temperatures, measuredAt);
        evict(heartRates, measuredAt);
        tracked.removeIf(t -> t.resolved() && t.end() < measuredAt && t.start() < measuredAt);
    }

    private static void evict(List<Sample> list, long before) {
        int keepFrom = 0;
        while (keepFrom < list.size() && list.get(keepFrom).last() < before) {
            keepFrom++;
        }
        if (keepFrom > 0) {
            list.subList(0, keepFrom).clear();
        }
    }

    /** Forgets every measurement (discharge): nothing before it may count after re-enrolment. */
    void forgetReadings() {
        temperatures.clear();
        heartRates.clear();
    }

    List<Tracked> trackedMutable() {
        return tracked;
    }

    List<Sample> temperaturesMutable() {
        return temperatures;
    }

    List<Sample> heartRatesMutable() {
        return heartRates;
    }

    /** Nothing worth keeping: the store may drop the key. */
    public boolean isEmpty() {
        return temperatures.isEmpty() && heartRates.isEmpty() && tracked.isEmpty() && noDataDue == NONE;
    }
}
