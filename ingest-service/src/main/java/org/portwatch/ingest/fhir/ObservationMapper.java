package org.portwatch.ingest.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.portwatch.ingest.reading.ReadingInput;
import org.portwatch.model.MeasurementSite;
import org.portwatch.model.VitalType;

/**
 * A FHIR R4 Observation of the vital-signs profile, as one of our readings: body temperature (LOINC 8310-5) or heart
 * rate (LOINC 8867-4), its valueQuantity in UCUM, effectiveDateTime, the device's own identifier as the idempotency
 * key, and bodySite (SNOMED CT) as our measurement site. Only the shape is judged here; units, ranges and times go
 * through the same input hygiene as every other reading ({@code ReadingValidator}), so a FHIR client meets exactly
 * the rules of {@code /api/v1/readings}. The patient is the one the device is registered to; {@code subject} is not
 * read (a device cannot speak for another patient).
 */
final class ObservationMapper {

    static final String LOINC = "http://loinc.org";
    static final String SNOMED = "http://snomed.info/sct";
    static final Map<String, VitalType> CODES = Map.of("8310-5", VitalType.BODY_TEMPERATURE, "8867-4",
            VitalType.HEART_RATE);
    /** Statuses whose value is a measurement to act on; a preliminary fever is still a fever. */
    static final Set<String> STATUSES = Set.of("final", "amended", "corrected", "preliminary");
    /** SNOMED CT body structures for our sites (the vital-signs profile's bodySite binding is SNOMED CT). */
    static final Map<String, MeasurementSite> BODY_SITES = Map.of(
            "39937001", MeasurementSite.SKIN,       // Skin structure
            "8205005", MeasurementSite.WRIST,       // Wrist region structure
            "51185008", MeasurementSite.CHEST,      // Thoracic structure
            "91470000", MeasurementSite.AXILLARY,   // Axillary region structure
            "123851003", MeasurementSite.ORAL,      // Mouth region structure
            "42859004", MeasurementSite.TYMPANIC,   // Tympanic membrane structure
            "52795006", MeasurementSite.TEMPORAL,   // Forehead structure (temporal artery thermometers)
            "34402009", MeasurementSite.RECTAL);    // Rectum structure
    /** Our readingId's alphabet; an identifier outside it is hashed, so any identifier stays a stable key. */
    private static final Pattern READING_ID = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private ObservationMapper() {
    }

    /** An Observation as a reading, or the reason it is none (status, FHIR issue code, element at fault). */
    record Mapped(ReadingInput reading, int status, String code, String reason, String diagnostics, String expression) {

        static Mapped of(ReadingInput reading) {
            return new Mapped(reading, 0, null, null, null, null);
        }

        static Mapped invalid(String reason, String diagnostics, String expression) {
            return new Mapped(null, 422, "invalid", reason, diagnostics, expression);
        }

        static Mapped unsupported(String diagnostics, String expression) {
            return new Mapped(null, 422, "not-supported", "UNSUPPORTED", diagnostics, expression);
        }
    }

    static Mapped map(JsonNode resource) {
        if (resource == null || !resource.isObject()) {
            return Mapped.invalid("MISSING_FIELD", "The entry holds no resource.", "resource");
        }
        if (!"Observation".equals(resource.path("resourceType").asText(null))) {
            return Mapped.unsupported("Only Observation resources are accepted.", "resourceType");
        }
        String status = resource.path("status").asText(null);
        if (status == null || !STATUSES.contains(status)) {
            return Mapped.invalid("INVALID_STATUS",
                    "status must be final, amended, corrected or preliminary to be a reading to act on.", "status");
        }
        VitalType type = null;
        for (JsonNode coding : resource.path("code").path("coding")) {
            if (LOINC.equals(coding.path("system").asText(null))) {
                VitalType found = CODES.get(coding.path("code").asText(""));
                if (found != null) {
                    type = found;
                    break;
                }
            }
        }
        if (type == null) {
            return Mapped.unsupported("code must hold a LOINC coding 8310-5 (body temperature) or 8867-4 (heart rate).",
                    "code");
        }
        if (resource.has("dataAbsentReason")) {
            return Mapped.invalid("MISSING_FIELD", "An Observation without a value is not a reading.", "dataAbsentReason");
        }
        JsonNode quantity = resource.path("valueQuantity");
        if (!quantity.isObject()) {
            return Mapped.invalid("MISSING_FIELD", "valueQuantity is required.", "valueQuantity");
        }
        String system = quantity.path("system").asText(null);
        if (system != null && !"http://unitsofmeasure.org".equals(system)) {
            return Mapped.invalid("UNKNOWN_UNIT", "valueQuantity.system must be UCUM (http://unitsofmeasure.org).",
                    "valueQuantity.system");
        }
        String unit = quantity.hasNonNull("code") ? quantity.path("code").asText(null) : quantity.path("unit").asText(null);
        String measuredAt = resource.hasNonNull("effectiveDateTime") ? resource.path("effectiveDateTime").asText(null)
                : resource.path("effectiveInstant").asText(null);
        if (measuredAt != null && measuredAt.length() <= 10) {
            // FHIR allows a date alone; a reading needs its time of day.
            return Mapped.invalid("INVALID_TIMESTAMP", "effectiveDateTime must be a time with its zone, not a date.",
                    "effectiveDateTime");
        }
        return Mapped.of(new ReadingInput(readingId(resource.path("identifier")), type.name(), quantity.get("value"),
                unit, measuredAt, site(resource), null, null));
    }

    /** The first identifier with a value; null lets the validator derive one from device, type and time. */
    static String readingId(JsonNode identifiers) {
        for (JsonNode identifier : identifiers) {
            String value = identifier.path("value").asText(null);
            if (value != null && !value.isEmpty()) {
                if (READING_ID.matcher(value).matches()) {
                    return value;
                }
                String key = identifier.path("system").asText("") + "|" + value;
                return "fhir-" + sha256(key);
            }
        }
        return null;
    }

    /**
     * Our site from bodySite's SNOMED coding, or from its text naming one of our sites; an unknown site is left out,
     * as a reading without one is read (docs/clinical-rules.md), rather than refusing a valid temperature.
     */
    private static String site(JsonNode resource) {
        JsonNode bodySite = resource.path("bodySite");
        for (JsonNode coding : bodySite.path("coding")) {
            if (SNOMED.equals(coding.path("system").asText(null))) {
                MeasurementSite site = BODY_SITES.get(coding.path("code").asText(""));
                if (site != null) {
                    return site.name();
                }
            }
        }
        String text = bodySite.path("text").asText(resource.path("method").path("text").asText(""));
        for (MeasurementSite site : MeasurementSite.values()) {
            if (site.name().equalsIgnoreCase(text.strip())) {
                return site.name();
            }
        }
        return null;
    }

    /** FHIRPath of our reading fields, for the issues the validator raises. */
    static String expression(String field) {
        return switch (field == null ? "" : field) {
            case "value" -> "valueQuantity.value";
            case "unit" -> "valueQuantity.code";
            case "measuredAt" -> "effectiveDateTime";
            case "readingId" -> "identifier";
            case "type" -> "code";
            case "site" -> "bodySite";
            default -> field == null ? null : field.toLowerCase(Locale.ROOT);
        };
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).replace('_', '.');
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
