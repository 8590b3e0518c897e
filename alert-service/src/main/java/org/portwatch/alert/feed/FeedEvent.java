package org.portwatch.alert.feed;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One event of the live feed, the {@code data} of an SSE event named {@code alert}: what happened, and the alert
 * as it stands after it.
 *
 * @param type   {@link #RAISED}, {@link #ESCALATED}, {@link #RESOLVED} (by the detector, a clinician or a discharge),
 *               {@link #ACKNOWLEDGED}, {@link #UNACKNOWLEDGED} (a round of escalation to on-call went out), or
 *               {@link #TRANSFERRED} (to the team a patient left: the alert is now another team's, off this team's
 *               screens), {@link #ASSIGNED}, {@link #UNASSIGNED}, {@link #COMMENTED}, {@link #SNOOZED} or
 *               {@link #UNSNOOZED} (a snooze or silence began or ended), or {@link #GROUPED} (linked under the patient's
 *               SEPSIS_RISK)
 * @param reason why a RAISED reaches this team now when it is not a new detection: HANDED_OVER, TRANSFERRED,
 *               RERAISED or UNGROUPED (as {@code Notification#reason}); why an UNSNOOZED: EXPIRED, ENDED or
 *               SUPERSEDED; absent otherwise
 * @param alert  the alert as lists show it (alerts' {@code AlertItem})
 */
public record FeedEvent(String type, @JsonInclude(JsonInclude.Include.NON_NULL) String reason, FeedItem alert) {

    public static final String RAISED = "RAISED";
    public static final String ESCALATED = "ESCALATED";
    public static final String RESOLVED = "RESOLVED";
    public static final String ACKNOWLEDGED = "ACKNOWLEDGED";
    /** A round of escalation to on-call went out (or reached nobody): screens show the alert's escalations count. */
    public static final String UNACKNOWLEDGED = "UNACKNOWLEDGED";
    /** The type of the event sent to the team a patient left, for each open alert that went with them. */
    public static final String TRANSFERRED = "TRANSFERRED";
    /** Assigned or reassigned: the alert's {@code assignee} says to whom. */
    public static final String ASSIGNED = "ASSIGNED";
    /** Nobody's any more. */
    public static final String UNASSIGNED = "UNASSIGNED";
    /**
     * A comment was added; the text is not on the feed (screens fetch the thread with the alert): a feed stream may be
     * a shared screen on the ward, while the thread is read, audited, by one clinician opening the alert.
     */
    public static final String COMMENTED = "COMMENTED";

    /** Snoozed by a clinician or silenced (NO_DATA): shown, not notified, not escalated until it ends. */
    public static final String SNOOZED = "SNOOZED";
    /** The snooze or silence ended; {@code reason} says how. */
    public static final String UNSNOOZED = "UNSNOOZED";

    /** An open alert was grouped under the patient's SEPSIS_RISK (its {@code groupedUnder}): screens nest it. */
    public static final String GROUPED = "GROUPED";
}
