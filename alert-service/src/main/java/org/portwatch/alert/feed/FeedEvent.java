package org.portwatch.alert.feed;

import org.portwatch.alert.alerts.AlertItem;

/**
 * One event of the live feed, the {@code data} of an SSE event named {@code alert}: what happened, and the alert
 * as it stands after it.
 *
 * @param type RAISED, ESCALATED, RESOLVED (by the detector or a clinician), ACKNOWLEDGED, or UNACKNOWLEDGED (a
 *             round of escalation to on-call went out)
 */
public record FeedEvent(String type, AlertItem alert) {
}
