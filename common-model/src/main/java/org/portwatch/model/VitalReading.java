package org.portwatch.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One accepted measurement, as it travels on {@link Topics#VITALS_READINGS} keyed by patientId.
 *
 * @param readingId    unique per measurement: the device's own id, else {@link #deriveReadingId}; retries are harmless downstream
 * @param patientId    from the device's registration, never from the request body
 * @param deviceId     the device that sent it
 * @param type         what was measured
 * @param value        the value in {@code unit}; 0 for a categorical type ({@link VitalType#categorical()}), whose
 *                     value is {@code rhythm}
 * @param unit         the canonical UCUM unit of {@code type} ({@code Cel}, {@code /min}, {@code {rhythm}})
 * @param sourceUnit   the unit the device sent, kept for audit (e.g. {@code [degF]})
 * @param measuredAt   device time of the measurement; the event time of every detection rule
 * @param receivedAt   when ingest accepted it
 * @param site         where it was measured, may be null
 * @param activity     the wearer's activity, may be null (treated as unknown)
 * @param sensorStatus the sensor's contact with the body, may be null (treated as unknown)
 * @param rhythm       the category of a {@link VitalType#HEART_RHYTHM} reading; null for every numeric type. A field of
 *                     its own, not a number in {@code value}: numeric readings and their JSON stay as they were (the
 *                     field is left out when null), and a reading written before it existed reads with it null.
 */
public record VitalReading(
        String readingId,
        String patientId,
        String deviceId,
        VitalType type,
        double value,
        String unit,
        String sourceUnit,
        Instant measuredAt,
        Instant receivedAt,
        MeasurementSite site,
        Activity activity,
        SensorStatus sensorStatus,
        @JsonInclude(JsonInclude.Include.NON_NULL) HeartRhythm rhythm) {

    @JsonCreator
    public VitalReading {
        Objects.requireNonNull(readingId, "readingId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(measuredAt, "measuredAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (type.categorical() != (rhythm != null)) {
            throw new IllegalArgumentException(type.categorical() ? type + " needs a rhythm" : type + " has no rhythm");
        }
    }

    /** A numeric reading (every type but {@link VitalType#HEART_RHYTHM}), as every reading was before rhythms. */
    public VitalReading(String readingId, String patientId, String deviceId, VitalType type, double value, String unit,
            String sourceUnit, Instant measuredAt, Instant receivedAt, MeasurementSite site, Activity activity,
            SensorStatus sensorStatus) {
        this(readingId, patientId, deviceId, type, value, unit, sourceUnit, measuredAt, receivedAt, site, activity,
                sensorStatus, null);
    }

    /** A heart-rhythm reading: the category is its value (0 in {@code value}, the unit {@link Units#RHYTHM}). */
    public static VitalReading rhythm(String readingId, String patientId, String deviceId, HeartRhythm rhythm,
            Instant measuredAt, Instant receivedAt, SensorStatus sensorStatus) {
        return new VitalReading(readingId, patientId, deviceId, VitalType.HEART_RHYTHM, 0, Units.RHYTHM, null,
                measuredAt, receivedAt, null, null, sensorStatus, rhythm);
    }

    /**
     * The id of a reading whose device sent none: the same device, type and measurement time
     * always give the same id, so a device that retries a request produces no new reading.
     */
    public static String deriveReadingId(String deviceId, VitalType type, Instant measuredAt) {
        String name = deviceId + '|' + type.name() + '|' + measuredAt.toEpochMilli();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Whether the sensor reported it was off the body, so the value says nothing about the patient. */
    public boolean offBody() {
        return sensorStatus == SensorStatus.OFF_BODY;
    }
}
