package org.portwatch.model;

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
 * @param value        the value in {@code unit}
 * @param unit         the canonical UCUM unit of {@code type} ({@code Cel} or {@code /min})
 * @param sourceUnit   the unit the device sent, kept for audit (e.g. {@code [degF]})
 * @param measuredAt   device time of the measurement; the event time of every detection rule
 * @param receivedAt   when ingest accepted it
 * @param site         where it was measured, may be null
 * @param activity     the wearer's activity, may be null (treated as unknown)
 * @param sensorStatus the sensor's contact with the body, may be null (treated as unknown)
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
        SensorStatus sensorStatus) {

    public VitalReading {
        Objects.requireNonNull(readingId, "readingId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(measuredAt, "measuredAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
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
