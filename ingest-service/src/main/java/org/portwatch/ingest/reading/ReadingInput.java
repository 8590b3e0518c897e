package org.portwatch.ingest.reading;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One reading as a device sends it. Fields are kept loose (strings, a JSON value) so that one bad
 * reading is rejected on its own, with its field named, instead of failing the whole batch.
 */
@Schema(name = "ReadingInput")
public record ReadingInput(
        @Schema(description = "The device's own unique id of this measurement; derived from device, type and time if absent",
                example = "patch-3-000172", maxLength = 128) String readingId,
        @Schema(required = true, enumeration = {"BODY_TEMPERATURE", "HEART_RATE", "HEART_RHYTHM"}, example = "BODY_TEMPERATURE") String type,
        @Schema(required = true, description = "A JSON number; for HEART_RHYTHM the text REGULAR or IRREGULAR",
                example = "38.4") JsonNode value,
        @Schema(description = "Required for numbers. UCUM: Cel or [degF] (also C, °C, F, °F); /min (also bpm); none "
                + "for HEART_RHYTHM",
                example = "Cel") String unit,
        @Schema(required = true, description = "ISO-8601 instant of the measurement (device time)",
                example = "2026-11-28T10:15:30Z") String measuredAt,
        @Schema(enumeration = {"SKIN", "WRIST", "CHEST", "AXILLARY", "ORAL", "TYMPANIC", "TEMPORAL", "RECTAL"},
                example = "SKIN") String site,
        @Schema(enumeration = {"RESTING", "SLEEPING", "ACTIVE", "EXERCISE", "UNKNOWN"}, example = "RESTING") String activity,
        @Schema(enumeration = {"ON_BODY", "OFF_BODY", "UNKNOWN"}, example = "ON_BODY") String sensorStatus) {
}
