package org.portwatch.ingest.reading;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.portwatch.ingest.support.Devices;
import org.portwatch.ingest.support.Marker;
import org.portwatch.ingest.support.ReadingsTopic;
import org.portwatch.model.VitalReading;

/**
 * The readings budget at its defaults (5 readings/s, 3,000 at once): a phone's day of backlog goes through
 * in one go, a flood is refused whole with 429 + Retry-After, and one device's flood costs no other device.
 */
@QuarkusTest
class ReadingsBudgetTest {

    private static final int FULL_REQUEST = 500;
    private static final int BURST = 3_000;

    private ReadingsTopic topic;

    @BeforeEach
    void openTopic() {
        topic = new ReadingsTopic();
    }

    @AfterEach
    void closeTopic() {
        topic.close();
    }

    /** Heart rates one second apart, the newest {@code offsetSeconds} ago: each its own measurement. */
    private static List<Map<String, Object>> heartRates(String prefix, int count, int offsetSeconds) {
        Instant newest = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(offsetSeconds);
        List<Map<String, Object>> readings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            readings.add(Map.of("readingId", prefix + "-" + i, "type", "HEART_RATE", "value", 72, "unit", "/min",
                    "measuredAt", newest.minusSeconds(i).toString()));
        }
        return readings;
    }

    private static Response post(Devices.Registered device, List<Map<String, Object>> readings) {
        return given().auth().oauth2(device.token()).contentType(ContentType.JSON).body(Map.of("readings", readings))
                .when().post("/api/v1/readings");
    }

    /** Spends the device's whole burst: six full requests, each of its own measurements. */
    private static void exhaust(Devices.Registered device) {
        for (int i = 0; i < BURST / FULL_REQUEST; i++) {
            Response response = post(device, heartRates("burst-" + i, FULL_REQUEST, 600 + i * FULL_REQUEST));
            assertThat(response.statusCode()).as("request %d of the burst", i).isEqualTo(202);
            assertThat(response.jsonPath().getInt("accepted")).isEqualTo(FULL_REQUEST);
        }
    }

    private static void assertOverBudget(Response response) {
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("type")).isEqualTo("urn:portwatch:problem:rate-limited");
        assertThat(response.jsonPath().getString("detail")).contains("readings budget").contains("Nothing");
        // 500 readings at 5/s: 100 s from empty, less by whatever refilled while the burst was sent.
        assertThat(Long.parseLong(response.header("Retry-After"))).isBetween(1L, 100L);
    }

    @Test
    void shouldAnswer429WithRetryAfterAndSendNothingOnWhenADeviceIsOverItsReadingsBudget() {
        Devices.Registered device = Devices.register();
        exhaust(device);

        Response refused = post(device, heartRates("over", FULL_REQUEST, 0));

        assertOverBudget(refused);
        List<String> onTopic = Marker.readingIdsBefore(topic, device.patientId());
        assertThat(onTopic).hasSize(BURST).noneMatch(id -> id.startsWith("over-"));
    }

    @Test
    void shouldAcceptTheDeviceAgainOnceItsBudgetHasRefilled() {
        Devices.Registered device = Devices.register();
        exhaust(device);
        assertOverBudget(post(device, heartRates("too-many", FULL_REQUEST, 0)));

        // One reading refills in 0.2 s; a refused attempt costs nothing, so polling does not delay it.
        List<Integer> statuses = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            int status = post(device, heartRates("refilled-" + statuses.size(), 1, 0)).statusCode();
            statuses.add(status);
            return status == 202;
        });

        assertThat(statuses.subList(0, statuses.size() - 1)).allMatch(status -> status == 429);
        List<String> onTopic = Marker.readingIdsBefore(topic, device.patientId());
        assertThat(onTopic).contains("refilled-" + (statuses.size() - 1) + "-0")
                .noneMatch(id -> id.startsWith("too-many-"));
    }

    @Test
    void shouldAcceptADayOfBacklogFromAPhoneSentInOneGo() {
        // 24 h at minute cadence: a heart rate every minute and a temperature every 5 minutes = 1,728 readings.
        Instant newest = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.MINUTES);
        List<Map<String, Object>> backlog = new ArrayList<>();
        for (int minute = 0; minute < 24 * 60; minute++) {
            String measuredAt = newest.minus(minute, ChronoUnit.MINUTES).toString();
            backlog.add(Map.of("readingId", "hr-" + minute, "type", "HEART_RATE", "value", 70 + minute % 20,
                    "unit", "/min", "measuredAt", measuredAt));
            if (minute % 5 == 0) {
                backlog.add(Map.of("readingId", "temp-" + minute, "type", "BODY_TEMPERATURE", "value", 36.8,
                        "unit", "Cel", "measuredAt", measuredAt));
            }
        }
        assertThat(backlog).hasSize(1_728);
        Devices.Registered phone = Devices.register();

        int accepted = 0;
        for (int from = 0; from < backlog.size(); from += FULL_REQUEST) {
            Response response = post(phone, backlog.subList(from, Math.min(backlog.size(), from + FULL_REQUEST)));
            assertThat(response.statusCode()).as("backlog request from %d", from).isEqualTo(202);
            assertThat(response.jsonPath().getList("rejected")).isEmpty();
            accepted += response.jsonPath().getInt("accepted");
        }

        assertThat(accepted).isEqualTo(1_728);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(topic.recordsOf(phone.patientId())).hasSize(1_728));
    }

    @Test
    void shouldLeaveOtherDevicesUnaffectedWhenOneExhaustsItsBudget() {
        Devices.Registered flooding = Devices.register();
        Devices.Registered neighbour = Devices.register();
        exhaust(flooding);
        assertOverBudget(post(flooding, heartRates("flood", FULL_REQUEST, 0)));

        Response response = post(neighbour, heartRates("neighbour", FULL_REQUEST, 0));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.jsonPath().getInt("accepted")).isEqualTo(FULL_REQUEST);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Set<String> ids = topic.recordsOf(neighbour.patientId()).stream()
                    .map(r -> r.value()).map(VitalReading::readingId).collect(Collectors.toSet());
            assertThat(ids).hasSize(FULL_REQUEST).allMatch(id -> id.startsWith("neighbour-"));
        });
    }
}
