package org.portwatch.ingest.support;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.portwatch.model.VitalReading;

/**
 * Proves what of a patient's readings never reached the topic: a marker reading sent last by another
 * device of the same patient lands on the same partition after everything sent before it, so once the
 * marker is visible, anything missing then never comes. Another device, so that a device whose budget
 * is spent can still be checked.
 */
public final class Marker {

    private Marker() {
    }

    /** The patient's readings on the topic before the marker. */
    public static List<VitalReading> readingsBefore(ReadingsTopic topic, String patientId) {
        Devices.Registered marking = Devices.register(patientId);
        String marker = "marker-" + UUID.randomUUID();
        given().auth().oauth2(marking.token()).contentType(ContentType.JSON)
                .body(Map.of("readings", List.of(Map.of("readingId", marker, "type", "BODY_TEMPERATURE",
                        "value", 36.9, "unit", "Cel", "measuredAt", Instant.now().toString()))))
                .when().post("/api/v1/readings")
                .then().statusCode(202);
        List<VitalReading> readings = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            readings.clear();
            topic.recordsOf(patientId).forEach(r -> readings.add(r.value()));
            assertThat(readings).extracting(VitalReading::readingId).contains(marker);
        });
        return readings.stream().filter(r -> !r.readingId().equals(marker)).toList();
    }

    /** The readingIds of {@link #readingsBefore}. */
    public static List<String> readingIdsBefore(ReadingsTopic topic, String patientId) {
        return readingsBefore(topic, patientId).stream().map(VitalReading::readingId).toList();
    }
}
