package org.portwatch.alert.notification;

/** Who a notification is for, within one care team. */
public enum Audience {
    /** Everyone watching the care team's alerts: every event of every alert. */
    CARE_TEAM,
    /** The care team's escalation contacts (on call): alerts nobody acknowledged in time, and their reminders. */
    ESCALATION,
    /**
     * One clinician of the care team, the alert's assignee: told that an alert was assigned to them, and the first
     * escalation round of an alert assigned to them (their own push subscriptions; webhooks are the team's).
     */
    ASSIGNEE
}
