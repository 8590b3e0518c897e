package org.portwatch.ingest.device;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A device as the registry shows it; the token is included only in the answer to its registration. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Device")
public record DeviceView(
        @Schema(example = "patch-3f9a") String deviceId,
        @Schema(example = "patient-0042") String patientId,
        @Schema(example = "ThermoPatch 2") String model,
        @Schema(enumeration = {"ACTIVE", "REVOKED"}, example = "ACTIVE") String status,
        Instant createdAt,
        Instant revokedAt,
        @Schema(description = "Bearer token for POST /api/v1/readings; returned once, at registration",
                example = "pwd_lq3Yf0sK2b1vZ8m4R6n0T1w9X2y5A7c3E6g8J1k4M7o") String token) {

    static DeviceView of(Device device, String token) {
        return new DeviceView(device.deviceId(), device.patientId(), device.model(),
                device.isRevoked() ? "REVOKED" : "ACTIVE", device.createdAt(), device.revokedAt(), token);
    }
}
