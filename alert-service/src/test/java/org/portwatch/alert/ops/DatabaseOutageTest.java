package org.portwatch.alert.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.alerts.AlertEvents;
import org.portwatch.alert.readings.Readings;
import org.portwatch.alert.support.DatabaseLater;
import org.portwatch.infra.EmbeddedPostgresServer;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.Severity;
import org.portwatch.model.VitalType;

/**
 * PostgreSQL away, on the real broker and a real database of the test's own: the service starts without it (the
 * detector runs, the clinician API is not ready), migrates when it comes, and waits out an outage longer than the
 * connector's acknowledgement limit without failing its channel or its liveness; every alert published meanwhile
 * is recorded, in order, once the database is back, and so is every reading of the readings history.
 */
@QuarkusTest
@TestProfile(DatabaseLater.class)
class DatabaseOutageTest {

    private static EmbeddedPostgresServer postgres;

    @AfterAll
    static void stopDatabase() {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static int status(String path) {
        return given().when().get(path).then().extract().statusCode();
    }

    private static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** {@code portwatch_alerts_consumer_backlog}: events on vitals.alerts the group has not committed past. */
    private static double backlog() {
        return metrics().lines().filter(line -> line.startsWith("portwatch_alerts_consumer_backlog "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst()
                .orElse(Double.NaN);
    }

    @Test
    void shouldStartWithoutTheDatabaseAndWaitOutItsOutagesWithoutLosingAnAlert() {
        // 1. Started with the database down: alive, detecting, not ready for clinicians.
        assertThat(status("/q/health/live")).isEqualTo(200);
        assertThat(status("/q/health/ready")).isEqualTo(503);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().when().get("/q/health/group/detection")
                .then().statusCode(200).body("checks.find { it.name == 'detector' }.data.state", equalTo("RUNNING")));
        assertThat(metrics()).contains("portwatch_detector_up 1.0");
        String waitingPatient = "patient-early-" + System.nanoTime();
        AlertEvent early = AlertEvents.raised(waitingPatient, Severity.HIGH);
        AlertEvents.publish(early);
        await().atMost(Duration.ofSeconds(20)).until(() -> metrics().contains("portwatch_alerts_consumer_waiting 1.0"));

        // 2. The database arrives: migrated, ready, and the alert published before it is recorded.
        int port = DatabaseLater.port(ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class));
        postgres = EmbeddedPostgresServer.start(port);
        postgres.createDatabase(DatabaseLater.DATABASE);
        await().atMost(Duration.ofSeconds(30)).until(() -> status("/q/health/ready") == 200);
        // The new database is filled from the whole vitals.alerts topic (every alert the suite published before
        // this one, in the module's run), so this alert comes after that backlog and need not be on the first page:
        // filtered by patient, with time for the backlog.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(AlertEvents.admin())
                .queryParam("patientId", waitingPatient)
                .when().get("/api/v1/alerts/unassigned").then().statusCode(200)
                .body("items.alertId", hasItem(early.alertId())));

        String team = AlertEvents.team();
        String patientId = AlertEvents.enrol(team);
        String token = AlertEvents.clinician("dr-outage", team);
        AlertEvent raised = AlertEvents.raised(patientId, Severity.MEDIUM);
        AlertEvents.publish(raised);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token)
                .when().get("/api/v1/alerts/" + raised.alertId()).then().statusCode(200));

        // 3. The database goes away for well over the acknowledgement limit while the detector keeps publishing.
        postgres.stopServer();
        AlertEvent escalated = AlertEvents.next(raised, AlertTransition.ESCALATED, Severity.HIGH);
        AlertEvent resolved = AlertEvents.next(raised, AlertTransition.RESOLVED, Severity.HIGH);
        AlertEvent racing = AlertEvents.event(patientId, AlertCondition.TACHYCARDIA, raised.episodeStart(),
                AlertTransition.RAISED, Severity.MEDIUM, java.time.Instant.now());
        AlertEvents.publish(escalated, racing, resolved);
        java.time.Instant now = java.time.Instant.now();
        Readings.publish(java.util.List.of(
                Readings.reading(patientId, VitalType.BODY_TEMPERATURE, now.minus(Duration.ofMinutes(2)), 38.2),
                Readings.reading(patientId, VitalType.HEART_RATE, now.minus(Duration.ofMinutes(1)), 96)));
        await().atMost(Duration.ofSeconds(20)).until(() -> metrics().contains("portwatch_alerts_consumer_waiting 1.0"));
        await().atMost(Duration.ofSeconds(20)).until(() -> metrics().contains("portwatch_readings_consumer_waiting 1.0"));
        await().atMost(Duration.ofSeconds(20)).until(() -> status("/q/health/ready") == 503);
        // The events the consumer holds in memory are in the backlog SREs are alerted on (its committed offsets do
        // not move past them), although it has fetched them.
        double[] during = {0};
        await().atMost(Duration.ofSeconds(20)).until(() -> (during[0] = backlog()) >= 3);
        long limitMs = Long.parseLong(DatabaseLater.ACK_LIMIT_MS);
        await().during(Duration.ofMillis(2 * limitMs)).atMost(Duration.ofMillis(3 * limitMs)).until(() ->
                status("/q/health/live") == 200 && status("/q/health/group/detection") == 200);

        // 4. Back: everything recorded, in order, once; nothing failed.
        postgres.restartServer();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token)
                .when().get("/api/v1/alerts/" + raised.alertId()).then().statusCode(200)
                .body("alert.status", equalTo("RESOLVED")));
        JsonPath detail = given().auth().oauth2(token).when().get("/api/v1/alerts/" + raised.alertId())
                .then().extract().jsonPath();
        assertThat(detail.getList("timeline.kind")).containsExactly("RAISED", "ESCALATED", "RESOLVED");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token)
                .when().get("/api/v1/alerts/" + racing.alertId()).then().statusCode(200)
                .body("alert.status", equalTo("OPEN")));
        await().atMost(Duration.ofSeconds(20)).until(() -> metrics().contains("portwatch_alerts_consumer_waiting 0.0"));
        // The readings held through the outage are in the history, none skipped.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token)
                .when().get("/api/v1/patients/" + patientId + "/readings").then().statusCode(200)
                .body("series.type", org.hamcrest.Matchers.containsInAnyOrder("BODY_TEMPERATURE", "HEART_RATE")));
        await().atMost(Duration.ofSeconds(20)).until(() -> metrics().contains("portwatch_readings_consumer_waiting 0.0"));
        await().atMost(Duration.ofSeconds(20)).until(() -> backlog() <= during[0] - 3);
        assertThat(status("/q/health/live")).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> status("/q/health/ready") == 200);

        // The channel still consumes: an alert published after the return is recorded too.
        AlertEvent after = AlertEvents.raised(AlertEvents.enrol(team), Severity.LOW);
        AlertEvents.publish(after);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token)
                .when().get("/api/v1/alerts/" + after.alertId()).then().statusCode(200));
    }
}
