package org.portwatch.model;

/**
 * What an alert is about (docs/clinical-rules.md rules 1–7). New conditions are appended: the detector's state
 * stores a condition by its position.
 */
public enum AlertCondition {
    FEVER,
    TACHYCARDIA,
    SEPSIS_RISK,
    NO_DATA,
    /** A warning sign the patient reported at a check-in (rule 6); resolved by a clinician, never by the detector. */
    SYMPTOM,
    /** A wearable reported an irregular heart rhythm (rule 7). */
    IRREGULAR_RHYTHM
}
