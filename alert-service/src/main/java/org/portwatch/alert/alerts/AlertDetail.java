package org.portwatch.alert.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.portwatch.alert.assignment.CommentView;
import org.portwatch.model.Evidence;
import org.portwatch.model.Severity;

/**
 * One alert with what a clinician needs to judge it: the rule, its numbers, the readings, its history, and the care
 * team's comment thread (oldest first).
 */
@Schema(name = "AlertDetail")
public record AlertDetail(
        AlertItem alert,
        String rule,
        Map<String, Double> thresholds,
        List<Evidence> evidence,
        List<Step> timeline,
        List<CommentView> comments) {

    /** One entry of the timeline; {@code actor} is null for the detector's own events. */
    public record Step(TimelineEntry.Kind kind, Severity severity, Instant at, String actor, String note, String detail) {

        static Step of(TimelineEntry entry) {
            return new Step(entry.getKind(), entry.getSeverity(), entry.getAt(), entry.getActor(), entry.getNote(),
                    entry.getDetail());
        }
    }
}
