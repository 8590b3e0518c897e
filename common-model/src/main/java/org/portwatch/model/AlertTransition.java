package org.portwatch.model;

/** What happened to an alert: each transition notifies the care team once. */
public enum AlertTransition {
    RAISED,
    ESCALATED,
    RESOLVED
}
