package org.portwatch.alert.snooze;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.alerts.AlertEvents;
import org.portwatch.alert.notification.LoopbackReceiver;
import org.portwatch.alert.notification.webhook.Webhooks;
import org.portwatch.alert.support.TestClock;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.Severity;

/**
 * Snoozing an alert (issue 11): the limits, the care-team scope, bad input changing nothing, no notification and no
 * escalation while snoozed, a higher severity ending it at once, and the care team told again when it runs out — in
 * the minutes of the limits, on the service's {@link TestClock}, which each test puts back after.
 */
@QuarkusTest
class SnoozeTest {

    @Inject
    TestClock clock;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    @Test
    void shouldSnoozeWithinTheLimitsOnlyForTheTeamAndChangeNothingOnBadInput() {
        String team = AlertEvents.team();
        String token = AlertEvents.clinician("dr-snooze", team);
        AlertEvent high = raise(team, Severity.HIGH);
        String path = "/api/v1/alerts/" + high.alertId() + "/snooze";

        given().auth().oauth2(token).when().post(path).then().statusCode(400)
                .contentType(AlertEvents.PROBLEM_JSON);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("[1]").when().post(path).then().statusCode(400);
        refused(token, path, Map.of("duration", "PT10M", "reason", "x"), "duration");
        refused(token, path, Map.of("duration", "PT4H1M", "reason", "x"), "duration");
        refused(token, path, Map.of("duration", "half an hour", "reason", "x"), "duration");
        refused(token, path, Map.of("duration", "PT30M"), "reason");
        refused(token, path, "{\"duration\": \"PT30M\", \"reason\": \"in the\\u0000 shower\"}", "reason");
        refused(token, path, "{\"duration\": \"PT30M\", \"reason\": \"in the \\ud800 shower\"}", "reason");
        refused(token, path, Map.of("duration", "PT30M", "reason", "x".repeat(501)), "reason");
        given().auth().oauth2(AlertEvents.clinician("dr-other", AlertEvents.team())).contentType(ContentType.JSON)
                .body(Map.of("duration", "PT30M", "reason", "in the shower")).when().post(path)
                .then().statusCode(404).contentType(AlertEvents.PROBLEM_JSON);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("duration", "PT30M", "reason", "in the shower"))
                .when().post("/api/v1/alerts/" + UUID.randomUUID() + "/snooze").then().statusCode(404);
        JsonPath untouched = detail(token, high);
        assertThat(untouched.getString("alert.snoozedUntil")).isNull();
        assertThat(untouched.getList("timeline.kind")).doesNotContain("SNOOZED");

        Instant before = clock.instant();
        JsonPath snoozed = snooze(token, high, "PT30M", "in the shower").statusCode(200).extract().jsonPath();
        assertThat(Instant.parse(snoozed.getString("snoozedUntil")))
                .isBetween(before.plus(Duration.ofMinutes(30)), clock.instant().plus(Duration.ofMinutes(30)));
        assertThat(snoozed.getString("snoozedBy")).isEqualTo("dr-snooze");
        assertThat(snoozed.getString("snoozeReason")).isEqualTo("in the shower");
        // Shown on the list too, and on the timeline with its reason.
        assertThat(given().auth().oauth2(token).queryParam("patientId", high.patientId()).when().get("/api/v1/alerts")
                .then().statusCode(200).extract().jsonPath().getString("items[0].snoozedUntil"))
                .isEqualTo(snoozed.getString("snoozedUntil"));
        assertThat(detail(token, high).getList("timeline.note")).contains("in the shower");

        // Again: the new end replaces the old one.
        Instant longer = Instant.parse(snooze(token, high, "PT1H", "still in the shower").statusCode(200).extract()
                .jsonPath().getString("snoozedUntil"));
        assertThat(longer).isAfter(Instant.parse(snoozed.getString("snoozedUntil")));

        given().auth().oauth2(token).when().delete(path).then().statusCode(200).body("snoozedUntil", org.hamcrest.Matchers.nullValue());
        given().auth().oauth2(token).when().delete(path).then().statusCode(409).contentType(AlertEvents.PROBLEM_JSON);
        assertThat(detail(token, high).getList("timeline.kind")).contains("SNOOZED", "UNSNOOZED");

        // CRITICAL: at most 30 minutes.
        AlertEvent critical = raise(team, Severity.CRITICAL);
        snooze(token, critical, "PT45M", "family visit").statusCode(422).body("errors[0].field", org.hamcrest.Matchers.is("duration"));
        assertThat(detail(token, critical).getString("alert.snoozedUntil")).isNull();
        snooze(token, critical, "PT30M", "family visit").statusCode(200);

