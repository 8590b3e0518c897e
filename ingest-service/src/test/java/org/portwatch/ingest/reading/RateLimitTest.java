package org.portwatch.ingest.reading;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.portwatch.ingest.support.Devices;
import org.portwatch.ingest.support.ReadingsTopic;

/** A device that loops on requests is slowed down with 429 + Retry-After; what it was told is accepted stays. */
@QuarkusTest
@TestProfile(RateLimitTest.OneRequestPerFiveSeconds.class)
class RateLimitTest {

    /** So slow a limit that back-to-back requests hit it however slow the test machine is. */
    public static class OneRequestPerFiveSeconds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ingest.device-requests-per-second", "0.2");
        }
    }

    private static Response post(Devices.Registered device, String readingId) {
        return given().auth().oauth2(device.token()).contentType(ContentType.JSON)
                .body(Map.of("readings", List.of(Map.of("readingId", readingId, "type", "HEART_RATE", "value", 70,
                        "unit", "/min", "measuredAt", Instant.now().toString()))))
                .when().post("/api/v1/readings");
    }

    @Test
    void shouldAnswer429WithRetryAfterWhenADeviceIsOverItsRateAndKeepWhatItAccepted() {
        Devices.Registered device = Devices.register();
        Devices.Registered other = Devices.register();

        assertThat(post(device, "first").statusCode()).isEqualTo(202);
        List<String> limited = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Response response = post(device, "again-" + i);
            assertThat(response.statusCode()).isEqualTo(429);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.jsonPath().getString("type")).isEqualTo("urn:portwatch:problem:rate-limited");
            assertThat(Integer.parseInt(response.header("Retry-After"))).isBetween(1, 5);
            limited.add("again-" + i);
        }
        // One device's flood does not cost another device anything.
        assertThat(post(other, "other-first").statusCode()).isEqualTo(202);

        try (ReadingsTopic topic = new ReadingsTopic()) {
            // The two patients' readings may sit on different partitions, which the consumer catches up on
            // separately: wait for both.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(topic.recordsOf(other.patientId())).hasSize(1);
                assertThat(topic.recordsOf(device.patientId())).isNotEmpty();
            });
            assertThat(topic.recordsOf(device.patientId())).extracting(r -> r.value().readingId())
                    .containsExactly("first");
        }
    }
}
