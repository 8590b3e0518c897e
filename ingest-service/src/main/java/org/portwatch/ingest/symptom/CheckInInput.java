package org.portwatch.ingest.symptom;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /api/v1/symptoms}: what the patient reports at one check-in. Judged by {@link CheckInValidator}. */
@Schema(name = "SymptomCheckIn")
public record CheckInInput(
        @Schema(description = "The client's own id of this check-in (its idempotency key); derived from device and "
                + "reportedAt if absent", example = "app-7-checkin-0042", maxLength = 128) String checkInId,
        @Schema(maxItems = 7, description = "Each at most once; case does not matter. Required unless the check-in "
                + "reports only an antipyretic taken",
                enumeration = {"SHOULDER_PAIN", "SWOLLEN_ARM", "PORT_SITE_SKIN", "PORT_WILL_NOT_FLUSH", "HEART_FLUTTER",
                        "CHILLS", "OTHER"}, example = "[\"CHILLS\", \"OTHER\"]") List<String> symptoms,
        @Schema(description = "Required with OTHER and only with it: the patient's own words, 1-500 characters, no "
                + "control characters but line breaks and tabs", maxLength = 500,
                example = "Feels like the needle site is burning") String otherText,
        @Schema(required = true, description = "ISO-8601 instant the patient reported it (device time)",
                example = "2026-11-28T10:15:30Z") String reportedAt,
        @Schema(description = "An antipyretic the patient took (it can hide a fever: the care team sees it on fever "
                + "alerts and the timeline)") AntipyreticInput antipyretic) {

    /** An antipyretic taken: which, and when (default: reportedAt). */
    @Schema(name = "AntipyreticTaken")
    public record AntipyreticInput(
            @Schema(required = true, enumeration = {"PARACETAMOL", "IBUPROFEN", "ASPIRIN", "METAMIZOLE",
                    "OTHER_ANTIPYRETIC"}, example = "PARACETAMOL") String medication,
            @Schema(description = "ISO-8601 instant it was taken; default reportedAt", example = "2026-11-28T09:30:00Z")
            String takenAt) {
    }
}