        // A resolved alert has nothing to snooze.
        given().auth().oauth2(token).when().post("/api/v1/alerts/" + high.alertId() + "/resolve").then().statusCode(200);
        snooze(token, high, "PT30M", "too late").statusCode(409).contentType(AlertEvents.PROBLEM_JSON);
    }

    @Test
    void shouldNeitherNotifyNorEscalateWhileSnoozedAndTellTheTeamAgainWhenItEnds() throws Exception {
        String team = AlertEvents.team();
        String token = AlertEvents.clinician("dr-snooze", team);
        double expired = ended("snooze", "expired");
        try (LoopbackReceiver everyone = new LoopbackReceiver()) {
            // No on-call contact (the default policy): escalation rounds go to the whole team's hook, this one.
            Webhooks.created(team, everyone.url(), "CARE_TEAM");
            AlertEvent snoozedAlert = raise(team, Severity.HIGH);
            AlertEvent marker = raise(team, Severity.HIGH);
            await().atMost(Duration.ofSeconds(20)).until(() -> !everyone.of(snoozedAlert.alertId()).isEmpty()
                    && !everyone.of(marker.alertId()).isEmpty());
            snooze(token, snoozedAlert, "PT30M", "patient asleep").statusCode(200);
            // The gauge, refreshed by the snooze round from the database, counts it.
            await().atMost(Duration.ofSeconds(20)).until(() -> metric("portwatch_snoozes_active{", "kind=\"snooze\"") >= 1);

            // The detector's news while snoozed: recorded, not notified.
            AlertEvents.publish(AlertEvents.next(snoozedAlert, AlertTransition.ESCALATED, Severity.HIGH));
            await().atMost(Duration.ofSeconds(20)).until(() -> detail(token, snoozedAlert).getList("timeline.kind")
                    .contains("ESCALATED"));
            // Past the escalation delay: the marker is escalated, the snoozed alert is not.
            clock.advance(Duration.ofMinutes(6));
            await().atMost(Duration.ofSeconds(20)).until(() -> everyone.countByType(marker.alertId())
                    .containsKey("alert.unacknowledged"));
            assertThat(everyone.of(snoozedAlert.alertId())).extracting(LoopbackReceiver.Delivery::type)
                    .containsExactly("alert.raised");
            assertThat(detail(token, snoozedAlert).getInt("alert.escalations")).isZero();

            // Past the snooze: the team is told again, and the escalation that fell due goes out at once.
            clock.advance(Duration.ofMinutes(25));
            await().atMost(Duration.ofSeconds(20)).until(() -> everyone.of(snoozedAlert.alertId()).stream()
                    .anyMatch(d -> "SNOOZE_ENDED".equals(d.data().path("reason").asText())));
            await().atMost(Duration.ofSeconds(20)).until(() -> everyone.countByType(snoozedAlert.alertId())
                    .containsKey("alert.unacknowledged"));
            JsonPath after = detail(token, snoozedAlert);
            assertThat(after.getString("alert.snoozedUntil")).isNull();
            assertThat(after.getList("timeline.kind")).contains("UNSNOOZED");
            assertThat(everyone.of(snoozedAlert.alertId()).stream()
                    .filter(d -> "SNOOZE_ENDED".equals(d.data().path("reason").asText()))).hasSize(1);
            assertThat(ended("snooze", "expired")).isGreaterThan(expired);
        }
    }

    @Test
    void shouldEndTheSnoozeAndNotifyAtOnceWhenTheSeverityRises() throws Exception {
        String team = AlertEvents.team();
        String token = AlertEvents.clinician("dr-snooze", team);
        try (LoopbackReceiver everyone = new LoopbackReceiver()) {
            Webhooks.created(team, everyone.url(), "CARE_TEAM");
            AlertEvent medium = raise(team, Severity.MEDIUM);
            snooze(token, medium, "PT2H", "known low-grade fever").statusCode(200);

            AlertEvents.publish(AlertEvents.next(medium, AlertTransition.ESCALATED, Severity.HIGH));
            await().atMost(Duration.ofSeconds(20)).until(() -> everyone.countByType(medium.alertId())
                    .containsKey("alert.escalated"));
            JsonPath after = detail(token, medium);
            assertThat(after.getString("alert.snoozedUntil")).isNull();
            assertThat(after.getString("alert.severity")).isEqualTo("HIGH");
            assertThat(after.getList("timeline.detail", String.class)).anyMatch(text -> text != null
                    && text.contains("severity rose"));
        }
    }

    /** A new patient of {@code team} and a FEVER alert at {@code severity}, recorded. */
    static AlertEvent raise(String team, Severity severity) {
        AlertEvent raised = AlertEvents.raised(AlertEvents.enrol(team), severity);
        AlertEvents.publish(raised);
        awaitStored(team, raised);
        return raised;
    }

    static void awaitStored(String team, AlertEvent alert) {
        String token = AlertEvents.clinician("dr-wait", team);
        await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(token)
                .when().get("/api/v1/alerts/" + alert.alertId()).statusCode() == 200);
    }

    static io.restassured.response.ValidatableResponse snooze(String token, AlertEvent alert, String duration,
            String reason) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("duration", duration, "reason", reason))
                .when().post("/api/v1/alerts/" + alert.alertId() + "/snooze").then();
    }

    static JsonPath detail(String token, AlertEvent alert) {
        return given().auth().oauth2(token).when().get("/api/v1/alerts/" + alert.alertId())
                .then().statusCode(200).extract().jsonPath();
    }

    private static void refused(String token, String path, Object body, String field) {
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post(path)
                .then().statusCode(422).contentType(AlertEvents.PROBLEM_JSON)
                .body("errors.field", org.hamcrest.Matchers.hasItem(field));
    }

    static double ended(String kind, String reason) {
        return metric("portwatch_snoozes_ended_total{", "kind=\"" + kind + "\"", "reason=\"" + reason + "\"");
    }

    /** The value of the one series of {@code prefix} whose labels contain every one of {@code labels}. */
    static double metric(String prefix, String... labels) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith(prefix)
                        && java.util.Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow();
    }
}
