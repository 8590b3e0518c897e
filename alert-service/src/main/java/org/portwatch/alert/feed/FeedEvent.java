package org.portwatch.alert.feed;

import org.portwatch.alert.alerts.AlertItem;

/**
 * One event of the live feed, the {@code data} of an SSE event named {@code alert}: what happened, and the alert
 * as it stands after it.
 *
 * @param type RAISED, ESCALATED, RESOLVED (by the detector or a clinician) or ACKNOWLEDGED
 */
public record FeedEvent(String type, AlertItem alert) {
}
