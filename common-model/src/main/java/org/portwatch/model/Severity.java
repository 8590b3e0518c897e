package org.portwatch.model;

/** How urgent an alert is; the order is the order of urgency. */
public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
}
