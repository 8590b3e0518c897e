package org.portwatch.ingest.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.portwatch.infra.testing.SharedInfra;
import org.portwatch.infra.testing.TopicReader;
import org.portwatch.model.SymptomCheckIn;
import org.portwatch.model.Topics;
import org.portwatch.model.serde.SymptomCheckInSerde;

/**
 * What of a patient's check-ins reached {@code patients.symptoms}, proved as {@link Marker} does for readings: a
 * marker check-in sent last by another device of the same patient is acknowledged (202: on the broker) after
 * everything sent before it, on the same partition, so reading the topic to its end then sees all there will be.
 */
public final class SymptomsTopic {

    private SymptomsTopic() {
    }

    /** The patient's check-ins on the topic before the marker, in order. */
    public static List<SymptomCheckIn> checkInsBefore(String patientId) {
        Devices.Registered marking = Devices.register(patientId);
        String marker = "marker-" + UUID.randomUUID();
        given().auth().oauth2(marking.token()).contentType(ContentType.JSON)
                .body(Map.of("checkInId", marker, "symptoms", List.of("CHILLS"), "reportedAt", Instant.now().toString()))
                .when().post("/api/v1/symptoms")
                .then().statusCode(202);
        List<SymptomCheckIn> all = TopicReader.readToEnd(SharedInfra.kafka().bootstrapServers(), Topics.PATIENT_SYMPTOMS,
                new StringDeserializer(), new SymptomCheckInSerde.Deserializer()).stream()
                .filter(r -> patientId.equals(r.key())).map(r -> r.value()).toList();
        if (all.stream().noneMatch(c -> c.checkInId().equals(marker))) {
            throw new AssertionError("the marker check-in is not on the topic");
        }
        return all.stream().filter(c -> !c.checkInId().equals(marker)).toList();
    }
}
