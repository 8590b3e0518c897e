package org.portwatch.detection.rules;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import org.portwatch.model.Activity;
import org.portwatch.model.VitalReading;
import org.portwatch.model.VitalType;

/**
 * What the detector keeps of one or more readings of one type: a measurement, or a stretch of
 * consecutive measurements that every rule treats alike (see {@link Reduction}). A single measurement
 * has {@code first == last}, {@code min == max} and {@code count == 1}; a stretch keeps its first and
 * last measurement times, the lowest and highest value, how many measurements it stands for and the
 * longest gap between two of them, which is all the run rules of docs/clinical-rules.md ask of it.
 *
 * @param first     event time (measuredAt) of the first measurement, epoch ms
 * @param last      event time of the last measurement
 * @param min       lowest canonical value (°C or /min), exactly as measured: never rounded (revision 2)
 * @param max       highest canonical value
 * @param count     measurements it stands for
 * @param maxGapMs  longest gap between two consecutive measurements inside it (0 for one measurement)
 * @param flags     type and context bits, see the constants; equal for every measurement of a stretch
 * @param device    32-bit hash of the deviceId: one device's type and measuredAt is one measurement
 * @param readingId the first measurement's id where it may become evidence, else null (state stays small)
 */
public record Sample(long first, long last, double min, double max, int count, long maxGapMs, int flags,
        int device, String readingId) {

    static final int HEART_RATE = 1;
    static final int CLINICAL_SITE = 1 << 1;
    static final int ACTIVE = 1 << 2;
    static final int OFF_BODY = 1 << 3;
    /** Readings ids longer than this are not kept in state; evidence then names the measurement by its derived id. */
    static final int MAX_KEPT_ID_LENGTH = 40;

    public static final Comparator<Sample> BY_TIME = Comparator.comparingLong(Sample::first)
            .thenComparingLong(Sample::last).thenComparingInt(Sample::device);

    public static Sample of(VitalReading reading, boolean keepId) {
        int flags = 0;
        if (reading.type() == VitalType.HEART_RATE) {
            flags |= HEART_RATE;
        }
        if (reading.site() != null && reading.site().isClinicalThermometer()) {
            flags |= CLINICAL_SITE;
        }
        if (reading.activity() != null && reading.activity().isActive()) {
            flags |= ACTIVE;
        }
        if (reading.offBody()) {
            flags |= OFF_BODY;
        }
        long at = reading.measuredAt().toEpochMilli();
        String id = keepId && reading.readingId().length() <= MAX_KEPT_ID_LENGTH ? reading.readingId() : null;
        return new Sample(at, at, reading.value(), reading.value(), 1, 0, flags, deviceHash(reading.deviceId()), id);
    }

    /** One measurement (for tests and tools). */
    public static Sample single(long measuredAt, double value, int flags, int device, String readingId) {
        return new Sample(measuredAt, measuredAt, value, value, 1, 0, flags, device, readingId);
    }

    /** The time the rules date this entry by: its first measurement. */
    public long measuredAt() {
        return first;
    }

    /** The value shown as evidence: the one furthest from normal. */
    public double value() {
        return heartRate() || max >= 37.0 ? max : min;
    }

    public boolean single() {
        return count == 1;
    }

    public VitalType type() {
        return (flags & HEART_RATE) != 0 ? VitalType.HEART_RATE : VitalType.BODY_TEMPERATURE;
    }

    public boolean heartRate() {
        return (flags & HEART_RATE) != 0;
    }

    public boolean clinicalSite() {
        return (flags & CLINICAL_SITE) != 0;
    }

    /** Moving: a fast heart is explained (docs/clinical-rules.md rule 3: unknown activity counts as resting). */
    public boolean active() {
        return (flags & ACTIVE) != 0;
    }

    public boolean offBody() {
        return (flags & OFF_BODY) != 0;
    }

    public Activity activityHint() {
        return active() ? Activity.ACTIVE : Activity.UNKNOWN;
    }

    /** Every measurement at or above {@code line}. */
    public boolean allAtLeast(double line) {
        return min >= line;
    }

    /** Every measurement above {@code line}. */
    public boolean allAbove(double line) {
        return min > line;
    }

    /** Every measurement below {@code line}. */
    public boolean allBelow(double line) {
        return max < line;
    }

    /** Every measurement at or below {@code line}. */
    public boolean allAtMost(double line) {
        return max <= line;
    }

    Sample withValue(double value, String id) {
        return new Sample(first, last, value, value, 1, 0, flags, device, id);
    }

    /** This stretch followed by {@code next}, which starts no earlier than this ends. */
    Sample mergedWith(Sample next) {
        long gap = Math.max(0, next.first - last);
        return new Sample(first, Math.max(last, next.last), Math.min(min, next.min), Math.max(max, next.max),
                count + next.count, Math.max(Math.max(maxGapMs, next.maxGapMs), gap),
                (flags & next.flags & CLINICAL_SITE) | ((flags | next.flags) & ~CLINICAL_SITE),
                device, readingId != null ? readingId : next.readingId);
    }

    /** The part of this stretch before {@code at} (exclusive) and the part after it, for a reading landing inside. */
    Sample[] splitAround(long at) {
        long leftEnd = at - 1;
        long rightStart = at + 1;
        int leftCount = (int) Math.max(1, Math.round(count * (double) (leftEnd - first) / Math.max(1, last - first)));
        leftCount = Math.min(leftCount, count - 1);
        int rightCount = Math.max(1, count - leftCount);
        Sample left = new Sample(first, Math.max(first, leftEnd), min, max, Math.max(1, leftCount), maxGapMs, flags,
                device, readingId);
        Sample right = new Sample(Math.min(last, rightStart), last, min, max, rightCount, maxGapMs, flags, device, null);
        return new Sample[] {left, right};
    }

    /** The part of this stretch from {@code at} on (its first measurement there or later). */
    Sample from(long at) {
        return at <= first ? this : new Sample(Math.min(at, last), last, min, max, Math.max(1, count / 2), maxGapMs,
                flags, device, null);
    }

    Sample withoutId() {
        return readingId == null ? this : new Sample(first, last, min, max, count, maxGapMs, flags, device, null);
    }

    /** 32-bit FNV-1a of the deviceId. */
    public static int deviceHash(String deviceId) {
        int hash = 0x811c9dc5;
        for (byte b : deviceId.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        return hash;
    }
}
