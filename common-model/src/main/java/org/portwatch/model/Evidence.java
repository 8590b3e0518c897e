package org.portwatch.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A reading that met a rule, or a report that raised an alert, as shown to the clinician next to the alert.
 *
 * @param readingId  the reading's id, or a check-in's id
 * @param type       what was measured; null for a reported symptom (nothing was measured)
 * @param value      the measured value; for a check-in's {@link Symptom#OTHER}, the length of the patient's text in
 *                   characters (unit {@link #CHARACTERS}), never the text; 0 where the finding says it all
 * @param unit       the unit of {@code value}
 * @param measuredAt when it was measured, or reported
 * @param finding    a categorical finding instead of a number: the rhythm ({@code IRREGULAR}) of a heart-rhythm
 *                   reading, the symptom ({@code CHILLS}) of a check-in; left out (null) for measured values, so
 *                   their JSON is what it always was
 */
public record Evidence(String readingId, VitalType type, double value, String unit, Instant measuredAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String finding) {

    /** The unit of the length of a check-in's text (a UCUM annotation: a count). */
    public static final String CHARACTERS = "{characters}";

    @JsonCreator
    public Evidence {
    }

    /** A measured value. */
    public Evidence(String readingId, VitalType type, double value, String unit, Instant measuredAt) {
        this(readingId, type, value, unit, measuredAt, null);
    }
}
