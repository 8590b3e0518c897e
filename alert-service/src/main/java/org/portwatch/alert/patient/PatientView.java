package org.portwatch.alert.patient;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.portwatch.alert.security.CareTeamAccess;
import org.portwatch.model.PortSite;
import org.portwatch.model.Thresholds;

/**
 * A patient's profile as the care team sees it: every threshold in force, defaults filled in. The display name only
 * for a clinician of the patient's care team: administrators manage profiles, they do not read patient data.
 *
 * @param dischargedAt set once the patient was discharged (then {@code monitoring} is false); absent otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "PatientView")
public record PatientView(
        @Schema(example = "patient-0042") String patientId,
        @Schema(example = "J. Doe (bed 12)", description = "Absent for callers who are not clinicians of the patient's "
                + "care team (administrators)") String displayName,
        @Schema(example = "oncology-day-unit") String careTeamId,
        @Schema(example = "CHEST") PortSite portSite,
        @Schema(example = "true") boolean monitoring,
        @Schema(description = "Every threshold in force (docs/clinical-rules.md), defaults filled in") Thresholds thresholds,
        @Schema(example = "2025-03-01T08:15:30.123456Z") Instant createdAt,
        @Schema(example = "2025-03-02T10:01:02.654321Z") Instant updatedAt,
        @Schema(example = "2025-03-09T16:45:00Z") Instant dischargedAt) {

    static PatientView of(Patient patient, CareTeamAccess access) {
        String displayName = access.canReadPatientData(patient.getCareTeamId()) ? patient.getDisplayName() : null;
        return new PatientView(patient.getPatientId(), displayName, patient.getCareTeamId(),
                patient.getPortSite(), patient.isMonitoring(), patient.getThresholds(), patient.getCreatedAt(),
                patient.getUpdatedAt(), patient.getDischargedAt());
    }
}
