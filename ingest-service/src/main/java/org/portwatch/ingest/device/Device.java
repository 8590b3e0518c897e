package org.portwatch.ingest.device;

import java.time.Instant;

/**
 * A registered wearable or gateway: its readings belong to {@code patientId}. A row of table {@code device}
 * ({@code db/migration/V1__device_registry.sql}), read and written by {@link DeviceRepository}.
 *
 * @param tokenHash SHA-256 of the token; the token itself is never stored
 * @param revokedAt when it was revoked, or null while it is active
 */
public record Device(String deviceId, String patientId, String model, String tokenHash, Instant createdAt,
        Instant revokedAt) {

    /** A device as registered: active. */
    public Device(String deviceId, String patientId, String model, String tokenHash, Instant createdAt) {
        this(deviceId, patientId, model, tokenHash, createdAt, null);
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }
}
