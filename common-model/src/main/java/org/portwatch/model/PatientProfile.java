package org.portwatch.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Objects;

/**
 * A monitored patient as the detector sees it, on the compacted topic {@link Topics#PATIENT_PROFILES}
 * (a tombstone on discharge). No display name: the detector never uses one (docs/clinical-rules.md revision 2 keeps none in its
 * state), so a name on the topic would only be PHI copied into Kafka, its replicas and the detector's changelog. The
 * name stays in alert-service's database, which shows it to the care team.
 *
 * <p>Unknown properties are ignored here and not only by {@link Json}: records written before the name was dropped
 * still carry {@code displayName} on the compacted topic until their patient's next change, and any consumer,
 * whatever its mapper, must keep reading them.
 *
 * @param thresholds the numbers in force, defaults filled in; never null
 * @param monitoring whether the patient is under monitoring (NO_DATA is raised only then)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PatientProfile(
        String patientId,
        String careTeamId,
        PortSite portSite,
        boolean monitoring,
        Thresholds thresholds,
        Instant updatedAt) {

    public PatientProfile {
        Objects.requireNonNull(patientId, "patientId");
        thresholds = thresholds == null ? Thresholds.DEFAULTS : thresholds;
    }
}
