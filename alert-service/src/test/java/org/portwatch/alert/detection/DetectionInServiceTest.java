package org.portwatch.alert.detection;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.portwatch.infra.testing.SharedInfra;
import org.portwatch.infra.testing.TopicReader;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.MeasurementSite;
import org.portwatch.model.SensorStatus;
import org.portwatch.model.Severity;
import org.portwatch.model.Topics;
import org.portwatch.model.VitalReading;
import org.portwatch.model.VitalType;
import org.portwatch.model.serde.AlertEventSerde;
import org.portwatch.model.serde.VitalReadingSerde;

/**
 * The service as deployed: a profile through the API, readings on the topic, alerts on vitals.alerts —
 * each exactly once — with the detector's state in readiness and its meters in /q/metrics.
 */
@QuarkusTest
class DetectionInServiceTest {

    private static String bootstrap() {
        return SharedInfra.kafka().bootstrapServers();
    }

    private static void produce(List<VitalReading> readings) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, VitalReading> producer = new KafkaProducer<>(config, new StringSerializer(),
                new VitalReadingSerde.Serializer())) {
            readings.forEach(r -> producer.send(new ProducerRecord<>(Topics.VITALS_READINGS, r.patientId(), r)));
            producer.flush();
        }
    }

    private static List<AlertEvent> alertsOf(String patientId) {
        // Raw values: other tests put unreadable records on the topic on purpose; only this patient's are parsed.
        try (AlertEventSerde.Deserializer alerts = new AlertEventSerde.Deserializer()) {
            return TopicReader.readToEnd(bootstrap(), Topics.VITALS_ALERTS, new StringDeserializer(),
                            new ByteArrayDeserializer()).stream()
                    .filter(r -> patientId.equals(r.key()))
                    .map(r -> alerts.deserialize(Topics.VITALS_ALERTS, r.value()))
                    .toList();
        }
    }

    private static VitalReading reading(String patientId, VitalType type, Instant at, double value) {
        return new VitalReading(patientId + "-" + type + "-" + at.toEpochMilli(), patientId, "dev-" + patientId, type,
                value, type.canonicalUnit(), type.canonicalUnit(), at, Instant.now(),
                type == VitalType.HEART_RATE ? MeasurementSite.WRIST : MeasurementSite.SKIN, null, SensorStatus.ON_BODY);
    }

    private static boolean profilePublished(String patientId) {
        return TopicReader.readToEnd(bootstrap(), Topics.PATIENT_PROFILES, new StringDeserializer(),
                new StringDeserializer()).stream().anyMatch(r -> patientId.equals(r.key()) && r.value() != null);
    }

    /** The value of one series in /q/metrics (0 when absent). */
    private static double metric(String series) {
        String body = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : body.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

    @Test
    void shouldBeReadyForCliniciansAndReportDetectionInItsOwnGroup() {
        // Readiness is "can serve clinicians": the database and its schema, not Kafka.
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("alerts-database-schema"))
                .body("checks.name", hasItem("Reactive PostgreSQL connections health check"))
                .body("checks.name", org.hamcrest.Matchers.not(hasItem("Kafka connection health check")))
                .body("checks.name", org.hamcrest.Matchers.not(hasItem("Kafka Streams topics health check")));
        // Liveness fails for a wedged process only.
        given().when().get("/q/health/live").then().statusCode(200)
                .body("checks.name", hasItem("detector-not-wedged"))
                .body("checks.name", hasItem("alerts-of-record-consumer"))
                .body("checks.name", org.hamcrest.Matchers.not(hasItem("Kafka Streams state health check")));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().when().get("/q/health/group/detection")
                .then().statusCode(200)
                .body("checks.find { it.name == 'detector' }.data.state", equalTo("RUNNING"))
                .body("checks.find { it.name == 'detector' }.data.brokers", equalTo("reachable")));
    }

    @Test
    void shouldRaiseExactlyTheAlertsTheReadingsCallForWithThePatientsOwnThresholds() {
        String patientId = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        String careTeam = "oncology-day-unit";
        String clinician = SharedInfra.jwt().clinicianToken("dr-e2e", Set.of(careTeam), Duration.ofMinutes(10));
        // This patient's lines for a racing heart (120) and for sepsis risk (115) are above the defaults:
        // a heart at 110 with a fever must raise the fever alone.
        given().auth().oauth2(clinician).contentType(ContentType.JSON)
                .body(Map.of("displayName", "E2E Patient", "careTeamId", careTeam, "portSite", "CHEST",
                        "monitoring", true, "thresholds", Map.of("heartRateHigh", 120, "sepsisHeartRate", 115)))
                .when().put("/api/v1/patients/" + patientId)
                .then().statusCode(201);
        // The outbox puts the profile on patients.profiles; readings produced after it are judged with it.
        await().atMost(Duration.ofSeconds(30)).until(() -> profilePublished(patientId));

        Instant base = Instant.now().minus(40, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        List<VitalReading> readings = new ArrayList<>();
        for (int minute = 0; minute <= 25; minute++) {
            readings.add(reading(patientId, VitalType.HEART_RATE, base.plus(minute, ChronoUnit.MINUTES), 110));
        }
        readings.add(reading(patientId, VitalType.BODY_TEMPERATURE, base.plus(15, ChronoUnit.MINUTES), 38.4));
        readings.add(reading(patientId, VitalType.BODY_TEMPERATURE, base.plus(20, ChronoUnit.MINUTES), 38.6));
        produce(readings);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(alertsOf(patientId)).extracting(AlertEvent::condition, AlertEvent::transition,
                        AlertEvent::severity).containsExactly(org.assertj.core.groups.Tuple.tuple(
                                org.portwatch.model.AlertCondition.FEVER, AlertTransition.RAISED, Severity.HIGH)));
        // Sent again (a redelivery upstream): nothing new.
        double duplicatesBefore = metric("portwatch_detection_readings_total{outcome=\"duplicate\"}");
        produce(readings);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                metric("portwatch_detection_readings_total{outcome=\"duplicate\"}") >= duplicatesBefore + readings.size());
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("portwatch_detection_alerts_total{condition=\"fever\",severity=\"high\",transition=\"raised\"}"))
                .body(containsString("portwatch_detection_latency_seconds_bucket"))
                .body(containsString("portwatch_detection_state_bytes_count"))
                .body(containsString("kafka_stream_thread_process_total"));
        assertThat(alertsOf(patientId)).hasSize(1);
        AlertEvent raised = alertsOf(patientId).get(0);
        assertThat(raised.thresholds()).containsEntry("feverCelsius", 38.0);
        assertThat(raised.evidence()).extracting(e -> e.value()).containsExactly(38.4, 38.6);
    }
}
