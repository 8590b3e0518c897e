package org.portwatch.alert.patient;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One profile change waiting for the broker (transactional outbox): written in the transaction that changed the
 * patient, so a change the database took reaches {@code patients.profiles} even if the process dies right after
 * the commit. {@link ProfileOutboxPublisher} sends the rows in {@code id} order and deletes them once acknowledged.
 */
@Entity
@Table(name = "profile_outbox")
public class ProfileOutboxEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    private Long id;

    @Column(name = "patient_id", nullable = false, length = 64)
    private String patientId;

    /** The {@code PatientProfile} JSON; {@code null} is a tombstone (discharge). */
    @Column(name = "payload", columnDefinition = "text")
    private String payload;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected ProfileOutboxEntry() {
        // for Hibernate
    }

    ProfileOutboxEntry(String patientId, String payload, Instant createdAt) {
        this.patientId = patientId;
        this.payload = payload;
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public String getPatientId() {
        return patientId;
    }

    public String getPayload() {
        return payload;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
