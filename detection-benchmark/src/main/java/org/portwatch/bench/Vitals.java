package org.portwatch.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.portwatch.bench.Population.Patient;
import org.portwatch.model.Activity;
import org.portwatch.model.MeasurementSite;
import org.portwatch.model.SensorStatus;
import org.portwatch.model.VitalReading;
import org.portwatch.model.VitalType;

/**
 * What a patient's patch measures in a given minute of their schedule, as the {@link VitalReading} ingest
 * would put on the topic: canonical units, the device's readingId (a name-based UUID, as the wearable
 * simulator of local-stack makes them), heart rate on the chest, temperature on the skin.
 */
final class Vitals {

    static final String CELSIUS = "Cel";
    static final String PER_MINUTE = "/min";

    private Vitals() {
    }

    /**
     * @param minute minute of the patient's schedule (0 = first minute of the replay); abnormal patients are
     *               abnormal from their onset minute on
     * @param live   whether the reading belongs to the live phase (where the live-fever patients are febrile)
     */
    static VitalReading heartRate(long seed, Patient p, long minute, boolean live, Instant measuredAt,
            Instant receivedAt) {
        double normal = clamp(p.baselineHeartRate() + 3 * Population.gaussian(seed, p.index(), minute, 1), 50, 95);
        double value;
        Activity activity = Activity.RESTING;
        if (p.tachycardic() && minute >= p.onsetMinute()) {
            value = p.racingHeartRate() + 4 * Population.noise(seed, p.index(), minute, 2);
        } else if ((p.febrile() && minute >= p.onsetMinute()) || (p.liveFever() && live)) {
            value = Math.min(normal + 8, 95); // a fever lifts the heart rate, not to a racing heart
        } else if (Population.noise(seed, p.index(), minute, 3) > 0.96) {
            activity = Activity.ACTIVE; // a walk: fast heart, explained
            value = 100 + 25 * Population.unit(seed, p.index() * 31L + minute, 4);
        } else {
            value = normal;
        }
        return reading(seed, p, minute, VitalType.HEART_RATE, Math.round(value), PER_MINUTE, measuredAt, receivedAt,
                MeasurementSite.CHEST, activity, SensorStatus.ON_BODY);
    }

    static VitalReading temperature(long seed, Patient p, long minute, boolean live, Instant measuredAt,
            Instant receivedAt) {
        double celsius;
        SensorStatus status = SensorStatus.ON_BODY;
        if ((p.febrile() && minute >= p.onsetMinute()) || (p.liveFever() && live)) {
            celsius = p.feverPeakCelsius() + 0.1 * Population.noise(seed, p.index(), minute, 5);
        } else if (Population.noise(seed, p.index(), minute, 6) > 0.99) {
            status = SensorStatus.OFF_BODY; // patch lying loose: measures the room
            celsius = 29 + 2 * Population.unit(seed, p.index() * 37L + minute, 7);
        } else {
            celsius = clamp(p.baselineCelsius() + 0.12 * Population.gaussian(seed, p.index(), minute, 8), 36.3, 37.3);
        }
        return reading(seed, p, minute, VitalType.BODY_TEMPERATURE, Math.round(celsius * 100) / 100.0, CELSIUS, measuredAt,
                receivedAt, MeasurementSite.SKIN, Activity.RESTING, status);
    }

    /**
     * A live-fever patient's temperature in the live phase: once febrile, an oral thermometer reading (a
     * clinical reading: one is a fever), before that the patch's normal skin temperature.
     */
    static VitalReading liveTemperature(long seed, Patient p, long minute, boolean febrile, Instant now) {
        if (!febrile) {
            double celsius = clamp(p.baselineCelsius() + 0.12 * Population.gaussian(seed, p.index(), minute, 8), 36.3,
                    37.3);
            return reading(seed, p, minute, VitalType.BODY_TEMPERATURE, Math.round(celsius * 100) / 100.0, CELSIUS,
                    now, now, MeasurementSite.SKIN, Activity.RESTING, SensorStatus.ON_BODY);
        }
        double celsius = p.feverPeakCelsius() + 0.1 * Population.noise(seed, p.index(), minute, 5);
        return reading(seed, p, minute, VitalType.BODY_TEMPERATURE, Math.round(celsius * 10) / 10.0, CELSIUS, now, now,
                MeasurementSite.ORAL, Activity.RESTING, SensorStatus.ON_BODY);
    }

    private static VitalReading reading(long seed, Patient p, long minute, VitalType type, double value, String unit,
            Instant measuredAt, Instant receivedAt, MeasurementSite site, Activity activity, SensorStatus status) {
        String name = seed + "|" + p.deviceId() + '|' + type.name() + '|' + minute + '|' + measuredAt.toEpochMilli();
        String readingId = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
        return new VitalReading(readingId, p.patientId(), p.deviceId(), type, value, unit, unit, measuredAt,
                receivedAt, site, activity, status);
    }

    static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }
}
