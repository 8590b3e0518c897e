package org.portwatch.ingest.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.portwatch.ingest.reading.ReadingWarmup;
import org.portwatch.ingest.support.Devices;
import org.portwatch.ingest.support.Metrics;
import org.portwatch.ingest.support.ReadingsTopic;

@QuarkusTest
class ObservabilityTest {

    @Test
    void shouldBeReadyAndLiveWithoutDependingOnTheBrokerOrTheDatabase() {
        // Readiness does not follow Kafka or PostgreSQL (README, "Ingest guarantees"): during their outage ingest
        // answers 503 with Retry-After itself; the outage tests show it stays UP while they are away.
        // UP once the start-up warm-up has run (ReadingWarmupTest: DOWN until then).
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/q/health/ready")
                .then().statusCode(200));
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("ingest warm-up"))
                .body("checks.name", not(hasItems("Kafka connection health check")))
                .body("checks.name", not(hasItems("Reactive PostgreSQL connections health check")));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void theStartUpWarmupRanTheReadingsPathAndSentNothingToTheBroker() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/q/health/ready")
                .then().statusCode(200));
        // application.properties: %test.ingest.warmup-requests=200, each with one reading or 100.
        assertThat(Metrics.value("portwatch_ingest_warmup_requests")).isEqualTo(200);
        assertThat(Metrics.value("portwatch_ingest_warmup_seconds")).isPositive();
        // %test.ingest.warmup-registry-lookups=50: against the tests' real PostgreSQL.
        assertThat(Metrics.value("portwatch_ingest_warmup_registry_lookups")).isEqualTo(50);
        // A real reading goes through to the topic, the warm-up's thousands of readings did not.
        Devices.Registered device = Devices.register();
        given().auth().oauth2(device.token()).contentType(ContentType.JSON)
                .body(Map.of("readings", List.of(Map.of("type", "HEART_RATE", "value", 72, "unit", "/min",
                        "measuredAt", Instant.now().toString()))))
                .when().post("/api/v1/readings").then().statusCode(202);
        try (ReadingsTopic topic = new ReadingsTopic()) {
            List<String> patients = topic.upToTheEnd().stream().map(r -> r.value().patientId()).toList();
            assertThat(patients).contains(device.patientId()).doesNotContain(ReadingWarmup.PATIENT_ID);
        }
    }

    @Test
    void shouldCountReadingsByTypeAndRejectionsByReasonWithoutIds() {
        Devices.Registered device = Devices.register();
        given().auth().oauth2(device.token()).contentType(ContentType.JSON)
                .body(Map.of("readings", List.of(
                        Map.of("type", "HEART_RATE", "value", 72, "unit", "/min", "measuredAt", Instant.now().toString()),
                        Map.of("type", "HEART_RATE", "value", 400, "unit", "/min", "measuredAt", Instant.now().toString()))))
                .when().post("/api/v1/readings").then().statusCode(202);

        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("portwatch_ingest_readings_accepted_total{type=\"heart_rate\"}"))
                .body(containsString("portwatch_ingest_readings_rejected_total{reason=\"implausible_value\"}"))
                .body(containsString("portwatch_ingest_requests_total{outcome=\"partially_accepted\"}"))
                .body(containsString("portwatch_ingest_publish_duration_seconds_bucket"))
                .body(not(containsString(device.patientId())))
                .body(not(containsString(device.deviceId())));
    }

    @Test
    void shouldExposeTheReadingsBudgetAndDuplicateCountersFromTheStart() {
        // At zero before anything happens, so a dashboard shows a rate, not a gap.
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("portwatch_ingest_requests_total{outcome=\"over_budget\"}"))
                .body(containsString("portwatch_ingest_readings_over_budget_total"))
                .body(containsString("portwatch_ingest_readings_duplicate_total{type=\"body_temperature\"}"))
                .body(containsString("portwatch_ingest_readings_rejected_total{reason=\"duplicate_reading_id\"}"))
                .body(containsString("portwatch_ingest_publish_in_flight_readings"))
                .body(containsString("portwatch_ingest_publish_shed_total{reason=\"in_flight_limit\"}"))
                .body(containsString("portwatch_ingest_publish_shed_total{reason=\"expired\"}"))
                .body(containsString("portwatch_ingest_device_verdicts_stale_total"))
                .body(containsString("portwatch_ingest_registry_unavailable_total"))
                .body(containsString("portwatch_ingest_registry_available"))
                .body(containsString("portwatch_ingest_device_verdicts_cached"));
    }

    @Test
    void shouldDocumentEveryEndpointInOpenApi() {
        given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths.'/api/v1/readings'.post.responses.keySet()", hasItems("202", "400", "401", "413", "415",
                        "422", "429", "503"))
                .body("paths.'/api/v1/devices'.post.responses.keySet()", hasItems("201", "409", "422"))
                .body("paths.'/api/v1/devices/{deviceId}'.keySet()", hasItems("get", "delete"));
    }
}
