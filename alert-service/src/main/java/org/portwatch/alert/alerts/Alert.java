package org.portwatch.alert.alerts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.Evidence;
import org.portwatch.model.Severity;

/**
 * An alert of record: one row per alertId, whatever number of times its events arrive. Changed only by
 * {@link AlertRecorder} (detector events), {@link AlertService} (clinicians), {@link AlertOwnership} (enrollment,
 * transfer, discharge) and the escalation scheduler, each under a row lock.
 */
@Entity
@Table(name = "alert")
public class Alert {

    @Id
    @Column(name = "alert_id")
    private UUID alertId;

    @Column(name = "patient_id", nullable = false, length = 64)
    private String patientId;

    /**
     * The care team that owns the alert: the patient's when it was raised, or the one the patient moved to while
     * it was open; null while the patient has no profile here (unassigned: administrators see it).
     */
    @Column(name = "care_team_id", length = 64)
    private String careTeamId;

    @Enumerated(EnumType.STRING)
    @Column(name = "condition", nullable = false, length = 16)
    private AlertCondition condition;

    @Enumerated(EnumType.STRING)
    @Column(name = "severity", nullable = false, length = 10)
    private Severity severity;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 14)
    private AlertStatus status;

    @Column(name = "episode_start", nullable = false)
    private Instant episodeStart;

    @Column(name = "raised_at", nullable = false)
    private Instant raisedAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "detected_late", nullable = false)
    private boolean detectedLate;

    @Column(name = "rule")
    private String rule;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "thresholds")
    private Map<String, Double> thresholds;

    /** An object, not a bare array: Hibernate Reactive binds JSON columns as JSON objects. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "evidence")
    private EvidenceColumn evidence;

    /** The {@code evidence} column: {"readings": [...]}. */
    public record EvidenceColumn(List<Evidence> readings) {
    }

    @Column(name = "acknowledged_by", length = 200)
    private String acknowledgedBy;

    @Column(name = "acknowledged_at")
    private Instant acknowledgedAt;

    @Column(name = "resolved_by", length = 200)
    private String resolvedBy;

    @Column(name = "resolved_at")
    private Instant resolvedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "resolution", length = 12)
    private Resolution resolution;

    /** Was it actionable? As the resolving clinician recorded it; null when not recorded. */
    @Enumerated(EnumType.STRING)
    @Column(name = "outcome", length = 20)
    private Outcome outcome;

    /** The alert that carries the episode on after a clinician resolved this one at a lower severity. */
    @Column(name = "superseded_by")
    private UUID supersededBy;

    /**
     * The SEPSIS_RISK this FEVER or TACHYCARDIA is grouped under (it notifies through it); null when not grouped.
     * Kept on a child that resolved inside the group, as history; cleared when the child is released.
     */
    @Column(name = "grouped_under")
    private UUID groupedUnder;

    @Column(name = "escalate_at")
    private Instant escalateAt;

    @Column(name = "escalations", nullable = false)
    private int escalations;

    /** The clinician (subject) the alert is assigned to; null: nobody (assignment package). */
    @Column(name = "assignee", length = 200)
    private String assignee;

    @Column(name = "assigned_at")
    private Instant assignedAt;

    /**
     * Snoozed (by a clinician, or by a silence of the patient's NO_DATA: {@code silenceId}) until this instant: no
     * notification of the detector's events, no escalation; null when not snoozed. Cleared by the snooze round.
     */
    @Column(name = "snoozed_until")
    private Instant snoozedUntil;

    @Column(name = "snoozed_at")
    private Instant snoozedAt;

    @Column(name = "snoozed_by", length = 200)
    private String snoozedBy;

    @Column(name = "snooze_reason", length = 500)
    private String snoozeReason;

    @Column(name = "silence_id")
    private UUID silenceId;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected Alert() {
        // for Hibernate
    }

    /** A new alert from the first event the service sees of it (normally RAISED). */
    static Alert of(AlertEvent event, String careTeamId) {
        Alert alert = new Alert();
        alert.alertId = UUID.fromString(event.alertId());
        alert.patientId = event.patientId();
        alert.careTeamId = careTeamId;
        alert.condition = event.condition();
        alert.severity = event.severity();
        alert.status = AlertStatus.OPEN;
        alert.episodeStart = event.episodeStart();
        alert.raisedAt = event.detectedAt();
        alert.updatedAt = event.detectedAt();
        alert.detectedLate = event.late();
        alert.rule = event.rule();
        alert.thresholds = event.thresholds();
        alert.evidence = new EvidenceColumn(event.evidence() == null ? List.of() : event.evidence());
        return alert;
    }

    /**
     * The episode of {@code resolved} seen again at a higher severity after a clinician resolved it: a new alert
     * {@code alertId}, raised now, for {@code careTeamId} (the patient's team now).
     */
    static Alert reraised(UUID alertId, Alert resolved, AlertEvent event, String careTeamId) {
        Alert alert = of(event, careTeamId);
        alert.alertId = alertId;
        alert.episodeStart = resolved.episodeStart;
        alert.detectedLate = resolved.detectedLate || event.late();
        return alert;
    }

    /** More evidence, a higher severity: the record ends at the highest severity reached. */
    void escalate(AlertEvent event) {
        if (event.severity().compareTo(severity) > 0) {
            severity = event.severity();
        }
        rule = event.rule();
        thresholds = event.thresholds();
        if (event.evidence() != null && !event.evidence().isEmpty()) {
            evidence = new EvidenceColumn(event.evidence());
        }
        detectedLate = detectedLate || event.late();
        updatedAt = later(updatedAt, event.detectedAt());
    }

    /** The readings resolved it (or proved it wrong: "Withdrawn"). */
    void resolveByDetector(AlertEvent event) {
        if (status != AlertStatus.RESOLVED) {
            status = AlertStatus.RESOLVED;
            resolution = Resolution.DETECTOR;
            resolvedAt = event.detectedAt();
            resolvedBy = null;
        }
        escalateAt = null;
        updatedAt = later(updatedAt, event.detectedAt());
    }

    void acknowledge(String by, Instant at) {
        status = AlertStatus.ACKNOWLEDGED;
        acknowledgedBy = by;
        acknowledgedAt = at;
        escalateAt = null;
        updatedAt = at;
    }

    void resolveByClinician(String by, Instant at, Outcome outcome) {
        resolveBy(Resolution.CLINICIAN, by, at);
        this.outcome = outcome;
    }

    /** Monitoring ended: resolved as discharged by {@code by}; nothing escalates any more. */
    void resolveAsDischarged(String by, Instant at) {
        resolveBy(Resolution.DISCHARGED, by, at);
    }

    private void resolveBy(Resolution why, String by, Instant at) {
        status = AlertStatus.RESOLVED;
        resolution = why;
        resolvedBy = by;
        resolvedAt = at;
        escalateAt = null;
        updatedAt = at;
    }

    /** Now owned by {@code careTeamId} (a handover at enrollment, or a transfer with the patient). */
    void assign(String careTeamId, Instant at) {
        if (!java.util.Objects.equals(this.careTeamId, careTeamId)) {
            // The assignee was a clinician of the team the alert leaves: the new team assigns its own.
            assignee = null;
            assignedAt = null;
        }
        this.careTeamId = careTeamId;
        updatedAt = later(updatedAt, at);
    }

    /**
     * Open again, nobody's yet: the acknowledgement was by a clinician of the team the patient left, who no longer
     * sees the alert, so the new team must take it over (and escalation runs for it again).
     */
    void clearAcknowledgement() {
        status = AlertStatus.OPEN;
        acknowledgedBy = null;
        acknowledgedAt = null;
    }

    /** A clinician resolved it and the episode went on at a higher severity: {@code next} carries it on. */
    void supersede(UUID next) {
        supersededBy = next;
    }

    /**
     * Grouped under {@code parent} at {@code at}. A {@code silent} child (the usual case) stops escalating on its own:
     * its parent pages; one that notifies anyway (CRITICAL, or more severe than the parent) keeps its escalation.
     */
    void groupUnder(UUID parent, Instant at, boolean silent) {
        groupedUnder = parent;
        if (silent) {
            escalateAt = null;
        }
        updatedAt = later(updatedAt, at);
    }

    /** No longer grouped: it notifies and escalates on its own again (the caller schedules the escalation). */
    void ungroup(Instant at) {
        groupedUnder = null;
        updatedAt = later(updatedAt, at);
    }

    /** An escalation round went out: the next one is due {@code next} (null: no more). */
    void escalated(Instant at, Instant next) {
        escalations++;
        escalateAt = next;
        updatedAt = at;
    }

    /** A round that reached nobody: not counted as sent, tried again at {@code next}. */
    void escalationUnsent(Instant at, Instant next) {
        escalateAt = next;
        updatedAt = at;
    }

    /** Assigned to {@code clinician} (a subject of its team) at {@code at}; null unassigns. */
    void assignTo(String clinician, Instant at) {
        assignee = clinician;
        assignedAt = clinician == null ? null : at;
        updatedAt = at;
    }

    void scheduleEscalation(Instant at) {
        escalateAt = at;
    }

    /** Snoozed until {@code until} (replacing any snooze it had); {@code silenceId} when a silence did it. */
    void snooze(Instant until, String by, String reason, Instant at, UUID silenceId) {
        snoozedUntil = until;
        snoozedAt = at;
        snoozedBy = by;
        snoozeReason = reason;
        this.silenceId = silenceId;
        updatedAt = later(updatedAt, at);
    }

    /** No longer snoozed: notifications and escalation as for any alert from now on. */
    void unsnooze(Instant at) {
        snoozedUntil = null;
        snoozedAt = null;
        snoozedBy = null;
        snoozeReason = null;
        silenceId = null;
        updatedAt = later(updatedAt, at);
    }

    public boolean isSnoozed() {
        return snoozedUntil != null;
    }

    public Instant getSnoozedUntil() {
        return snoozedUntil;
    }

    public Instant getSnoozedAt() {
        return snoozedAt;
    }

    public String getSnoozedBy() {
        return snoozedBy;
    }

    public String getSnoozeReason() {
        return snoozeReason;
    }

    public UUID getSilenceId() {
        return silenceId;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || (b != null && b.isAfter(a)) ? b : a;
    }

    public UUID getAlertId() {
        return alertId;
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

    public Severity getSeverity() {
        return severity;
    }

    public AlertStatus getStatus() {
        return status;
    }

    public Instant getEpisodeStart() {
        return episodeStart;
    }

    public Instant getRaisedAt() {
        return raisedAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public boolean isDetectedLate() {
        return detectedLate;
    }

    public String getRule() {
        return rule;
    }

    public Map<String, Double> getThresholds() {
        return thresholds == null ? Map.of() : thresholds;
    }

    public List<Evidence> getEvidence() {
        return evidence == null || evidence.readings() == null ? List.of() : evidence.readings();
    }

    public String getAcknowledgedBy() {
        return acknowledgedBy;
    }

    public Instant getAcknowledgedAt() {
        return acknowledgedAt;
    }

    public String getResolvedBy() {
        return resolvedBy;
    }

    public Instant getResolvedAt() {
        return resolvedAt;
    }

    public Resolution getResolution() {
        return resolution;
    }

    public UUID getSupersededBy() {
        return supersededBy;
    }

    public UUID getGroupedUnder() {
        return groupedUnder;
    }

    public Instant getEscalateAt() {
        return escalateAt;
    }

    public int getEscalations() {
        return escalations;
    }

    public String getAssignee() {
        return assignee;
    }

    public Instant getAssignedAt() {
        return assignedAt;
    }
}
