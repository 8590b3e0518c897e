package org.portwatch.alert.medication;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.portwatch.model.Antipyretic;

/**
 * One recorded dose. {@code maskingUntil}: until when a temperature may read lower because of it
 * ({@link Antipyretic#masking()}). {@code recordedBy}: the clinician's subject, or the device for the patient's app.
 */
@Schema(name = "AntipyreticDose")
public record AntipyreticDose(UUID doseId, String patientId, Antipyretic medication, Instant takenAt,
        Instant maskingUntil, Instant recordedAt, String recordedBy, Source source) {

    /** Who recorded the dose. */
    public enum Source {
        CLINICIAN, PATIENT_APP
    }

    static AntipyreticDose of(UUID doseId, String patientId, Antipyretic medication, Instant takenAt, Instant recordedAt,
            String recordedBy, Source source) {
        return new AntipyreticDose(doseId, patientId, medication, takenAt, takenAt.plus(medication.masking()),
                recordedAt, recordedBy, source);
    }
}
