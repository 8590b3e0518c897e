package org.portwatch.ingest.symptom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.portwatch.infra.testing.SharedInfra;
import org.portwatch.ingest.support.Devices;
import org.portwatch.ingest.support.Metrics;
import org.portwatch.ingest.support.SymptomsTopic;
import org.portwatch.model.Antipyretic;
import org.portwatch.model.Symptom;
import org.portwatch.model.SymptomCheckIn;

/** {@code POST /api/v1/symptoms} on the real broker: what a 202 puts on {@code patients.symptoms}, and what nothing does. */
@QuarkusTest
class SymptomsResourceTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    private static String minutesAgo(int minutes) {
        return Instant.now().minus(minutes, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static Response post(Devices.Registered device, Object body) {
        return given().auth().oauth2(device.token()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/symptoms");
    }

    @Test
    void shouldPutACheckInOnTheTopicUnderTheDevicesPatientAndAnswer202() {
        Devices.Registered device = Devices.register();
        String reportedAt = minutesAgo(1);
        double accepted = Metrics.value("portwatch_ingest_checkins_total{outcome=\"accepted\"}");

        Response response = post(device, Map.of("checkInId", "app-1-0001", "symptoms", List.of("chills", "OTHER"),
                "otherText", "  the needle site burns  ", "reportedAt", reportedAt, "patientId", "someone-else"));

        response.then().statusCode(202);
        assertThat(response.jsonPath().getString("checkInId")).isEqualTo("app-1-0001");
        assertThat(response.jsonPath().getList("symptoms")).containsExactly("CHILLS", "OTHER");
        List<SymptomCheckIn> checkIns = SymptomsTopic.checkInsBefore(device.patientId());
        assertThat(checkIns).singleElement().satisfies(c -> {
            assertThat(c.checkInId()).isEqualTo("app-1-0001");
            assertThat(c.patientId()).as("the device's patient, never the body's").isEqualTo(device.patientId());
            assertThat(c.deviceId()).isEqualTo(device.deviceId());
            assertThat(c.symptoms()).containsExactly(Symptom.CHILLS, Symptom.OTHER);
            assertThat(c.otherText()).isEqualTo("the needle site burns");
            assertThat(c.reportedAt()).isEqualTo(Instant.parse(reportedAt));
        });
        assertThat(Metrics.value("portwatch_ingest_checkins_total{outcome=\"accepted\"}")).isGreaterThan(accepted);
    }

    @Test
    void shouldTakeACheckInThatReportsOnlyAnAntipyreticTaken() {
        Devices.Registered device = Devices.register();
        String reportedAt = minutesAgo(1);
        String takenAt = minutesAgo(40);

        post(device, Map.of("reportedAt", reportedAt,
                "antipyretic", Map.of("medication", "paracetamol", "takenAt", takenAt))).then().statusCode(202);
        post(device, Map.of("symptoms", List.of("CHILLS"), "reportedAt", minutesAgo(0),
                "antipyretic", Map.of("medication", "IBUPROFEN"))).then().statusCode(202);

        List<SymptomCheckIn> checkIns = SymptomsTopic.checkInsBefore(device.patientId());
        assertThat(checkIns).hasSize(2);
        assertThat(checkIns.get(0).symptoms()).isEmpty();
        assertThat(checkIns.get(0).antipyretic().medication()).isEqualTo(Antipyretic.PARACETAMOL);
        assertThat(checkIns.get(0).antipyretic().takenAt()).isEqualTo(Instant.parse(takenAt));
        assertThat(checkIns.get(1).antipyretic().takenAt()).as("default: when reported")
                .isEqualTo(checkIns.get(1).reportedAt());
    }

    @Test
    void shouldGiveARetryWithoutAnIdTheSameDerivedIdSoItRaisesNothingTwice() {
        Devices.Registered device = Devices.register();
        Map<String, Object> body = Map.of("symptoms", List.of("SWOLLEN_ARM"), "reportedAt", minutesAgo(2));

        String first = post(device, body).then().statusCode(202).extract().path("checkInId");
        String retry = post(device, body).then().statusCode(202).extract().path("checkInId");

        assertThat(retry).isEqualTo(first);
        assertThat(SymptomsTopic.checkInsBefore(device.patientId())).extracting(SymptomCheckIn::checkInId)
                .containsExactly(first, first);
    }

    static Stream<Arguments> badCheckIns() {
        String now = minutesAgo(0);
        return Stream.of(
                Arguments.of("an unknown symptom", Map.of("symptoms", List.of("HEADACHE"), "reportedAt", now), 422,
                        "UNKNOWN_SYMPTOM"),
                Arguments.of("no symptom", Map.of("symptoms", List.of(), "reportedAt", now), 422, "NO_SYMPTOM"),
                Arguments.of("no symptoms field", Map.of("reportedAt", now), 422, "MISSING_FIELD"),
                Arguments.of("a symptom twice", Map.of("symptoms", List.of("CHILLS", "chills"), "reportedAt", now), 422,
                        "DUPLICATE_SYMPTOM"),
                Arguments.of("OTHER without a text", Map.of("symptoms", List.of("OTHER"), "reportedAt", now), 422,
                        "TEXT_REQUIRED"),
                Arguments.of("a text without OTHER", Map.of("symptoms", List.of("CHILLS"), "otherText", "cold",
                        "reportedAt", now), 422, "TEXT_WITHOUT_OTHER"),
                Arguments.of("a text too long", Map.of("symptoms", List.of("OTHER"), "otherText", "x".repeat(501),
                        "reportedAt", now), 422, "TEXT_TOO_LONG"),
                Arguments.of("a control character in the text", Map.of("symptoms", List.of("OTHER"),
                        "otherText", "pain\u0000", "reportedAt", now), 422, "INVALID_TEXT"),
                // The JSON escape itself: a Java string with a lone surrogate would not survive the client's encoder.
                Arguments.of("an unpaired surrogate in the text", "{\"symptoms\": [\"OTHER\"], \"otherText\": "
                        + "\"pain \\ud800\", \"reportedAt\": \"" + now + "\"}", 422, "INVALID_TEXT"),
                Arguments.of("reportedAt 10 minutes ahead", Map.of("symptoms", List.of("CHILLS"),
                        "reportedAt", Instant.now().plus(10, ChronoUnit.MINUTES).toString()), 422, "IN_FUTURE"),
                Arguments.of("reportedAt 8 days old", Map.of("symptoms", List.of("CHILLS"),
                        "reportedAt", Instant.now().minus(8, ChronoUnit.DAYS).toString()), 422, "TOO_OLD"),
                Arguments.of("reportedAt not an instant", Map.of("symptoms", List.of("CHILLS"),
                        "reportedAt", "yesterday"), 422, "INVALID_TIMESTAMP"),
                Arguments.of("no reportedAt", Map.of("symptoms", List.of("CHILLS")), 422, "MISSING_FIELD"),
                Arguments.of("a checkInId with a slash", Map.of("checkInId", "a/b", "symptoms", List.of("CHILLS"),
                        "reportedAt", now), 422, "INVALID_CHECK_IN_ID"),
                Arguments.of("an unknown antipyretic", Map.of("reportedAt", now, "antipyretic",
                        Map.of("medication", "WHISKY")), 422, "UNKNOWN_MEDICATION"),
                Arguments.of("an antipyretic without its medication", Map.of("symptoms", List.of("CHILLS"),
                        "reportedAt", now, "antipyretic", Map.of("takenAt", now)), 422, "MISSING_FIELD"),
                Arguments.of("an antipyretic taken tomorrow", Map.of("reportedAt", now, "antipyretic",
                        Map.of("medication", "PARACETAMOL", "takenAt", Instant.now().plus(1, ChronoUnit.DAYS).toString())),
                        422, "IN_FUTURE"),
                Arguments.of("symptoms not a list", Map.of("symptoms", Map.of("a", 1), "reportedAt", now), 400, null),
                Arguments.of("a list for a body", List.of("CHILLS"), 400, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCheckIns")
    void shouldRefuseABadCheckInWithProblemJsonAndPublishNothing(String name, Object body, int status, String reason) {
        Devices.Registered device = Devices.register();
        double rejected = reason == null ? 0
                : Metrics.value("portwatch_ingest_checkins_rejected_total{reason=\"" + reason.toLowerCase() + "\"}");

        Response response = post(device, body);

        response.then().statusCode(status);
        assertThat(response.contentType()).startsWith(PROBLEM_JSON);
        if (reason != null) {
            assertThat(response.jsonPath().getString("type")).isEqualTo("urn:portwatch:problem:validation-failed");
            assertThat(response.jsonPath().getList("errors.reason")).contains(reason);
            assertThat(Metrics.value("portwatch_ingest_checkins_rejected_total{reason=\"" + reason.toLowerCase() + "\"}"))
                    .isGreaterThan(rejected);
        } else {
            assertThat(response.jsonPath().getString("type")).isEqualTo("urn:portwatch:problem:malformed-request");
        }
        assertThat(SymptomsTopic.checkInsBefore(device.patientId())).as("nothing published").isEmpty();
    }

    @Test
    void shouldRefuseABodyOverSixteenKibibytes() {
        Devices.Registered device = Devices.register();
        Map<String, Object> body = new HashMap<>(Map.of("symptoms", List.of("OTHER"), "otherText", "ok",
                "reportedAt", minutesAgo(0)));
        body.put("padding", "x".repeat(17_000));

        post(device, body).then().statusCode(413).contentType(PROBLEM_JSON);

        assertThat(SymptomsTopic.checkInsBefore(device.patientId())).isEmpty();
    }

    @Test
    void shouldRefuseACallerWithoutADeviceToken() {
        given().contentType(ContentType.JSON).body(Map.of("symptoms", List.of("CHILLS"), "reportedAt", minutesAgo(0)))
                .when().post("/api/v1/symptoms")
                .then().statusCode(401).contentType(PROBLEM_JSON);
    }

    @Test
    void shouldAnswer503WhileTheBrokerIsDownAndPublishNothingItRefused() {
        Devices.Registered device = Devices.register();
        SharedInfra.kafka().stopBroker();
        try {
            long started = System.nanoTime();
            Response response = post(device, Map.of("checkInId", "during-outage", "symptoms", List.of("CHILLS"),
                    "reportedAt", minutesAgo(0)));
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.contentType()).startsWith(PROBLEM_JSON);
            assertThat(response.header("Retry-After")).isNotBlank();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        } finally {
            SharedInfra.kafka().restartBroker();
        }
        // The client retries as told; once the broker is back, a retry is accepted.
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).until(() -> post(device,
                Map.of("checkInId", "after-outage", "symptoms", List.of("CHILLS"), "reportedAt", minutesAgo(0)))
                .statusCode() == 202);
        assertThat(SymptomsTopic.checkInsBefore(device.patientId())).extracting(SymptomCheckIn::checkInId)
                .contains("after-outage").doesNotContain("during-outage");
    }
}
