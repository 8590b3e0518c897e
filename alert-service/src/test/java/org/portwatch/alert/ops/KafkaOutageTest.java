package org.portwatch.alert.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.alerts.AlertEvents;
import org.portwatch.infra.testing.SharedInfra;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.Severity;

/**
 * Kafka away, on the real broker: clinicians still read and acknowledge alerts (readiness stays UP: it means "can
 * serve clinicians"), the detection group and portwatch_detector_up say the detector cannot detect, liveness stays UP
 * (a restart cannot bring a broker back), and detection is back on its own when the broker returns.
 */
@QuarkusTest
class KafkaOutageTest {

    private static int status(String path) {
        return given().when().get(path).then().extract().statusCode();
    }

    private static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void shouldServeCliniciansAndReportDetectionDownWhileKafkaIsAway() {
        String team = AlertEvents.team();
        String token = AlertEvents.clinician("dr-kafka", team);
        AlertEvent raised = AlertEvents.raised(AlertEvents.enrol(team), Severity.HIGH);
        AlertEvents.publish(raised);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token)
                .when().get("/api/v1/alerts/" + raised.alertId()).then().statusCode(200));
        await().atMost(Duration.ofSeconds(60)).until(() -> status("/q/health/group/detection") == 200);

        SharedInfra.kafka().stopBroker();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> status("/q/health/group/detection") == 503);
            assertThat(metrics()).contains("portwatch_detector_up 0.0");
            assertThat(status("/q/health/ready")).isEqualTo(200);
            assertThat(status("/q/health/live")).isEqualTo(200);
            given().auth().oauth2(token).queryParam("status", "OPEN").when().get("/api/v1/alerts")
                    .then().statusCode(200);
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("note", "on my way"))
                    .when().post("/api/v1/alerts/" + raised.alertId() + "/acknowledge")
                    .then().statusCode(200).body("status", equalTo("ACKNOWLEDGED"));
        } finally {
            SharedInfra.kafka().restartBroker();
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> status("/q/health/group/detection") == 200);
        assertThat(metrics()).contains("portwatch_detector_up 1.0");
        assertThat(status("/q/health/live")).isEqualTo(200);
    }
}
