package org.portwatch.ingest.omh;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import org.portwatch.ingest.reading.ReadingInput;
import org.portwatch.ingest.reading.Rejection;
import org.portwatch.ingest.reading.RejectionReason;
import org.portwatch.model.Activity;
import org.portwatch.model.MeasurementSite;
import org.portwatch.model.VitalType;

/**
 * An Open mHealth data point as one of our readings. Schemas read (openmhealth/schemas on GitHub, current as of
 * 2026-11-30): {@code omh:body-temperature} 1.x–4.x (4.0 is current: {@code body_temperature} as an IEEE 1752
 * temperature unit value in C, F or K, {@code measurement_location}) and {@code omh:heart-rate} 1.x–3.x (3.0 is
 * current: {@code heart_rate} in beats/min, {@code temporal_relationship_to_physical_activity}); both take an IEEE
 * 1752 {@code effective_time_frame}. The header's {@code id} is the idempotency key (the readingId). Units, ranges
 * and times are judged afterwards by the same input hygiene as every reading.
 */
final class DataPointMapper {

    /** The newest major version of each schema this mapper knows the body of. */
    static final Map<String, Integer> NEWEST = Map.of("body-temperature", 4, "heart-rate", 3);
    /** Open mHealth's measurement locations (body-temperature 4.0) as our sites; the rest are left out. */
    static final Map<String, MeasurementSite> LOCATIONS = Map.of(
            "axillary", MeasurementSite.AXILLARY,
            "oral", MeasurementSite.ORAL,
            "rectal", MeasurementSite.RECTAL,
            "tympanic", MeasurementSite.TYMPANIC,
            "temporal artery", MeasurementSite.TEMPORAL,
            "forehead", MeasurementSite.TEMPORAL,
            "wrist", MeasurementSite.WRIST,
            "finger", MeasurementSite.SKIN,
            "toe", MeasurementSite.SKIN);
    /**
     * temporal_relationship_to_physical_activity as our activity. "After exercise" is still ACTIVE: the heart has
     * not come back to rest, which is what the tachycardia rule needs to know (docs/clinical-rules.md).
     */
    static final Map<String, Activity> ACTIVITIES = Map.of(
            "at rest", Activity.RESTING,
            "before exercise", Activity.RESTING,
            "active", Activity.ACTIVE,
            "during exercise", Activity.EXERCISE,
            "after exercise", Activity.ACTIVE);
    private static final Map<String, String> TEMPERATURE_UNITS = Map.of("C", "Cel", "F", "[degF]");
    private static final Set<String> HEART_RATE_UNITS = Set.of("beats/min", "/min", "bpm");

    private DataPointMapper() {
    }

    /** A data point as a reading, or why it is none. */
    record Mapped(ReadingInput reading, Rejection rejection) {
    }

    static Mapped map(int index, JsonNode point) {
        if (point == null || !point.isObject()) {
            return reject(index, "dataPoint", RejectionReason.MISSING_FIELD, "a data point is an object {header, body}");
        }
        JsonNode header = point.path("header");
        JsonNode body = point.path("body");
        if (!header.isObject() || !body.isObject()) {
            return reject(index, "header", RejectionReason.MISSING_FIELD, "a data point needs a header and a body");
        }
        JsonNode schema = header.path("schema_id");
        String namespace = schema.path("namespace").asText("");
        String name = schema.path("name").asText("");
        Integer newest = NEWEST.get(name);
        if (!namespace.equals("omh") || newest == null) {
            return reject(index, "header.schema_id", RejectionReason.UNKNOWN_TYPE,
                    "schema_id must be omh:body-temperature or omh:heart-rate");
        }
        int major = major(schema.path("version").asText(""));
        if (major < 1 || major > newest) {
            return reject(index, "header.schema_id.version", RejectionReason.UNKNOWN_TYPE,
                    "omh:" + name + " versions 1.x to " + newest + ".x are read");
        }
        if (body.has("descriptive_statistic")) {
            // An average or maximum over a period is a summary, not a measurement the rules can time.
            return reject(index, "body.descriptive_statistic", RejectionReason.UNKNOWN_VALUE,
                    "statistics over a period are not readings; send the measurements");
        }
        String measuredAt = time(body.path("effective_time_frame"));
        String readingId = header.path("id").isTextual() ? header.path("id").asText() : null;
        if (name.equals("body-temperature")) {
            JsonNode quantity = body.path("body_temperature");
            String unit = quantity.path("unit").asText(null);
            String site = null;
            MeasurementSite location = LOCATIONS.get(body.path("measurement_location").asText(""));
            if (location != null) {
                site = location.name();
            }
            return new Mapped(new ReadingInput(readingId, VitalType.BODY_TEMPERATURE.name(), quantity.get("value"),
                    unit == null ? null : TEMPERATURE_UNITS.getOrDefault(unit, unit), measuredAt, site, null, null), null);
        }
        JsonNode quantity = body.path("heart_rate");
        String unit = quantity.path("unit").asText(null);
        Activity activity = ACTIVITIES.get(body.path("temporal_relationship_to_physical_activity").asText(""));
        if (activity == null && "during sleep".equals(body.path("temporal_relationship_to_sleep").asText(""))) {
            activity = Activity.SLEEPING;
        }
        return new Mapped(new ReadingInput(readingId, VitalType.HEART_RATE.name(), quantity.get("value"),
                unit != null && HEART_RATE_UNITS.contains(unit) ? "/min" : unit, measuredAt, null,
                activity == null ? null : activity.name(), null), null);
    }

    /** The instant of an IEEE 1752 time frame: its date_time, or the end of its interval (start if open-ended). */
    private static String time(JsonNode frame) {
        if (frame.path("date_time").isTextual()) {
            return frame.path("date_time").asText();
        }
        JsonNode interval = frame.path("time_interval");
        if (interval.path("end_date_time").isTextual()) {
            return interval.path("end_date_time").asText();
        }
        return interval.path("start_date_time").isTextual() ? interval.path("start_date_time").asText() : null;
    }

    private static int major(String version) {
        int dot = version.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Mapped reject(int index, String field, RejectionReason reason, String detail) {
        return new Mapped(null, new Rejection(index, field, reason, detail));
    }

    /** Our reading fields in the data point's terms, for the validator's rejections. */
    static String field(String readingField, String schemaName) {
        boolean temperature = "body-temperature".equals(schemaName);
        return switch (readingField == null ? "" : readingField) {
            case "value" -> temperature ? "body.body_temperature.value" : "body.heart_rate.value";
            case "unit" -> temperature ? "body.body_temperature.unit" : "body.heart_rate.unit";
            case "measuredAt" -> "body.effective_time_frame";
            case "readingId" -> "header.id";
            default -> readingField;
        };
    }
}
