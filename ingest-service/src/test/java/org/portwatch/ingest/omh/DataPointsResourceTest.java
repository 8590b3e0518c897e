package org.portwatch.ingest.omh;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.portwatch.ingest.support.Devices;
import org.portwatch.ingest.support.Marker;
import org.portwatch.ingest.support.ReadingsTopic;
import org.portwatch.model.Activity;
import org.portwatch.model.MeasurementSite;
import org.portwatch.model.VitalReading;
import org.portwatch.model.VitalType;

/** Open mHealth data points in, as a phone health platform exports them, out as readings on the topic. */
@QuarkusTest
class DataPointsResourceTest {

    private Devices.Registered device;

    @BeforeEach
    void register() {
        device = Devices.register();
    }

    private static String minutesAgo(int minutes) {
        return Instant.now().minus(minutes, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static Map<String, Object> point(String id, String schema, String version, Map<String, Object> body) {
        return Map.of("header", Map.of("id", id, "creation_date_time", Instant.now().toString(),
                        "schema_id", Map.of("namespace", "omh", "name", schema, "version", version)),
                "body", body);
    }

    private static Map<String, Object> temperature(String id, Object value, String unit, String location) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("body_temperature", Map.of("value", value, "unit", unit));
        body.put("effective_time_frame", Map.of("date_time", minutesAgo(2)));
        if (location != null) {
            body.put("measurement_location", location);
        }
        return point(id, "body-temperature", "4.0", body);
    }

    private static Map<String, Object> heartRate(String id, int bpm, String activity) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("heart_rate", Map.of("value", bpm, "unit", "beats/min"));
        body.put("effective_time_frame", Map.of("time_interval", Map.of("start_date_time", minutesAgo(3),
                "end_date_time", minutesAgo(2))));
        body.put("temporal_relationship_to_physical_activity", activity);
        return point(id, "heart-rate", "3.0", body);
    }

    private Response post(Object body) {
        return given().auth().oauth2(device.token()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/omh/dataPoints");
    }

    private List<VitalReading> onTopic() {
        try (ReadingsTopic topic = new ReadingsTopic()) {
            return Marker.readingsBefore(topic, device.patientId());
        }
    }

    @Test
    void shouldTurnCurrentDataPointsIntoReadings() {
        String fever = UUID.randomUUID().toString();
        String pulse = UUID.randomUUID().toString();
        post(List.of(temperature(fever, 101.3, "F", "axillary"), heartRate(pulse, 131, "after exercise")))
                .then().statusCode(202).body("accepted", equalTo(2)).body("rejected", hasSize(0));

        List<VitalReading> readings = onTopic();
        assertThat(readings).extracting(VitalReading::readingId).containsExactlyInAnyOrder(fever, pulse);
        VitalReading temperature = readings.stream().filter(r -> r.readingId().equals(fever)).findFirst().orElseThrow();
        assertThat(temperature.type()).isEqualTo(VitalType.BODY_TEMPERATURE);
        assertThat(temperature.value()).isCloseTo(38.5, org.assertj.core.data.Offset.offset(0.01));
        assertThat(temperature.site()).isEqualTo(MeasurementSite.AXILLARY);
        VitalReading heart = readings.stream().filter(r -> r.readingId().equals(pulse)).findFirst().orElseThrow();
        assertThat(heart.unit()).isEqualTo("/min");
        assertThat(heart.activity()).as("after exercise the heart is not at rest yet").isEqualTo(Activity.ACTIVE);
    }

    @Test
    void shouldTakeOneDataPointAndOlderSchemaVersions() {
        String id = UUID.randomUUID().toString();
        Map<String, Object> older = point(id, "body-temperature", "1.0", Map.of(
                "body_temperature", Map.of("value", 37.2, "unit", "C"),
                "effective_time_frame", Map.of("date_time", minutesAgo(1))));
        post(older).then().statusCode(202).body("accepted", equalTo(1));
        assertThat(onTopic()).extracting(VitalReading::readingId).containsExactly(id);
    }

    @Test
    void shouldListEachRefusedPointByPositionAndSendTheRest() {
        String fine = UUID.randomUUID().toString();
        Map<String, Object> summary = new LinkedHashMap<>(heartRate(UUID.randomUUID().toString(), 90, "at rest"));
        @SuppressWarnings("unchecked")
        Map<String, Object> summaryBody = new LinkedHashMap<>((Map<String, Object>) summary.get("body"));
        summaryBody.put("descriptive_statistic", "average");
        summary.put("body", summaryBody);
        post(List.of(
                temperature(UUID.randomUUID().toString(), 310.2, "K", null),
                point(UUID.randomUUID().toString(), "step-count", "2.0", Map.of("step_count", 12)),
                summary,
                temperature(fine, 37.0, "C", "oral"),
                heartRate(UUID.randomUUID().toString(), 400, "at rest")))
                .then().statusCode(202).body("accepted", equalTo(1))
                .body("rejected.index", equalTo(List.of(0, 1, 2, 4)))
                .body("rejected.field", equalTo(List.of("body.body_temperature.unit", "header.schema_id",
                        "body.descriptive_statistic", "body.heart_rate.value")))
                .body("rejected.reason", equalTo(List.of("UNKNOWN_UNIT", "UNKNOWN_TYPE", "UNKNOWN_VALUE",
                        "IMPLAUSIBLE_VALUE")));
        assertThat(onTopic()).extracting(VitalReading::readingId).containsExactly(fine);
    }

    @Test
    void shouldRefuseBadRequestsWithProblemsAndSendNothing() {
        post(List.of(point("x", "heart-rate", "9.0", Map.of()))).then().statusCode(422)
                .contentType("application/problem+json").body("type", equalTo("urn:portwatch:problem:invalid-readings"))
                .body("errors[0].field", equalTo("header.schema_id.version"));
        post("[]").then().statusCode(422).contentType("application/problem+json");
        post("\"a string\"").then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(List.of()).when().post("/api/v1/omh/dataPoints")
                .then().statusCode(401).contentType("application/problem+json");
        assertThat(onTopic()).isEmpty();
    }
}
