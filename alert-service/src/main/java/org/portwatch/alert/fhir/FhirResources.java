package org.portwatch.alert.fhir;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.portwatch.model.MeasurementSite;
import org.portwatch.model.VitalType;

/**
 * Our stored readings and alerts in FHIR R4's notation. A reading is an Observation of the vital-signs profile
 * (bodytemp, heartrate): LOINC code, UCUM quantity in its canonical unit, the device's readingId as identifier. An alert
 * is a {@code Flag}, not a {@code DetectedIssue}: a Flag is "a warning about a patient to be kept in mind while
 * caring for them", active while it holds and inactive once resolved, which is exactly an alert of record; a
 * DetectedIssue is about a problem with an action taken or proposed for the patient (a drug interaction, a duplicate
 * order), which ours is not.
 */
final class FhirResources {

    static final String LOINC = "http://loinc.org";
    static final String UCUM = "http://unitsofmeasure.org";
    static final String SNOMED = "http://snomed.info/sct";
    static final String CONDITION_SYSTEM = "urn:portwatch:alert-condition";

    private FhirResources() {
    }

    /** Our vital sign of a LOINC code, or null. */
    static VitalType typeOf(String loinc) {
        return switch (loinc) {
            case "8310-5" -> VitalType.BODY_TEMPERATURE;
            case "8867-4" -> VitalType.HEART_RATE;
            default -> null;
        };
    }

    /** A stored reading as it leaves the database. */
    record Reading(String patientId, String deviceId, String readingId, VitalType type, double value, String unit,
            Instant measuredAt, String site) {
    }

    /** A stored alert as it leaves the database. */
    record Alert(String alertId, String patientId, String condition, String severity, String status, Instant start,
            Instant resolvedAt) {
    }

    /** A FHIR id for a reading: stable, at most 64 of FHIR's id characters, and no patient data in it. */
    static String observationId(Reading reading) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((reading.deviceId() + '|' + reading.readingId()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    static Map<String, Object> observation(Reading reading) {
        boolean temperature = reading.type() == VitalType.BODY_TEMPERATURE;
        Map<String, Object> observation = new LinkedHashMap<>();
        observation.put("resourceType", "Observation");
        observation.put("id", observationId(reading));
        observation.put("meta", Map.of("profile", List.of(temperature
                ? "http://hl7.org/fhir/StructureDefinition/bodytemp" : "http://hl7.org/fhir/StructureDefinition/heartrate")));
        observation.put("identifier", List.of(Map.of("system", "urn:portwatch:device:" + reading.deviceId(),
                "value", reading.readingId())));
        observation.put("status", "final");
        observation.put("category", List.of(Map.of("coding", List.of(Map.of(
                        "system", "http://terminology.hl7.org/CodeSystem/observation-category", "code", "vital-signs",
                        "display", "Vital Signs")), "text", "Vital Signs")));
        String display = temperature ? "Body temperature" : "Heart rate";
        observation.put("code", Map.of("coding", List.of(Map.of("system", LOINC, "code",
                temperature ? "8310-5" : "8867-4", "display", display)), "text", display));
        observation.put("subject", Map.of("reference", "Patient/" + reading.patientId()));
        observation.put("effectiveDateTime", reading.measuredAt().toString());
        observation.put("valueQuantity", Map.of("value", reading.value(), "unit", temperature ? "C" : "beats/minute",
                "system", UCUM, "code", reading.unit()));
        Map<String, Object> site = bodySite(reading.site());
        if (site != null) {
            observation.put("bodySite", site);
        }
        return observation;
    }

    private static Map<String, Object> bodySite(String site) {
        if (site == null) {
            return null;
        }
        String[] coding = switch (MeasurementSite.valueOf(site)) {
            case SKIN -> new String[] {"39937001", "Skin structure"};
            case WRIST -> new String[] {"8205005", "Wrist region structure"};
            case CHEST -> new String[] {"51185008", "Thoracic structure"};
            case AXILLARY -> new String[] {"91470000", "Axillary region structure"};
            case ORAL -> new String[] {"123851003", "Mouth region structure"};
            case TYMPANIC -> new String[] {"42859004", "Tympanic membrane structure"};
            case TEMPORAL -> new String[] {"52795006", "Forehead structure"};
            case RECTAL -> new String[] {"34402009", "Rectum structure"};
        };
        return Map.of("coding", List.of(Map.of("system", SNOMED, "code", coding[0], "display", coding[1])),
                "text", site.toLowerCase(java.util.Locale.ROOT));
    }

    static Map<String, Object> flag(Alert alert) {
        Map<String, Object> flag = new LinkedHashMap<>();
        flag.put("resourceType", "Flag");
        flag.put("id", alert.alertId());
        flag.put("status", "RESOLVED".equals(alert.status()) ? "inactive" : "active");
        flag.put("category", List.of(Map.of("coding", List.of(Map.of(
                "system", "http://terminology.hl7.org/CodeSystem/flag-category", "code", "clinical",
                "display", "Clinical")))));
        flag.put("code", Map.of("coding", List.of(Map.of("system", CONDITION_SYSTEM, "code", alert.condition())),
                "text", alert.condition() + " (" + alert.severity() + ", " + alert.status() + ")"));
        flag.put("subject", Map.of("reference", "Patient/" + alert.patientId()));
        Map<String, Object> period = new LinkedHashMap<>();
        period.put("start", alert.start().toString());
        if (alert.resolvedAt() != null) {
            period.put("end", alert.resolvedAt().toString());
        }
        flag.put("period", period);
        return flag;
    }

    /** A searchset Bundle of one page, with its self link and, when there is more, its next link. */
    static Map<String, Object> searchset(String type, String base, String self, String next, long total,
            List<Map<String, Object>> resources) {
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "searchset");
        bundle.put("total", total);
        List<Map<String, Object>> links = next == null
                ? List.of(Map.of("relation", "self", "url", self))
                : List.of(Map.of("relation", "self", "url", self), Map.of("relation", "next", "url", next));
        bundle.put("link", links);
        bundle.put("entry", resources.stream().map(resource -> Map.of(
                "fullUrl", base + "/" + type + "/" + resource.get("id"),
                "resource", resource,
                "search", Map.of("mode", "match"))).toList());
        return bundle;
    }
}
