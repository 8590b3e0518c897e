package org.portwatch.ingest.device;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.portwatch.model.Ids;
import org.portwatch.service.security.ControlCharacters;

/** The body of {@code POST /api/v1/devices}: which patient this device measures. */
@Schema(name = "DeviceRegistration")
public record DeviceRegistration(
        @NotBlank @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE)
        @Schema(required = true, example = "patch-3f9a", pattern = Ids.PATTERN) String deviceId,
        @NotBlank @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE)
        @Schema(required = true, example = "patient-0042", pattern = Ids.PATTERN) String patientId,
        // Plain text: an administrator reads it back, and PostgreSQL refuses a NUL or a lone surrogate outright.
        @Size(max = 100) @Pattern(regexp = ControlCharacters.PLAIN_TEXT, message = ControlCharacters.PLAIN_TEXT_MESSAGE)
        @Schema(example = "ThermoPatch 2", maxLength = 100) String model) {
}
