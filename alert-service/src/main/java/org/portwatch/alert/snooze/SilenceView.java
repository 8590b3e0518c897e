package org.portwatch.alert.snooze;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.portwatch.model.AlertCondition;

/**
 * An active silence as the care team sees it; {@code silencedAlerts} (on creation only) is how many open alerts of
 * the condition it silenced at once.
 */
@Schema(name = "Silence")
public record SilenceView(String silenceId, String patientId, AlertCondition condition, String reason,
        String createdBy, Instant createdAt, Instant until,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer silencedAlerts) {

    static SilenceView of(Silence silence, Integer silencedAlerts) {
        return new SilenceView(silence.getSilenceId().toString(), silence.getPatientId(), silence.getCondition(),
                silence.getReason(), silence.getCreatedBy(), silence.getCreatedAt(), silence.getUntil(), silencedAlerts);
    }
}
