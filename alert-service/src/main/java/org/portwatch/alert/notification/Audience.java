package org.portwatch.alert.notification;

/** Who a notification is for, within one care team. */
public enum Audience {
    /** Everyone watching the care team's alerts: every event of every alert. */
    CARE_TEAM,
    /** The care team's escalation contacts (on call): alerts nobody acknowledged in time, and their reminders. */
    ESCALATION
}
