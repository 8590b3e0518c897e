package org.portwatch.ingest.device;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A registered wearable or gateway: its readings belong to {@code patientId}. */
@Entity
@Table(name = "device")
public class Device {

    @Id
    @Column(name = "device_id", length = 64)
    private String deviceId;

    @Column(name = "patient_id", nullable = false, length = 64)
    private String patientId;

    @Column(name = "model", length = 100)
    private String model;

    /** SHA-256 of the token; the token itself is never stored. */
    @Column(name = "token_hash", nullable = false, length = 64, unique = true)
    private String tokenHash;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected Device() {
        // for Hibernate
    }

    public Device(String deviceId, String patientId, String model, String tokenHash, Instant createdAt) {
        this.deviceId = deviceId;
        this.patientId = patientId;
        this.model = model;
        this.tokenHash = tokenHash;
        this.createdAt = createdAt;
    }

    public String getDeviceId() {
        return deviceId;
    }

    public String getPatientId() {
        return patientId;
    }

    public String getModel() {
        return model;
    }

    public String getTokenHash() {
        return tokenHash;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getRevokedAt() {
        return revokedAt;
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }

    void revoke(Instant at) {
        if (revokedAt == null) {
            revokedAt = at;
        }
    }
}
