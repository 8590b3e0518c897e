package org.portwatch.alert.snooze;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.portwatch.model.AlertCondition;

/**
 * A silence of one patient's alerts of one condition (NO_DATA only) until {@code until}: those alerts are recorded
 * and shown, not notified or escalated. Active while {@code endedAt} is null; ended by the snooze round when its time
 * ran out, or early by a clinician.
 */
@Entity
@Table(name = "alert_silence")
public class Silence {

    /** How a silence ended. */
    public enum EndReason {
        EXPIRED, ENDED
    }

    @Id
    @Column(name = "silence_id")
    private UUID silenceId;

    @Column(name = "patient_id", nullable = false, length = 64)
    private String patientId;

    /** The patient's team when it was set: whose clinicians see it. */
    @Column(name = "care_team_id", nullable = false, length = 64)
    private String careTeamId;

    @Enumerated(EnumType.STRING)
    @Column(name = "condition", nullable = false, length = 16)
    private AlertCondition condition;

    @Column(name = "reason", nullable = false, length = 500)
    private String reason;

    @Column(name = "created_by", nullable = false, length = 200)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "until", nullable = false)
    private Instant until;

    @Column(name = "ended_at")
    private Instant endedAt;

    @Column(name = "ended_by", length = 200)
    private String endedBy;

    @Enumerated(EnumType.STRING)
    @Column(name = "end_reason", length = 10)
    private EndReason endReason;

    protected Silence() {
        // for Hibernate
    }

    Silence(String patientId, String careTeamId, AlertCondition condition, String reason, String createdBy,
            Instant createdAt, Instant until) {
        this.silenceId = UUID.randomUUID();
        this.patientId = patientId;
        this.careTeamId = careTeamId;
        this.condition = condition;
        this.reason = reason;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.until = until;
    }

    void end(String by, Instant at) {
        endedAt = at;
        endedBy = by;
        endReason = EndReason.ENDED;
    }

    public UUID getSilenceId() {
        return silenceId;
    }

    public String getPatientId() {
        return patientId;
    }

    public String getCareTeamId() {
        return careTeamId;
    }

    public AlertCondition getCondition() {
        return condition;
    }

    public String getReason() {
        return reason;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUntil() {
        return until;
    }

    public Instant getEndedAt() {
        return endedAt;
    }
}
