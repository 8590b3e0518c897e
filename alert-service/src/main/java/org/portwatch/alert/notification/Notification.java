package org.portwatch.alert.notification;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.Severity;

/**
 * What a notification says: what a clinician needs to act on (condition, severity, time, a short patient label,
 * a link to the alert) and nothing more — no name, no readings, no identifiers beyond the alert's own. It is the
 * JSON body of a webhook and the payload of a push message.
 *
 * @param id           the idempotency key: the same for every attempt and every channel (the AlertEvent's eventId,
 *                     or an id derived from the action or escalation round); receivers drop what they have seen
 * @param type         {@code alert.raised}, {@code alert.escalated}, {@code alert.resolved}, {@code alert.acknowledged}
 *                     {@code alert.unacknowledged} (an escalation to the on-call contacts, repeated as a reminder) or
 *                     {@code alert.assigned} (to the assignee alone: the alert was assigned to them)
 * @param alertId      the alert this is about
 * @param careTeamId   the care team the alert belongs to
 * @param status       the alert's status after this event: OPEN, ACKNOWLEDGED or RESOLVED
 * @param occurredAt   when it happened (detector's decision, clinician's action, escalation round)
 * @param patientLabel initials only, e.g. "J.D.": enough to tell two alerts apart on a pager
 * @param link         the dashboard's page of the alert
 * @param reason       why an {@code alert.raised} reaches this team now, when it is not a new detection:
 *                     {@value #HANDED_OVER} (raised before the patient was enrolled), {@value #TRANSFERRED} (the
 *                     patient moved to this team) or {@value #RERAISED} (a clinician resolved the alert and the
 *                     episode went on at a higher severity), {@value #SNOOZE_ENDED} or {@value #SILENCE_ENDED}
 *                     (a snooze or a NO_DATA silence ran out and the alert is still open); {@value #UNGROUPED} (it was
 *                     grouped under a SEPSIS_RISK that resolved, or its team switched grouping off: it notifies on its
 *                     own from now); {@value #ABOVE_GROUP} on a grouped alert that notifies anyway (CRITICAL, or more
 *                     severe than its SEPSIS_RISK); absent otherwise
 * @param group        on a SEPSIS_RISK's notifications: the alerts grouped under it now (condition and severity, no
 *                     values); absent on others. {@value #GROUP_UPDATED} says the group changed.
 */
public record Notification(
        String id,
        String type,
        String alertId,
        String careTeamId,
        AlertCondition condition,
        Severity severity,
        String status,
        Instant occurredAt,
        String patientLabel,
        String link,
        @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Member> group) {

    /** One alert of a group, as a pager may show it: what and how severe, nothing measured. */
    public record Member(String alertId, AlertCondition condition, Severity severity, String status) {
    }

    public static final String RAISED = "alert.raised";
    public static final String ESCALATED = "alert.escalated";
    public static final String RESOLVED = "alert.resolved";
    public static final String ACKNOWLEDGED = "alert.acknowledged";
    public static final String UNACKNOWLEDGED = "alert.unacknowledged";
    public static final String ASSIGNED = "alert.assigned";
    /** The group of a SEPSIS_RISK changed (an alert joined or left): the parent's notification, updated. */
    public static final String GROUP_UPDATED = "alert.group.updated";

    /** Reasons of an {@code alert.raised} that is not a new detection. */
    public static final String HANDED_OVER = "HANDED_OVER";
    public static final String TRANSFERRED = "TRANSFERRED";
    public static final String RERAISED = "RERAISED";
    public static final String SNOOZE_ENDED = "SNOOZE_ENDED";
    public static final String SILENCE_ENDED = "SILENCE_ENDED";
    public static final String UNGROUPED = "UNGROUPED";
    public static final String ABOVE_GROUP = "ABOVE_GROUP";

    /** A notification of a new detection or an action: no reason. */
    public Notification(String id, String type, String alertId, String careTeamId, AlertCondition condition,
            Severity severity, String status, Instant occurredAt, String patientLabel, String link) {
        this(id, type, alertId, careTeamId, condition, severity, status, occurredAt, patientLabel, link, null);
    }

    /** A notification of an alert that heads no group. */
    public Notification(String id, String type, String alertId, String careTeamId, AlertCondition condition,
            Severity severity, String status, Instant occurredAt, String patientLabel, String link, String reason) {
        this(id, type, alertId, careTeamId, condition, severity, status, occurredAt, patientLabel, link, reason, null);
    }

    /** A one-line text for a push notification's title or a pager: "HIGH FEVER — J.D.". */
    public String title() {
        String what = switch (type) {
            case ESCALATED -> "now " + severity + " " + condition;
            case RESOLVED -> condition + " resolved";
            case ACKNOWLEDGED -> condition + " acknowledged";
            case UNACKNOWLEDGED -> "UNACKNOWLEDGED " + severity + " " + condition;
            case ASSIGNED -> "Assigned to you: " + severity + " " + condition;
            case GROUP_UPDATED -> severity + " " + condition + " group changed";
            default -> severity + " " + condition + because();
        };
        if (group != null && !group.isEmpty()) {
            what += " (grouped: " + String.join(", ", group.stream().map(m -> m.condition().name()).toList()) + ")";
        }
        return patientLabel == null || patientLabel.isBlank() ? what : what + " — " + patientLabel;
    }

    private String because() {
        if (reason == null) {
            return "";
        }
        return switch (reason) {
            case HANDED_OVER -> " (handed over)";
            case TRANSFERRED -> " (transferred)";
            case RERAISED -> " (again)";
            case SNOOZE_ENDED -> " (snooze ended)";
            case SILENCE_ENDED -> " (silence ended)";
            case UNGROUPED -> " (no longer grouped)";
            case ABOVE_GROUP -> " (grouped, notified for its severity)";
            default -> "";
        };
    }
}
