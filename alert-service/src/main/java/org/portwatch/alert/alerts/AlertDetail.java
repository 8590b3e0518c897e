package org.portwatch.alert.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.Evidence;
import org.portwatch.model.Severity;

/**
 * One alert with what a clinician needs to judge it: the rule, its numbers, the readings, and its history; on a
 * SEPSIS_RISK, {@code grouped} lists the alerts grouped under it (open ones and those that resolved in the group).
 */
@Schema(name = "AlertDetail")
public record AlertDetail(
        AlertItem alert,
        String rule,
        Map<String, Double> thresholds,
        List<Evidence> evidence,
        List<Step> timeline,
        List<Grouped> grouped) {

    /** An alert grouped under this one. */
    public record Grouped(String alertId, AlertCondition condition, Severity severity, AlertStatus status) {

        static Grouped of(Alert alert) {
            return new Grouped(alert.getAlertId().toString(), alert.getCondition(), alert.getSeverity(),
                    alert.getStatus());
        }
    }

    /** One entry of the timeline; {@code actor} is null for the detector's own events. */
    public record Step(TimelineEntry.Kind kind, Severity severity, Instant at, String actor, String note, String detail) {

        static Step of(TimelineEntry entry) {
            return new Step(entry.getKind(), entry.getSeverity(), entry.getAt(), entry.getActor(), entry.getNote(),
                    entry.getDetail());
        }
    }
}
