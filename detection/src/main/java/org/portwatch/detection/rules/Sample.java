package org.portwatch.detection.rules;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import org.portwatch.model.Activity;
import org.portwatch.model.VitalReading;
import org.portwatch.model.VitalType;

/**
 * A reading as the detector keeps it: small, because a patient's last hours of readings live in a
 * changelogged state store. The readingId itself is kept only where the reading can become evidence.
 *
 * @param key        a 64-bit hash of the readingId: a second delivery of the same reading is a duplicate
 * @param measuredAt event time, epoch milliseconds
 * @param value      canonical value (°C or /min)
 * @param flags      type and context bits, see the constants
 * @param readingId  kept for readings that may become evidence, else null
 */
public record Sample(long key, long measuredAt, double value, int flags, String readingId) {

    static final int HEART_RATE = 1;
    static final int CLINICAL_SITE = 1 << 1;
    static final int ACTIVE = 1 << 2;
    static final int OFF_BODY = 1 << 3;

    public static final Comparator<Sample> BY_TIME = Comparator.comparingLong(Sample::measuredAt)
            .thenComparingLong(Sample::key);

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
        return new Sample(hash(reading.readingId()), reading.measuredAt().toEpochMilli(), reading.value(), flags,
                keepId ? reading.readingId() : null);
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

    /** Moving: a fast heart is explained (CLINICAL.md rule 3: unknown activity counts as resting). */
    public boolean active() {
        return (flags & ACTIVE) != 0;
    }

    public boolean offBody() {
        return (flags & OFF_BODY) != 0;
    }

    public Activity activityHint() {
        return active() ? Activity.ACTIVE : Activity.UNKNOWN;
    }

    /** 64-bit FNV-1a of the readingId; collisions among one patient's few hundred readings are negligible. */
    public static long hash(String readingId) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : readingId.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
