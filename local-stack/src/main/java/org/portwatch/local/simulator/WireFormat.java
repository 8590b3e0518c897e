package org.portwatch.local.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.portwatch.model.Activity;
import org.portwatch.model.SensorStatus;
import org.portwatch.model.VitalType;

/**
 * How a simulated device sends its readings: our JSON ({@code POST /api/v1/readings}), a FHIR R4 batch Bundle of
 * vital-signs Observations ({@code POST /fhir/r4}, as a hospital gateway would) or Open mHealth data points
 * ({@code POST /api/v1/omh/dataPoints}, as a phone health platform exports them). The standard formats carry
 * temperatures and heart rates measured on the body; a gateway does not forward what the sensor flagged off-body,
 * so those readings are not sent in them (off-body readings count as no data for the rules either way), and a
 * device that also reports heart rhythm sends JSON.
 */
public enum WireFormat {
    JSON("/api/v1/readings"),
    FHIR("/fhir/r4"),
    OMH("/api/v1/omh/dataPoints");

    /** The path on ingest-service that takes this format. */
    final String path;

    WireFormat(String path) {
        this.path = path;
    }

    /** Whether this format can say what {@code reading} is. */
    boolean carries(SimReading reading) {
        return this == JSON || (reading.type() != VitalType.HEART_RHYTHM && reading.sensorStatus() == SensorStatus.ON_BODY);
    }

    /** The request body for {@code readings} (each one {@link #carries} accepts). */
    Object body(List<SimReading> readings) {
        List<Object> items = new ArrayList<>(readings.size());
        for (SimReading r : readings) {
            items.add(switch (this) {
                case JSON -> r.toJson();
                case FHIR -> Map.of("request", Map.of("method", "POST", "url", "Observation"), "resource", observation(r));
                case OMH -> dataPoint(r);
            });
        }
        return switch (this) {
            case JSON -> Map.of("readings", items);
            case FHIR -> Map.of("resourceType", "Bundle", "type", "batch", "entry", items);
            case OMH -> items;
        };
    }

    /** A vital-signs Observation: LOINC code, UCUM quantity, the readingId as the device's identifier. */
    private static Map<String, Object> observation(SimReading r) {
        boolean temperature = r.type() == VitalType.BODY_TEMPERATURE;
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("resourceType", "Observation");
        o.put("status", "final");
        o.put("identifier", List.of(Map.of("system", "urn:portwatch:simulator", "value", r.readingId())));
        o.put("category", List.of(Map.of("coding", List.of(Map.of(
                "system", "http://terminology.hl7.org/CodeSystem/observation-category", "code", "vital-signs")))));
        o.put("code", Map.of("coding", List.of(Map.of("system", "http://loinc.org",
                "code", temperature ? "8310-5" : "8867-4"))));
        o.put("effectiveDateTime", r.measuredAt().toString());
        o.put("valueQuantity", Map.of("value", temperature ? (Object) r.value() : (Object) Math.round(r.value()),
                "system", "http://unitsofmeasure.org", "code", temperature ? r.unit() : "/min"));
        if (r.site() != null) {
            // Our site by name: ingest reads bodySite.text when no SNOMED coding is given.
            o.put("bodySite", Map.of("text", r.site().name()));
        }
        return o;
    }

    /** omh:body-temperature 4.0 or omh:heart-rate 3.0, the header's id being the readingId. */
    private static Map<String, Object> dataPoint(SimReading r) {
        boolean temperature = r.type() == VitalType.BODY_TEMPERATURE;
        Map<String, Object> body = new LinkedHashMap<>();
        if (temperature) {
            body.put("body_temperature", Map.of("value", r.value(), "unit", "[degF]".equals(r.unit()) ? "F" : "C"));
        } else {
            body.put("heart_rate", Map.of("value", Math.round(r.value()), "unit", "beats/min"));
            String activity = activity(r.activity());
            if (activity != null) {
                body.put("temporal_relationship_to_physical_activity", activity);
            }
        }
        body.put("effective_time_frame", Map.of("date_time", r.measuredAt().toString()));
        return Map.of("header", Map.of("id", r.readingId(), "creation_date_time", r.measuredAt().toString(),
                "schema_id", Map.of("namespace", "omh", "name", temperature ? "body-temperature" : "heart-rate",
                        "version", temperature ? "4.0" : "3.0")), "body", body);
    }

    private static String activity(Activity activity) {
        if (activity == null) {
            return null;
        }
        return switch (activity) {
            case RESTING, SLEEPING -> "at rest";
            case ACTIVE -> "active";
            case EXERCISE -> "during exercise";
            default -> null;
        };
    }
}
