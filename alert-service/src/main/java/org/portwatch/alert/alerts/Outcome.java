package org.portwatch.alert.alerts;

/**
 * Was the alert actionable? Recorded by the clinician who resolves it (optional), counted per condition and severity
 * ({@code portwatch_alerts_outcomes_total}) so the false-alarm rate of each rule can be read on the dashboard and
 * thresholds tuned with evidence rather than by feel (alarm fatigue: issue 11).
 */
public enum Outcome {
    /** Something was done for the patient because of it. */
    ACTIONABLE,
    /** Nothing was wrong: an artefact, a device off the body, a threshold too tight. */
    FALSE_ALARM,
    /** True, but already known and handled (a known fever under treatment, an arrhythmia on record). */
    KNOWN_CONDITION,
    /** The patient was called and reassured or advised; nothing more was needed. */
    PATIENT_CONTACTED
}
