package org.portwatch.ingest.device;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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

    /** Identifiers are opaque, URL-safe and short; never names or record numbers a person could read. */
    static final class Ids {
        static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._:\\-]{0,63}";
        static final String MESSAGE = "must be 1-64 letters, digits or . _ : - and start with a letter or digit";

        private Ids() {
        }
    }
}
