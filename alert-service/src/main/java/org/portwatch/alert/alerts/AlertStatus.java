package org.portwatch.alert.alerts;

/** Where an alert stands with the care team. */
public enum AlertStatus {
    /** Raised and nobody has taken it yet: it escalates until someone does. */
    OPEN,
    /** A clinician owns it; no more escalation, but the detector may still raise its severity or resolve it. */
    ACKNOWLEDGED,
    /** Over: the readings resolved it, or a clinician did. */
    RESOLVED
}
