package org.portwatch.alert.alerts;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.portwatch.alert.feed.FeedItem;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.Severity;

/**
 * An alert as lists and the live feed show it. {@code patientName} is the profile's display name (care team only);
 * {@code resolution} says how a resolved alert was closed (DETECTOR, CLINICIAN, DISCHARGED); {@code supersededBy} is
 * the new alert that carries the episode on after a clinician resolved this one and its severity rose; {@code assignee}
 * the clinician it is assigned to (null: nobody; the assignment package).
 * {@code snoozedUntil}, {@code snoozedBy}, {@code snoozeReason}: while snoozed (it neither notifies nor escalates);
 * {@code silenceId} when a silence of the patient's NO_DATA snoozed it. All null when not snoozed or resolved.
 * {@code groupedUnder} is the SEPSIS_RISK this alert is grouped under (it notifies through it), null when none.
 */
@Schema(name = "AlertItem")
public record AlertItem(
        String alertId,
        String patientId,
        String patientName,
        String careTeamId,
        AlertCondition condition,
        Severity severity,
        AlertStatus status,
        Instant episodeStart,
        Instant raisedAt,
        Instant updatedAt,
        boolean late,
        String acknowledgedBy,
        Instant acknowledgedAt,
        String resolvedBy,
        Instant resolvedAt,
        Resolution resolution,
        String supersededBy,
        int escalations,
        String assignee,
        Instant snoozedUntil,
        String snoozedBy,
        String snoozeReason,
        String silenceId,
        String groupedUnder) implements FeedItem {

    static AlertItem of(Alert alert, String patientName) {
        return new AlertItem(alert.getAlertId().toString(), alert.getPatientId(), patientName, alert.getCareTeamId(),
                alert.getCondition(), alert.getSeverity(), alert.getStatus(), alert.getEpisodeStart(),
                alert.getRaisedAt(), alert.getUpdatedAt(), alert.isDetectedLate(), alert.getAcknowledgedBy(),
                alert.getAcknowledgedAt(), alert.getResolvedBy(), alert.getResolvedAt(), alert.getResolution(),
                alert.getSupersededBy() == null ? null : alert.getSupersededBy().toString(), alert.getEscalations(),
                alert.getAssignee(),
                snoozed(alert) ? alert.getSnoozedUntil() : null, snoozed(alert) ? alert.getSnoozedBy() : null,
                snoozed(alert) ? alert.getSnoozeReason() : null,
                snoozed(alert) && alert.getSilenceId() != null ? alert.getSilenceId().toString() : null,
                alert.getGroupedUnder() == null ? null : alert.getGroupedUnder().toString());
    }

    /** A resolved alert's snooze is over (the snooze round clears it soon after): not shown. */
    private static boolean snoozed(Alert alert) {
        return alert.isSnoozed() && alert.getStatus() != AlertStatus.RESOLVED;
    }
}
