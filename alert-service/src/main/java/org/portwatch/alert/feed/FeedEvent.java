package org.portwatch.alert.feed;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.portwatch.alert.alerts.AlertItem;

/**
 * One event of the live feed, the {@code data} of an SSE event named {@code alert}: what happened, and the alert
 * as it stands after it.
 *
 * @param type   RAISED, ESCALATED, RESOLVED (by the detector, a clinician or a discharge), ACKNOWLEDGED,
 *               UNACKNOWLEDGED (a round of escalation to on-call went out), or TRANSFERRED (to the team a patient
 *               left: the alert is now another team's, off this team's screens)
 * @param reason why a RAISED reaches this team now when it is not a new detection: HANDED_OVER, TRANSFERRED or
 *               RERAISED (as {@code Notification#reason}); absent otherwise
 */
public record FeedEvent(String type, @JsonInclude(JsonInclude.Include.NON_NULL) String reason, AlertItem alert) {

    /** The type of the event sent to the team a patient left, for each open alert that went with them. */
    public static final String TRANSFERRED = "TRANSFERRED";
}
