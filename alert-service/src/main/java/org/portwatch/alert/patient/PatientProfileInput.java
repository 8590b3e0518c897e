package org.portwatch.alert.patient;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.portwatch.model.Ids;
import org.portwatch.service.security.ControlCharacters;
import org.portwatch.model.PortSite;
import org.portwatch.model.Thresholds;

/**
 * The body of {@code PUT /api/v1/patients/{patientId}}.
 *
 * @param monitoring  absent: {@code true} for a new patient, unchanged for a known one
 * @param thresholds  any subset of the thresholds; absent ones keep their value in force (the default for a new
 *                    patient), a {@code null} one goes back to its default
 */
@Schema(name = "PatientProfileInput", description = "A patient's monitoring profile, as a care team sets it")
public record PatientProfileInput(
        @NotBlank @Size(max = 200) @Pattern(regexp = ControlCharacters.PLAIN_TEXT, message = ControlCharacters.PLAIN_TEXT_MESSAGE)
        @Schema(required = true, maxLength = 200, example = "J. Doe (bed 12)",
                description = "How the care team recognises the patient; shown to them only, never logged")
        String displayName,
        @NotBlank @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE)
        @Schema(required = true, pattern = Ids.PATTERN, example = "oncology-day-unit")
        String careTeamId,
        @NotNull
        @Schema(required = true, example = "CHEST")
        PortSite portSite,
        @Schema(example = "true", description = "Whether the patient is under monitoring now; default true for a new patient")
        Boolean monitoring,
        @Schema(implementation = Thresholds.class, example = "{\"heartRateHigh\": 110, \"noDataMinutes\": 20}",
                description = "Any subset of the detection thresholds; each must stay in its clinical range, and a "
                        + "null one goes back to its default")
        Map<String, JsonNode> thresholds) {
}
