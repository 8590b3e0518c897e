package org.portwatch.model;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One transition of one alert, on {@link Topics#VITALS_ALERTS} keyed by patientId.
 *
 * @param eventId       unique per transition and deterministic (alertId, transition, severity): the idempotency key of notifications
 * @param alertId       deterministic from patient, condition and episode start: a restart or a redelivery yields the same id
 * @param episodeStart  measuredAt of the first reading of the episode
 * @param detectedAt    when the detector decided (processing time)
 * @param late          the reading that completed the rule arrived late (phone sync), so the alert comes later than the event
 * @param rule          which rule fired, in words a clinician reads
 * @param thresholds    the numbers that rule used
 * @param evidence      the readings that met the rule
 * @param completedAt   measuredAt of the reading that completed the rule (for detection latency)
 * @param completedReceivedAt receivedAt of that reading
 */
public record AlertEvent(
        String eventId,
        String alertId,
        String patientId,
        AlertCondition condition,
        Severity severity,
        AlertTransition transition,
        Instant episodeStart,
        Instant detectedAt,
        boolean late,
        String rule,
        Map<String, Double> thresholds,
        List<Evidence> evidence,
        Instant completedAt,
        Instant completedReceivedAt) {

    public static String alertId(String patientId, AlertCondition condition, Instant episodeStart) {
        return uuid(patientId + '|' + condition + '|' + episodeStart.toEpochMilli());
    }

    public static String eventId(String alertId, AlertTransition transition, Severity severity) {
        return uuid(alertId + '|' + transition + '|' + severity);
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
