package org.portwatch.ingest.reading;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.portwatch.ingest.support.Devices;
import org.portwatch.ingest.support.ReadingsTopic;
import org.portwatch.ingest.support.Tokens;
import org.portwatch.model.Activity;
import org.portwatch.model.MeasurementSite;
import org.portwatch.model.SensorStatus;
import org.portwatch.model.VitalReading;
import org.portwatch.model.VitalType;

@QuarkusTest
class ReadingsResourceTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    private Devices.Registered device;
    private ReadingsTopic topic;

    @BeforeEach
    void registerDevice() {
        device = Devices.register();
        topic = new ReadingsTopic();
    }

    @AfterEach
    void closeTopic() {
        topic.close();
    }

    private static String minutesAgo(int minutes) {
        return Instant.now().minus(minutes, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static Map<String, Object> heartRate(String readingId, int bpm) {
        return Map.of("readingId", readingId, "type", "HEART_RATE", "value", bpm, "unit", "/min",
                "measuredAt", minutesAgo(1));
    }

    private Response post(Object body) {
        return given().auth().oauth2(device.token()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/readings");
    }

    /**
     * Proves nothing of an earlier request reached the topic: a marker reading of the same patient
     * lands on the same partition after it, so once the marker is visible, so would the earlier one be.
     */
    private List<VitalReading> readingsUpToMarker() {
        String marker = "marker-" + UUID.randomUUID();
        post(Map.of("readings", List.of(heartRate(marker, 70)))).then().statusCode(202);
        List<VitalReading> values = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            values.clear();
            topic.recordsOf(device.patientId()).forEach(r -> values.add(r.value()));
            assertThat(values).extracting(VitalReading::readingId).contains(marker);
        });
        return values.stream().filter(v -> !v.readingId().equals(marker)).toList();
    }

    @Test
    void shouldPutAcceptedReadingsOnTheTopicKeyedByPatientInCanonicalUnits() {
        String measuredAt = minutesAgo(2);
        post(Map.of("readings", List.of(
                Map.of("readingId", "t-1", "type", "BODY_TEMPERATURE", "value", 100.4, "unit", "°F",
                        "measuredAt", measuredAt, "site", "ORAL", "activity", "RESTING", "sensorStatus", "ON_BODY"),
                Map.of("type", "HEART_RATE", "value", 104, "unit", "bpm", "measuredAt", measuredAt))))
                .then().statusCode(202)
                .contentType(ContentType.JSON)
                .body("accepted", equalTo(2))
                .body("duplicates", equalTo(0))
                .body("rejected", empty());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(topic.recordsOf(device.patientId())).hasSize(2));
        List<ConsumerRecord<String, VitalReading>> records = topic.recordsOf(device.patientId());
        assertThat(records).extracting(ConsumerRecord::key).containsOnly(device.patientId());
        VitalReading temperature = records.stream().map(ConsumerRecord::value)
                .filter(r -> r.type() == VitalType.BODY_TEMPERATURE).findFirst().orElseThrow();
        assertThat(temperature.readingId()).isEqualTo("t-1");
        assertThat(temperature.value()).isEqualTo(38.0);
        assertThat(temperature.unit()).isEqualTo("Cel");
        assertThat(temperature.sourceUnit()).isEqualTo("[degF]");
        assertThat(temperature.deviceId()).isEqualTo(device.deviceId());
        assertThat(temperature.measuredAt()).isEqualTo(Instant.parse(measuredAt));
        assertThat(temperature.receivedAt()).isAfterOrEqualTo(Instant.parse(measuredAt));
        assertThat(temperature.site()).isEqualTo(MeasurementSite.ORAL);
        assertThat(temperature.activity()).isEqualTo(Activity.RESTING);
        assertThat(temperature.sensorStatus()).isEqualTo(SensorStatus.ON_BODY);
        VitalReading heart = records.stream().map(ConsumerRecord::value)
                .filter(r -> r.type() == VitalType.HEART_RATE).findFirst().orElseThrow();
        assertThat(heart.unit()).isEqualTo("/min");
        assertThat(heart.value()).isEqualTo(104.0);
        assertThat(heart.readingId())
                .isEqualTo(VitalReading.deriveReadingId(device.deviceId(), VitalType.HEART_RATE, Instant.parse(measuredAt)));
    }

    @Test
    void shouldSendOnlyTheValidReadingsAndListTheRejectedOnes() {
        post(Map.of("readings", List.of(
                heartRate("ok-1", 88),
                Map.of("readingId", "bad-1", "type", "BODY_TEMPERATURE", "value", 47.5, "unit", "Cel",
                        "measuredAt", minutesAgo(1)),
                Map.of("readingId", "bad-2", "type", "HEART_RATE", "value", 80, "unit", "/min",
                        "measuredAt", Instant.now().plus(1, ChronoUnit.HOURS).toString()))))
                .then().statusCode(202)
                .body("accepted", equalTo(1))
                .body("rejected", hasSize(2))
                .body("rejected[0].index", equalTo(1))
                .body("rejected[0].field", equalTo("value"))
                .body("rejected[0].reason", equalTo("IMPLAUSIBLE_VALUE"))
                .body("rejected[1].index", equalTo(2))
                .body("rejected[1].field", equalTo("measuredAt"))
                .body("rejected[1].reason", equalTo("IN_FUTURE"));

        assertThat(readingsUpToMarker()).extracting(VitalReading::readingId).containsExactly("ok-1");
    }

    @Test
    void shouldAnswer422ListingEveryReadingWhenNoneIsValid() {
        post(Map.of("readings", List.of(
                Map.of("readingId", "bad-1", "type", "BODY_TEMPERATURE", "value", 37.0, "unit", "K",
                        "measuredAt", minutesAgo(1)),
                Map.of("readingId", "bad-2", "type", "GLUCOSE", "value", 5.5, "unit", "mmol/L",
                        "measuredAt", minutesAgo(1)))))
                .then().statusCode(422)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:portwatch:problem:invalid-readings"))
                .body("status", equalTo(422))
                .body("errors", hasSize(2))
                .body("errors[0].index", equalTo(0))
                .body("errors[0].reason", equalTo("UNKNOWN_UNIT"))
                .body("errors[1].reason", equalTo("UNKNOWN_TYPE"));

        assertThat(readingsUpToMarker()).isEmpty();
    }

    @Test
    void shouldAnswer400ToMalformedJsonAndWrongShapes() {
        for (String body : List.of("{\"readings\": [", "not json", "[]", "{\"readings\": {}}", "{\"readings\": 5}",
                "{}", "{\"readings\": [{\"type\": {}}]}", "", "{\"readings\": []} trailing")) {
            given().auth().oauth2(device.token()).contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/readings")
                    .then().statusCode(400)
                    .contentType(PROBLEM_JSON)
                    .body("type", equalTo("urn:portwatch:problem:malformed-request"))
                    .body("detail", startsWith("The body"));
        }
        assertThat(readingsUpToMarker()).isEmpty();
    }

    @Test
    void shouldAnswer422ToAnEmptyBatch() {
        post(Map.of("readings", List.of())).then().statusCode(422).contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:portwatch:problem:invalid-readings"));
    }

    @Test
    void shouldAnswer415ToABodyThatIsNotJson() {
        given().auth().oauth2(device.token()).contentType(ContentType.TEXT).body("temperature=38.5")
                .when().post("/api/v1/readings")
                .then().statusCode(415)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:portwatch:problem:unsupported-media-type"));
        assertThat(readingsUpToMarker()).isEmpty();
    }

    @Test
    void shouldAnswer413ToMoreThan500Readings() {
        List<Map<String, Object>> readings = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            readings.add(heartRate("r-" + i, 70));
        }
        post(Map.of("readings", readings)).then().statusCode(413).contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:portwatch:problem:payload-too-large"))
                .body("detail", containsString("500"));
        assertThat(readingsUpToMarker()).isEmpty();
    }

    @Test
    void shouldAnswer413ToABodyOverOneMebibyte() {
        String padding = " ".repeat(1024 * 1024);
        post("{\"readings\": [" + padding + "]}").then().statusCode(413).contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:portwatch:problem:payload-too-large"));
        assertThat(readingsUpToMarker()).isEmpty();
    }

    @Test
    void shouldAnswer401WithoutAValidDeviceToken() {
        Map<String, Object> body = Map.of("readings", List.of(heartRate("r-1", 70)));
        given().contentType(ContentType.JSON).body(body).when().post("/api/v1/readings")
                .then().statusCode(401).contentType(PROBLEM_JSON)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo("urn:portwatch:problem:unauthorized"));
        for (String token : List.of("pwd_" + "A".repeat(43), "nonsense", Tokens.admin())) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post("/api/v1/readings")
                    .then().statusCode(401).contentType(PROBLEM_JSON);
        }
        given().header("Authorization", "Basic " + device.token()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/readings")
                .then().statusCode(401);
        assertThat(readingsUpToMarker()).isEmpty();
    }

    @Test
    void shouldStopAcceptingARevokedDeviceAtOnce() {
        post(Map.of("readings", List.of(heartRate("before", 70)))).then().statusCode(202);

        given().auth().oauth2(Tokens.admin()).when().delete("/api/v1/devices/" + device.deviceId())
                .then().statusCode(204);

        post(Map.of("readings", List.of(heartRate("after", 70)))).then().statusCode(401)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void shouldSendOnOneReadingPerMeasurementAndCountTheEarlierAsADuplicate() {
        String measuredAt = minutesAgo(3);
        String sameInstantElsewhere = java.time.OffsetDateTime.parse(measuredAt)
                .withOffsetSameInstant(java.time.ZoneOffset.ofHours(2)).toString();
        post(Map.of("readings", List.of(
                Map.of("readingId", "hr-1", "type", "HEART_RATE", "value", 96, "unit", "/min", "measuredAt", measuredAt),
                Map.of("readingId", "t-1", "type", "BODY_TEMPERATURE", "value", 37.2, "unit", "Cel",
                        "measuredAt", measuredAt),
                Map.of("readingId", "hr-1-resent", "type", "HEART_RATE", "value", 98, "unit", "/min",
                        "measuredAt", sameInstantElsewhere),
                Map.of("readingId", "t-1", "type", "BODY_TEMPERATURE", "value", 37.4, "unit", "Cel",
                        "measuredAt", minutesAgo(2)))))
                .then().statusCode(202)
                .body("accepted", equalTo(2))
                .body("duplicates", equalTo(1))
                .body("rejected", hasSize(1))
                .body("rejected[0].index", equalTo(3))
                .body("rejected[0].field", equalTo("readingId"))
                .body("rejected[0].reason", equalTo("DUPLICATE_READING_ID"));

        List<VitalReading> sent = readingsUpToMarker();
        assertThat(sent).extracting(VitalReading::readingId).containsExactlyInAnyOrder("t-1", "hr-1-resent");
        assertThat(sent).filteredOn(r -> r.type() == VitalType.HEART_RATE).singleElement()
                .extracting(VitalReading::value).isEqualTo(98.0);
    }
}
