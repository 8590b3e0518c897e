package org.portwatch.alert.alerts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.portwatch.model.Severity;

/** One thing that happened to an alert: a detector event (with its eventId) or a human action (with its actor). */
@Entity
@Table(name = "alert_timeline")
public class TimelineEntry {

    /** What happened. */
    public enum Kind {
        RAISED,
        ESCALATED,
        RESOLVED,
        ACKNOWLEDGED,
        /** Sent to the care team's on-call contacts because nobody acknowledged it in time (repeats). */
        ESCALATION_SENT,
        /** Raised before the patient was enrolled; given to the care team that enrolled them. */
        HANDED_OVER,
        /** The patient moved to another care team and the open alert went with them. */
        TRANSFERRED,
        /** Resolved by a clinician, the episode went on at a higher severity: a new alert carries it on. */
        SUPERSEDED,
        /** Assigned (or reassigned) to a clinician of the team, named in the detail. */
        ASSIGNED,
        /** Nobody's any more. */
        UNASSIGNED,
        /** A comment was added to the thread (the text is in the thread, not repeated here). */
        COMMENTED,
        /** Snoozed by a clinician, or silenced with the patient's NO_DATA (detail says until when). */
        SNOOZED,
        /** The snooze or silence ended: expired, ended by a clinician, or ended by a higher severity. */
        UNSNOOZED,
        /** Grouped under the patient's open SEPSIS_RISK: it notifies through it. */
        GROUPED,
        /** Released from its group (the SEPSIS_RISK resolved, or grouping was switched off): notifies on its own. */
        UNGROUPED,
        /** On a SEPSIS_RISK: an alert joined or left its group; the parent's notification was updated. */
        GROUP_CHANGED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    private Long id;

    @Column(name = "alert_id", nullable = false)
    private UUID alertId;

    @Column(name = "event_id")
    private UUID eventId;

    @Enumerated(EnumType.STRING)
    @Column(name = "kind", nullable = false, length = 20)
    private Kind kind;

    @Enumerated(EnumType.STRING)
    @Column(name = "severity", nullable = false, length = 10)
    private Severity severity;

    @Column(name = "at", nullable = false)
    private Instant at;

    @Column(name = "actor", length = 200)
    private String actor;

    @Column(name = "note", length = 2000)
    private String note;

    @Column(name = "detail", length = 500)
    private String detail;

    protected TimelineEntry() {
        // for Hibernate
    }

    TimelineEntry(UUID alertId, UUID eventId, Kind kind, Severity severity, Instant at, String actor, String note,
            String detail) {
        this.alertId = alertId;
        this.eventId = eventId;
        this.kind = kind;
        this.severity = severity;
        this.at = at;
        this.actor = actor;
        this.note = note;
        this.detail = detail;
    }

    public Long getId() {
        return id;
    }

    public UUID getAlertId() {
        return alertId;
    }

    public UUID getEventId() {
        return eventId;
    }

    public Kind getKind() {
        return kind;
    }

    public Severity getSeverity() {
        return severity;
    }

    public Instant getAt() {
        return at;
    }

    public String getActor() {
        return actor;
    }

    public String getNote() {
        return note;
    }

    public String getDetail() {
        return detail;
    }
}
