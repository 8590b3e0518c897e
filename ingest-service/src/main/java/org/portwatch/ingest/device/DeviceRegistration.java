package org.portwatch.ingest.device;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.portwatch.model.Ids;

/** The body of {@code POST /api/v1/devices}: which patient this device measures. */
@Schema(name = "DeviceRegistration")
public record DeviceRegistration(
        @NotBlank @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE)
        @Schema(required = true, example = "patch-3f9a", pattern = Ids.PATTERN) String deviceId,
        @NotBlank @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE)
        @Schema(required = true, example = "patient-0042", pattern = Ids.PATTERN) String patientId,
        // No control characters: free text an administrator reads back, and PostgreSQL refuses NUL outright.
        @Size(max = 100) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
        @Schema(example = "ThermoPatch 2", maxLength = 100) String model) {
}
