package org.portwatch.ingest.reading;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.portwatch.infra.testing.SharedInfra;
import org.portwatch.ingest.support.Devices;
import org.portwatch.ingest.support.Metrics;
import org.portwatch.ingest.support.OutageProfile;
import org.portwatch.ingest.support.ReadingsTopic;
import org.portwatch.model.VitalReading;

/**
 * The publisher is bounded: with the broker down, readings waiting for it are capped (here 10), a request
 * beyond the cap is answered 503 at once instead of queueing, the cap frees itself as the producer gives
 * up, and nothing answered 503 reaches the topic after the broker returns.
 */
@QuarkusTest
@TestProfile(OutageProfile.class)
class PublisherBoundsTest {

    private static final String IN_FLIGHT = "portwatch_ingest_publish_in_flight_readings";
    private static final String SHED = "portwatch_ingest_publish_shed_total{reason=\"in_flight_limit\"}";

    private static Map<String, Object> fiveReadings(String prefix) {
        Instant measured = Instant.now().minus(10, ChronoUnit.MINUTES);
        return Map.of("readings", IntStream.range(0, 5).mapToObj(i -> Map.of("readingId", prefix + "-" + i,
                "type", "HEART_RATE", "value", 70 + i, "unit", "/min",
                "measuredAt", measured.plusSeconds(i).toString())).toList());
    }

    private static Response post(Devices.Registered device, String prefix) {
        return given().auth().oauth2(device.token()).contentType(ContentType.JSON).body(fiveReadings(prefix))
                .when().post("/api/v1/readings");
    }

    @Test
    void shouldShedBeyondTheInFlightLimitAtOnceAndNeverPublishWhatWasAnswered503() throws Exception {
        Devices.Registered device = Devices.register();
        await().atMost(Duration.ofSeconds(60)).until(() -> post(device, "warm-up").statusCode() == 202);
        double shedBefore = Metrics.value(SHED);
        List<String> answered503 = new ArrayList<>();

        SharedInfra.kafka().stopBroker();
        try {
            CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> post(device, "first"));
            CompletableFuture<Response> second = CompletableFuture.supplyAsync(() -> post(device, "second"));
            await().atMost(Duration.ofSeconds(10)).until(() -> Metrics.value(IN_FLIGHT) == OutageProfile.MAX_IN_FLIGHT);

            Response shed = post(device, "shed");
            assertThat(shed.statusCode()).isEqualTo(503);
            assertThat(shed.contentType()).startsWith("application/problem+json");
            assertThat(shed.header("Retry-After")).isNotBlank();
            assertThat(Metrics.value(SHED)).isEqualTo(shedBefore + 1);
            // Shed while the first two were still waiting: it did not queue behind them.
            assertThat(first).isNotDone();
            answered503.add("shed");

            assertThat(first.get().statusCode()).isEqualTo(503);
            assertThat(second.get().statusCode()).isEqualTo(503);
            answered503.add("first");
            answered503.add("second");
            // The producer's verdicts freed the cap: memory does not grow through the outage.
            await().atMost(Duration.ofSeconds(10)).until(() -> Metrics.value(IN_FLIGHT) == 0);
        } finally {
            SharedInfra.kafka().restartBroker();
        }

        // Serving again within 10 s of the broker's return (the figure).
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> post(device, "after").statusCode() == 202);
        try (ReadingsTopic topic = new ReadingsTopic()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(topic.recordsOf(device.patientId()))
                    .extracting(r -> r.value().readingId()).contains("after-0"));
            List<String> onTopic = topic.recordsOf(device.patientId()).stream().map(r -> r.value())
                    .map(VitalReading::readingId).toList();
            for (String prefix : answered503) {
                assertThat(onTopic).as("readings answered 503").noneMatch(id -> id.startsWith(prefix + "-"));
            }
        }
    }
}
