package org.portwatch.detection.rules;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.portwatch.model.Symptom;

/**
 * What the detector remembers of a patient's reports (rules 6 and 7 of docs/clinical-rules.md), apart from the
 * readings' {@link PatientState}: per symptom, the report time of the check-in that raised its latest alert; and the
 * heart-rhythm episode. Bounded by construction: at most one entry per {@link Symptom} and three times, about 300
 * bytes whatever a device sends.
 *
 * @param symptoms          symptom → reportedAt (epoch ms) of the check-in that raised its latest SYMPTOM alert
 * @param rhythmOpen        measuredAt of the IRREGULAR reading that raised the open IRREGULAR_RHYTHM alert, or
 *                          {@link PatientState#NONE}
 * @param lastIrregular     measuredAt of the latest IRREGULAR reading of the open episode, or {@link PatientState#NONE}
 * @param rhythmCovered     measuredAt of the latest IRREGULAR reading of the last resolved episode: an IRREGULAR
 *                          reading at or before it is already told, not a new episode
 */
public record ReportState(Map<Symptom, Long> symptoms, long rhythmOpen, long lastIrregular, long rhythmCovered) {

    public static final ReportState EMPTY = new ReportState(Map.of(), PatientState.NONE, PatientState.NONE,
            PatientState.NONE);

    public ReportState {
        symptoms = symptoms == null || symptoms.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(symptoms));
    }

    @JsonIgnore
    public boolean rhythmAlertOpen() {
        return rhythmOpen != PatientState.NONE;
    }

    ReportState withSymptom(Symptom symptom, long reportedAt) {
        Map<Symptom, Long> next = new EnumMap<>(Symptom.class);
        next.putAll(symptoms);
        next.put(symptom, reportedAt);
        return new ReportState(next, rhythmOpen, lastIrregular, rhythmCovered);
    }

    ReportState withRhythm(long open, long last, long covered) {
        return new ReportState(symptoms, open, last, covered);
    }

    @JsonIgnore
    public boolean isEmpty() {
        return symptoms.isEmpty() && rhythmOpen == PatientState.NONE && rhythmCovered == PatientState.NONE;
    }
}
