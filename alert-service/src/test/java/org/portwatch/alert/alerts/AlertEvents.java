package org.portwatch.alert.alerts;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.portwatch.infra.testing.SharedInfra;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.Evidence;
import org.portwatch.model.Severity;
import org.portwatch.model.Topics;
import org.portwatch.model.VitalType;
import org.portwatch.model.serde.AlertEventSerde;

/** Alert events as the detector writes them, patients and tokens as the care team's tests need them. */
public final class AlertEvents {

    public static final String PROBLEM_JSON = "application/problem+json";

    private AlertEvents() {
    }

    /** A patient under monitoring by {@code careTeamId}, named "Jane Doe (bed 12)". */
    public static String enrol(String careTeamId) {
        String patientId = "patient-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(SharedInfra.jwt().adminToken(Duration.ofMinutes(10))).contentType(ContentType.JSON)
                .body(Map.of("displayName", "Jane Doe (bed 12)", "careTeamId", careTeamId, "portSite", "CHEST",
                        "monitoring", true))
                .when().put("/api/v1/patients/" + patientId).then().statusCode(201);
        return patientId;
    }

    public static String team() {
        return "team-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String clinician(String subject, String... careTeams) {
        return SharedInfra.jwt().clinicianToken(subject, Set.of(careTeams), Duration.ofMinutes(10));
    }

    public static String admin() {
        return SharedInfra.jwt().adminToken(Duration.ofMinutes(10));
    }

    /** A FEVER episode that started a minute ago: the RAISED event at {@code severity}. */
    public static AlertEvent raised(String patientId, Severity severity) {
        Instant start = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        return event(patientId, AlertCondition.FEVER, start, AlertTransition.RAISED, severity, Instant.now());
    }

    /** The next transition of the same alert (same patient, condition and episode start). */
    public static AlertEvent next(AlertEvent first, AlertTransition transition, Severity severity) {
        return event(first.patientId(), first.condition(), first.episodeStart(), transition, severity, Instant.now());
    }

    public static AlertEvent event(String patientId, AlertCondition condition, Instant episodeStart, AlertTransition transition,
            Severity severity, Instant detectedAt) {
        String alertId = AlertEvent.alertId(patientId, condition, episodeStart);
        List<Evidence> evidence = List.of(
                new Evidence("r-1", VitalType.BODY_TEMPERATURE, 38.4, "Cel", episodeStart),
                new Evidence("r-2", VitalType.BODY_TEMPERATURE, 38.6, "Cel", episodeStart.plusSeconds(30)));
        return new AlertEvent(AlertEvent.eventId(alertId, transition, severity), alertId, patientId, condition, severity,
                transition, episodeStart, detectedAt.truncatedTo(ChronoUnit.MICROS), false,
                "Temperature >= 38.0 °C from a clinical thermometer", Map.of("feverCelsius", 38.0), evidence,
                episodeStart.plusSeconds(30), episodeStart.plusSeconds(31));
    }

    public static void publish(AlertEvent... events) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, AlertEvent> producer = new KafkaProducer<>(config, new StringSerializer(),
                new AlertEventSerde.Serializer())) {
            for (AlertEvent event : events) {
                producer.send(new ProducerRecord<>(Topics.VITALS_ALERTS, event.patientId(), event));
            }
            producer.flush();
        }
    }

    public static void publishRaw(String key, byte[] value) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.VITALS_ALERTS, key, value));
            producer.flush();
        }
    }
}
