package org.portwatch.ingest.reading;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.portwatch.ingest.support.Devices;
import org.portwatch.ingest.support.Marker;
import org.portwatch.ingest.support.ReadingsTopic;

/**
 * What a request costs: the readings it sends on, no more. A burst smaller than a full request makes the
 * edges visible: a request that could never fit is 413, and rejected readings and re-sends cost nothing.
 */
@QuarkusTest
@TestProfile(ReadingsBurstTest.BurstOfTen.class)
class ReadingsBurstTest {

    /** Ten readings at once, and so slow a refill that nothing refills while a test runs. */
    public static class BurstOfTen implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ingest.device-readings-burst", "10", "ingest.device-readings-per-second", "0.01");
        }
    }

    private final Instant newest = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.MINUTES);
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

    private Map<String, Object> heartRate(String readingId, int secondsBefore) {
        Instant measuredAt = newest.minusSeconds(secondsBefore);
        return Map.of("readingId", readingId, "type", "HEART_RATE", "value", 72, "unit", "/min",
                "measuredAt", measuredAt.toString());
    }

    private List<Map<String, Object>> heartRates(String prefix, int count) {
        List<Map<String, Object>> readings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            readings.add(heartRate(prefix + "-" + i, i));
        }
        return readings;
    }

    private Response post(List<Map<String, Object>> readings) {
        return given().auth().oauth2(device.token()).contentType(ContentType.JSON).body(Map.of("readings", readings))
                .when().post("/api/v1/readings");
    }

    @Test
    void shouldAnswer413WhenARequestWouldSendOnMoreReadingsThanTheBurstAndChargeNothing() {
        post(heartRates("too-many", 11)).then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:portwatch:problem:payload-too-large"))
                .body("detail", containsString("at most 10 at once"));

        post(heartRates("fits", 10)).then().statusCode(202).body("accepted", equalTo(10));

        assertThat(Marker.readingIdsBefore(topic, device.patientId()))
                .hasSize(10).allMatch(id -> id.startsWith("fits-"));
    }

    @Test
    void shouldChargeOnlyTheReadingsItSendsOn() {
        List<Map<String, Object>> readings = heartRates("sent", 10);
        Map<String, Object> implausible = new HashMap<>(heartRate("implausible", 100));
        implausible.put("value", 400);
        readings.add(implausible);
        // Re-sends of the first two measurements: their later values replace them, free of charge.
        readings.add(heartRate("resent-0", 0));
        readings.add(heartRate("resent-1", 1));

        post(readings).then().statusCode(202)
                .body("accepted", equalTo(10))
                .body("duplicates", equalTo(2))
                .body("rejected", hasSize(1))
                .body("rejected[0].reason", equalTo("IMPLAUSIBLE_VALUE"));

        Response spent = post(heartRates("one-more", 1));
        assertThat(spent.statusCode()).isEqualTo(429);
        assertThat(spent.jsonPath().getString("type")).isEqualTo("urn:portwatch:problem:rate-limited");
        // One reading at 0.01/s: 100 s, less what refilled since.
        assertThat(Long.parseLong(spent.header("Retry-After"))).isBetween(90L, 100L);
        assertThat(Marker.readingIdsBefore(topic, device.patientId())).containsExactlyInAnyOrder(
                "sent-2", "sent-3", "sent-4", "sent-5", "sent-6", "sent-7", "sent-8", "sent-9", "resent-0", "resent-1");
    }
}
