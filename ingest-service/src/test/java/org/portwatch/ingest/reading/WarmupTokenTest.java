package org.portwatch.ingest.reading;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.portwatch.ingest.device.WarmupToken;
import org.portwatch.ingest.support.Metrics;
import org.portwatch.ingest.support.ReadingsTopic;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.portwatch.infra.testing.SharedInfra;
import org.portwatch.infra.testing.TopicReader;
import org.portwatch.model.Topics;
import org.portwatch.model.serde.SymptomCheckInSerde;

/**
 * The warm-up's HTTP requests cannot put anything on a topic: with its token (open only while the warm-up runs),
 * readings and check-ins are refused 403 problem+json before any budget or send, and are counted in no request
 * meter; once the warm-up ended the token is an unknown one (401).
 */
@QuarkusTest
class WarmupTokenTest {

    @Inject
    WarmupToken token;

    @AfterEach
    void closeIt() {
        token.close();
    }

    private static Map<String, Object> heartRate(int bpm) {
        return Map.of("type", "HEART_RATE", "value", bpm, "unit", "/min", "measuredAt", Instant.now().toString());
    }

    @Test
    void theWarmupRanOverHttpAndEveryRequestWasRefusedThenTheTokenClosed() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().when().get("/q/health/ready")
                .then().statusCode(200));
        // application.properties: %test.ingest.warmup-http-requests=200.
        assertThat(Metrics.value("portwatch_ingest_warmup_http_requests")).isEqualTo(200);
        assertThat(Metrics.value("portwatch_ingest_warmup_http_unexpected")).isZero();
        assertThat(token.isOpen()).isFalse();
        given().header("Authorization", token.authorization()).contentType(ContentType.JSON)
                .body(Map.of("readings", List.of(heartRate(70))))
                .when().post("/api/v1/readings")
                .then().statusCode(401);
    }

    @Test
    void withTheTokenOpenNothingIsSentOnAnyTopicAndNoRequestMeterCountsIt() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().when().get("/q/health/ready")
                .then().statusCode(200));
        double accepted = Metrics.value("portwatch_ingest_requests_total{outcome=\"accepted\"}");
        double partially = Metrics.value("portwatch_ingest_requests_total{outcome=\"partially_accepted\"}");
        double implausible = Metrics.value("portwatch_ingest_readings_rejected_total{reason=\"implausible_value\"}");
        token.open();
        given().header("Authorization", token.authorization()).contentType(ContentType.JSON)
                .body(Map.of("readings", List.of(heartRate(70), heartRate(400))))
                .when().post("/api/v1/readings")
                .then().statusCode(403).contentType("application/problem+json")
                .body("status", equalTo(403));
        // Many more than a device's 20 requests/s: the warm-up device has no budget, and touches none.
        for (int i = 0; i < 40; i++) {
            given().header("Authorization", token.authorization()).contentType(ContentType.JSON)
                    .body(Map.of("readings", List.of(heartRate(60 + i))))
                    .when().post("/api/v1/readings")
                    .then().statusCode(403);
        }
        given().header("Authorization", token.authorization()).contentType(ContentType.JSON)
                .body(Map.of("checkInId", "warmup-check", "symptoms", List.of("CHILLS"),
                        "reportedAt", Instant.now().toString()))
                .when().post("/api/v1/symptoms")
                .then().statusCode(403).contentType("application/problem+json");
        // Malformed bodies still get their own answer (the token check passed, parsing did not).
        given().header("Authorization", token.authorization()).contentType(ContentType.JSON).body("{\"readings\":")
                .when().post("/api/v1/readings")
                .then().statusCode(400);

        // Refused before the producer was asked: nothing can be in flight, the topics' ends are final.
        assertThat(TopicReader.readToEnd(SharedInfra.kafka().bootstrapServers(), Topics.PATIENT_SYMPTOMS,
                new StringDeserializer(), new SymptomCheckInSerde.Deserializer()))
                .noneMatch(r -> WarmupToken.PATIENT_ID.equals(r.key()) || "warmup-check".equals(r.value().checkInId()));
        try (ReadingsTopic topic = new ReadingsTopic()) {
            assertThat(topic.upToTheEnd()).noneMatch(r -> WarmupToken.PATIENT_ID.equals(r.value().patientId())
                    || "warm-up (synthetic)".equals(r.value().deviceId()));
        }
        assertThat(Metrics.value("portwatch_ingest_requests_total{outcome=\"accepted\"}")).isEqualTo(accepted);
        assertThat(Metrics.value("portwatch_ingest_requests_total{outcome=\"partially_accepted\"}"))
                .isEqualTo(partially);
        assertThat(Metrics.value("portwatch_ingest_readings_rejected_total{reason=\"implausible_value\"}"))
                .isEqualTo(implausible);

        token.close();
        given().header("Authorization", token.authorization()).contentType(ContentType.JSON)
                .body(Map.of("readings", List.of(heartRate(70))))
                .when().post("/api/v1/readings")
                .then().statusCode(401);
    }
}
