package org.portwatch.alert.notification;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
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
 *                     (a snooze or a NO_DATA silence ran out and the alert is still open); absent otherwise
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
        @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {

    public static final String RAISED = "alert.raised";
    public static final String ESCALATED = "alert.escalated";
    public static final String RESOLVED = "alert.resolved";
    public static final String ACKNOWLEDGED = "alert.acknowledged";
    public static final String UNACKNOWLEDGED = "alert.unacknowledged";
    public static final String ASSIGNED = "alert.assigned";

    /** Reasons of an {@code alert.raised} that is not a new detection. */
    public static final String HANDED_OVER = "HANDED_OVER";
    public static final String TRANSFERRED = "TRANSFERRED";
    public static final String RERAISED = "RERAISED";
    public static final String SNOOZE_ENDED = "SNOOZE_ENDED";
    public static final String SILENCE_ENDED = "SILENCE_ENDED";

    /** A notification of a new detection or an action: no reason. */
    public Notification(String id, String type, String alertId, String careTeamId, AlertCondition condition,
            Severity severity, String status, Instant occurredAt, String patientLabel, String link) {
        this(id, type, alertId, careTeamId, condition, severity, status, occurredAt, patientLabel, link, null);
    }

    /** A one-line text for a push notification's title or a pager: "HIGH FEVER — J.D.". */
    public String title() {
        String what = switch (type) {
            case ESCALATED -> "now " + severity + " " + condition;
            case RESOLVED -> condition + " resolved";
            case ACKNOWLEDGED -> condition + " acknowledged";
            case UNACKNOWLEDGED -> "UNACKNOWLEDGED " + severity + " " + condition;
            case ASSIGNED -> "Assigned to you: " + severity + " " + condition;
            default -> severity + " " + condition + because();
        };
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
            default -> "";
        };
    }
}
