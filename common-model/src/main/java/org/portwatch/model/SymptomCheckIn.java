package org.portwatch.model;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One symptom check-in, as it travels on {@link Topics#PATIENT_SYMPTOMS} keyed by patientId: the warning signs a
 * patient reported at one moment (docs/clinical-rules.md rule 6).
 *
 * @param checkInId  unique per check-in of a device: the client's idempotency id, else {@link #deriveCheckInId}; a
 *                   retried check-in keeps it, so it raises nothing twice
 * @param patientId  from the device's registration, never from the request body
 * @param deviceId   the device (the patient's app or phone) that sent it
 * @param symptoms   what was reported, each once, in {@link Symptom} order; empty only when the check-in reports an
 *                   antipyretic taken and nothing else
 * @param otherText  the patient's own words for {@link Symptom#OTHER}, null without it. It stays on this topic (the
 *                   record of what the patient said); alerts carry only its length, see docs/clinical-rules.md rule 6
 * @param reportedAt when the patient reported it (device time)
 * @param receivedAt when ingest accepted it
 * @param antipyretic an antipyretic the patient took, or null: it can hide a fever, so the care team sees it on
 *                   fever alerts and the timeline (alert-service); the detector ignores it
 */
public record SymptomCheckIn(
        String checkInId,
        String patientId,
        String deviceId,
        List<Symptom> symptoms,
        String otherText,
        Instant reportedAt,
        Instant receivedAt,
        AntipyreticTaken antipyretic) {

    /** An antipyretic dose the patient reports: which, and when it was taken. */
    public record AntipyreticTaken(Antipyretic medication, Instant takenAt) {

        public AntipyreticTaken {
            Objects.requireNonNull(medication, "medication");
            Objects.requireNonNull(takenAt, "takenAt");
        }
    }

    public SymptomCheckIn {
        Objects.requireNonNull(checkInId, "checkInId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(reportedAt, "reportedAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
        symptoms = symptoms == null ? List.of() : symptoms.stream().distinct().sorted().toList();
        if (symptoms.isEmpty() && antipyretic == null) {
            throw new IllegalArgumentException("a check-in reports at least one symptom or an antipyretic taken");
        }
    }

    /**
     * The id of a check-in whose client sent none: the same device and report time always give the same id, so a
     * client retrying a request reports nothing new (as {@link VitalReading#deriveReadingId} does for readings).
     */
    public static String deriveCheckInId(String deviceId, Instant reportedAt) {
        String name = deviceId + "|CHECK_IN|" + reportedAt.toEpochMilli();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The length of the patient's text in characters (code points), 0 without one: what an alert may say of it. */
    public int otherTextLength() {
        return otherText == null ? 0 : otherText.codePointCount(0, otherText.length());
    }
}
