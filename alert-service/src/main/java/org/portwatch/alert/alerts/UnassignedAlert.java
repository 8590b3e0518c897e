package org.portwatch.alert.alerts;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.Severity;

/**
 * An alert of a patient who has no profile yet, as administrators see it: enough to find the patient's enrollment
 * and judge the urgency — ids, condition, severity, status, times — and nothing of the patient's data (no name,
 * no readings, no evidence). Administrators manage configuration, not patients.
 */
@Schema(name = "UnassignedAlert")
public record UnassignedAlert(
        String alertId,
        String patientId,
        AlertCondition condition,
        Severity severity,
        AlertStatus status,
        Instant episodeStart,
        Instant raisedAt,
        Instant updatedAt,
        Instant resolvedAt) {

    static UnassignedAlert of(Alert alert) {
        return new UnassignedAlert(alert.getAlertId().toString(), alert.getPatientId(), alert.getCondition(),
                alert.getSeverity(), alert.getStatus(), alert.getEpisodeStart(), alert.getRaisedAt(),
                alert.getUpdatedAt(), alert.getResolvedAt());
    }

    /** A page of unassigned alerts, most severe and newest first; {@code total} counts every match. */
    @Schema(name = "UnassignedAlertPage")
    public record Page(List<UnassignedAlert> items, long total, int page, int size) {
    }
}
