package org.portwatch.alert.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.portwatch.infra.testing.MetricsCatalog;
import org.portwatch.infra.testing.SharedInfra;
import org.portwatch.model.MeasurementSite;
import org.portwatch.model.SensorStatus;
import org.portwatch.model.Topics;
import org.portwatch.model.VitalReading;
import org.portwatch.model.VitalType;
import org.portwatch.model.serde.VitalReadingSerde;

/**
 * Every metric that the SREs' alert rules and dashboard (k8s/) read from alert-service is really exposed at
 * /q/metrics. The names come from {@code k8s/base/observability/metrics-by-service.txt}, which k8s-validation
 * keeps equal to what the PrometheusRule and the Grafana dashboard reference, so a renamed meter fails here.
 */
@QuarkusTest
class ExposedMetricsTest {

    private static final String SERVICE = "alert-service";

    @Test
    void shouldExposeEveryMetricThatTheAlertRulesAndDashboardReadWhenDetecting() {
        Set<String> wanted = MetricsCatalog.wantedBy(SERVICE);
        assertThat(wanted).as("metrics-by-service.txt names metrics of " + SERVICE).isNotEmpty();

        // A patient under monitoring and one reading on the topic: the profile outbox publishes, the detector's
        // consumer gets its partitions and processes the reading, so client and detection meters exist.
        String patientId = "patient-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(SharedInfra.jwt().adminToken(Duration.ofMinutes(5))).contentType(ContentType.JSON)
                .body(Map.of("displayName", "Metrics Probe", "careTeamId", "oncology-day-unit", "portSite", "CHEST",
                        "monitoring", true))
                .when().put("/api/v1/patients/" + patientId)
                .then().statusCode(201);
        produceOneReading(patientId);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Set<String> exposed = MetricsCatalog.exposedNames(given().when().get("/q/metrics").then().statusCode(200)
                    .extract().asString());
            Set<String> missing = new TreeSet<>(wanted);
            missing.removeAll(exposed);
            assertThat(missing).as("metrics the k8s rules/dashboard read from %s but /q/metrics lacks "
                    + "(exposed: %s)", SERVICE, exposed).isEmpty();
        });
    }

    private static void produceOneReading(String patientId) {
        Instant now = Instant.now();
        VitalReading reading = new VitalReading(patientId + "-probe", patientId, "dev-" + patientId,
                VitalType.HEART_RATE, 72, VitalType.HEART_RATE.canonicalUnit(), VitalType.HEART_RATE.canonicalUnit(),
                now, now, MeasurementSite.WRIST, null, SensorStatus.ON_BODY);
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedInfra.kafka().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, VitalReading> producer = new KafkaProducer<>(config, new StringSerializer(),
                new VitalReadingSerde.Serializer())) {
            producer.send(new ProducerRecord<>(Topics.VITALS_READINGS, patientId, reading));
            producer.flush();
        }
    }

}
