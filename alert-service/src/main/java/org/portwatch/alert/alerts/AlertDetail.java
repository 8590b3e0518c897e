package org.portwatch.alert.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.portwatch.alert.assignment.CommentView;
import org.portwatch.alert.checkin.CheckInView;
import org.portwatch.alert.medication.AntipyreticDose;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.Evidence;
import org.portwatch.model.Severity;

/**
 * One alert with what a clinician needs to judge it: the rule, its numbers, the readings, its history, and the care
 * team's comment thread (oldest first); for a fever (FEVER, SEPSIS_RISK), the antipyretic doses that may have lowered
 * the patient's temperature since the episode began (empty otherwise); for a SYMPTOM alert, the check-in as the
 * patient sent it, with their own words for OTHER (null otherwise, or while it is not stored yet); on a SEPSIS_RISK,
 * {@code grouped} lists the alerts grouped under it (open ones and those that resolved in the group).
 */
@Schema(name = "AlertDetail")
public record AlertDetail(
        AlertItem alert,
        String rule,
        Map<String, Double> thresholds,
        List<Evidence> evidence,
        List<Step> timeline,
        List<CommentView> comments,
        List<AntipyreticDose> antipyretics,
        CheckInView checkIn,
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
