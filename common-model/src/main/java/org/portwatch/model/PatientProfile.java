package org.portwatch.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A monitored patient as the detector sees it, on the compacted topic {@link Topics#PATIENT_PROFILES}
 * (a tombstone on discharge). The display name travels only to the services that show it to the care team.
 *
 * @param thresholds the numbers in force, defaults filled in; never null
 * @param monitoring whether the patient is under monitoring (NO_DATA is raised only then)
 */
public record PatientProfile(
        String patientId,
        String displayName,
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
