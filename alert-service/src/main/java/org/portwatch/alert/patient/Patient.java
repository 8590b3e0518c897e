package org.portwatch.alert.patient;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.portwatch.model.PatientProfile;
import org.portwatch.model.PortSite;
import org.portwatch.model.Thresholds;

/**
 * A patient's monitoring profile, the record of what the detector is told. Discharge keeps the row (history)
 * with {@code dischargedAt}; the detector then gets a tombstone.
 */
@Entity
@Table(name = "patient")
public class Patient {

    @Id
    @Column(name = "patient_id", length = 64)
    private String patientId;

    /** Shown to the care team only; never logged, never in a metric. */
    @Column(name = "display_name", nullable = false, length = 200)
    private String displayName;

    @Column(name = "care_team_id", nullable = false, length = 64)
    private String careTeamId;

    @Enumerated(EnumType.STRING)
    @Column(name = "port_site", nullable = false, length = 16)
    private PortSite portSite;

    @Column(name = "monitoring", nullable = false)
    private boolean monitoring;

    /**
     * Every threshold in force, defaults filled in at the time they were set: the row, the API and the topic say
     * the same numbers, and a later change of a default in code does not silently change a patient's rules.
     */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "thresholds", nullable = false)
    private Thresholds thresholds;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "discharged_at")
    private Instant dischargedAt;

    protected Patient() {
        // for Hibernate
    }

    Patient(String patientId, Instant createdAt) {
        this.patientId = patientId;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.thresholds = Thresholds.DEFAULTS;
    }

    public String getPatientId() {
        return patientId;
    }

    public String getDisplayName() {
        return displayName;
    }

    public String getCareTeamId() {
        return careTeamId;
    }

    public PortSite getPortSite() {
        return portSite;
    }

    public boolean isMonitoring() {
        return monitoring;
    }

    public Thresholds getThresholds() {
        return thresholds;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public Instant getDischargedAt() {
        return dischargedAt;
    }

    public boolean isDischarged() {
        return dischargedAt != null;
    }

    /** Sets every field of the profile; a discharged patient is admitted again. */
    void apply(String displayName, String careTeamId, PortSite portSite, boolean monitoring, Thresholds thresholds,
            Instant at) {
        this.displayName = displayName;
        this.careTeamId = careTeamId;
        this.portSite = portSite;
        this.monitoring = monitoring;
        this.thresholds = thresholds;
        this.dischargedAt = null;
        this.updatedAt = at;
    }

    /** Ends monitoring for good; the row stays for the record. */
    void discharge(Instant at) {
        this.monitoring = false;
        this.dischargedAt = at;
        this.updatedAt = at;
    }

    /** The profile as the detector reads it from {@code patients.profiles}: without the display name. */
    PatientProfile toProfile() {
        return new PatientProfile(patientId, careTeamId, portSite, monitoring, thresholds, updatedAt);
    }
}
