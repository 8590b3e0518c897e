package org.portwatch.alert.alerts;

/** How a resolved alert was closed; it decides what the detector's later events for the alert may still do. */
public enum Resolution {
    /** The readings resolved it, or proved it wrong ("Withdrawn"). */
    DETECTOR,
    /**
     * A clinician closed it. Final for this alert, not for the patient: a higher severity of the same episode
     * later is a new alert (docs/clinical-rules.md revision 2).
     */
    CLINICIAN,
    /** The patient was discharged (or monitoring ended): no escalation and no new alert follows. */
    DISCHARGED
}
