package org.portwatch.ingest.reading;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.portwatch.infra.testing.SharedInfra;
import org.portwatch.ingest.support.Devices;
import org.portwatch.ingest.support.ReadingsTopic;
import org.portwatch.model.VitalReading;

/**
 * The promise behind a 202: with the broker down the device hears 503 quickly and keeps its readings;
 * once the broker is back, everything that got a 202 — before and after — is on the topic, and nothing
 * that got a 503 is.
 */
@QuarkusTest
class BrokerOutageTest {

    private static Map<String, Object> batch(String readingId) {
        return Map.of("readings", List.of(Map.of("readingId", readingId, "type", "BODY_TEMPERATURE", "value", 37.1,
                "unit", "Cel", "measuredAt", Instant.now().minus(1, ChronoUnit.MINUTES).toString())));
    }

    private static Response post(Devices.Registered device, String readingId) {
        return given().auth().oauth2(device.token()).contentType(ContentType.JSON).body(batch(readingId))
                .when().post("/api/v1/readings");
    }

    @Test
    void shouldAnswer503WithinFiveSecondsWhileTheBrokerIsDownAndLoseNothingItAccepted() {
        Devices.Registered device = Devices.register();
        List<String> acknowledged = new ArrayList<>();
        post(device, "before-outage").then().statusCode(202);
        acknowledged.add("before-outage");

        SharedInfra.kafka().stopBroker();
        try {
            for (int i = 0; i < 2; i++) {
                long started = System.nanoTime();
                Response response = post(device, "during-outage-" + i);
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(response.contentType()).startsWith("application/problem+json");
                assertThat(response.header("Retry-After")).isNotBlank();
                assertThat(response.jsonPath().getString("type")).isEqualTo("urn:portwatch:problem:service-unavailable");
                assertThat(took).isLessThan(Duration.ofSeconds(5));
            }
            // Readiness and liveness stay UP: the pod keeps answering 503 with Retry-After, rather than leaving
            // the Service and giving devices connection errors.
            given().when().get("/q/health/ready").then().statusCode(200);
            given().when().get("/q/health/live").then().statusCode(200);
        } finally {
            SharedInfra.kafka().restartBroker();
        }

        // The device retries as told; within 10 s of the broker's return its readings are accepted again.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).until(() -> {
            String id = "after-outage-" + acknowledged.size();
            Response response = post(device, id);
            if (response.statusCode() == 202) {
                acknowledged.add(id);
                return true;
            }
            assertThat(response.statusCode()).isEqualTo(503);
            return false;
        });
        post(device, "after-recovery").then().statusCode(202).body("accepted", equalTo(1));
        acknowledged.add("after-recovery");

        try (ReadingsTopic topic = new ReadingsTopic()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(topic.recordsOf(device.patientId())).extracting(r -> r.value())
                            .extracting(VitalReading::readingId)
                            .containsAll(acknowledged));
            // What was answered 503 was not published later behind the client's back.
            assertThat(topic.recordsOf(device.patientId())).extracting(r -> r.value().readingId())
                    .noneMatch(id -> id.startsWith("during-outage-"));
        }
    }
}
