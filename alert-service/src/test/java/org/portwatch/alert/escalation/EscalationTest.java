package org.portwatch.alert.escalation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.alerts.AlertEvents;
import org.portwatch.alert.notification.LoopbackReceiver;
import org.portwatch.alert.notification.Webhooks;
import org.portwatch.alert.support.FastRounds;
import org.portwatch.alert.work.Rounds;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.Severity;

/**
 * Unacknowledged alerts go to the on-call contacts after the care team's delay and again every repeat interval,
 * until someone acknowledges — with several schedulers racing, as several replicas would, never twice per round.
 * Delays in seconds here stand for the minutes of docs/clinical-rules.md.
 */
@QuarkusTest
@TestProfile(FastRounds.class)
class EscalationTest {

    @Inject
    EscalationScheduler scheduler;

    @io.quarkus.test.common.http.TestHTTPResource("/api/v1/alerts/stream")
    java.net.URL stream;

    @Inject
    Vertx vertx;

    private static void policy(String team, String highAfter, String mediumAfter, String repeatEvery) {
        policy(team, highAfter, mediumAfter, repeatEvery, List.of("dr-on-call"));
    }

    private static void policy(String team, String highAfter, String mediumAfter, String repeatEvery,
            List<String> contacts) {
        given().auth().oauth2(AlertEvents.admin()).contentType(ContentType.JSON)
                .body(Map.of("highAfter", highAfter, "mediumAfter", mediumAfter, "repeatEvery", repeatEvery,
                        "contacts", contacts))
                .when().put("/api/v1/care-teams/" + team + "/escalation-policy")
                .then().statusCode(200);
    }

    private static AlertEvent raise(String team, AlertCondition condition, Severity severity) {
        AlertEvent raised = AlertEvents.raised(AlertEvents.enrol(team), severity);
        if (condition != raised.condition()) {
            String alertId = AlertEvent.alertId(raised.patientId(), condition, raised.episodeStart());
            raised = new AlertEvent(AlertEvent.eventId(alertId, AlertTransition.RAISED, severity), alertId,
                    raised.patientId(), condition, severity, AlertTransition.RAISED, raised.episodeStart(),
                    raised.detectedAt(), false, "no reading for 30 minutes", Map.of(), List.of(), null, null);
        }
        AlertEvents.publish(raised);
        return raised;
    }

    @Test
    void shouldRemindOnCallUntilAcknowledgedAndNeverEscalateLowAlerts() throws Exception {
        String team = AlertEvents.team();
        policy(team, "PT1S", "PT2S", "PT1S");
        try (LoopbackReceiver onCall = new LoopbackReceiver(); LoopbackReceiver everyone = new LoopbackReceiver();
                org.portwatch.alert.feed.SseClient feed = new org.portwatch.alert.feed.SseClient(
                        java.net.URI.create(stream.toString()), AlertEvents.clinician("dr-screen", team), null)) {
            await().atMost(Duration.ofSeconds(10)).until(feed::ready);
            Webhooks.register(team, onCall.url(), "ESCALATION");
            Webhooks.register(team, everyone.url(), "CARE_TEAM");
            AlertEvent high = raise(team, AlertCondition.FEVER, Severity.HIGH);
            AlertEvent low = raise(team, AlertCondition.NO_DATA, Severity.LOW);

            await().atMost(Duration.ofSeconds(20)).until(() -> onCall.of(high.alertId()).size() >= 2);
            // The team's screens see on-call being paged, with the count.
            await().atMost(Duration.ofSeconds(10)).until(() -> feed.alerts().stream().map(e -> {
                try {
                    return org.portwatch.model.Json.mapper().readTree(e.data());
                } catch (java.io.IOException x) {
                    throw new IllegalStateException(x);
                }
            }).anyMatch(n -> "UNACKNOWLEDGED".equals(n.path("type").asText())
                    && high.alertId().equals(n.path("alert").path("alertId").asText())
                    && n.path("alert").path("escalations").asInt() == 2));
            assertThat(onCall.of(high.alertId())).allMatch(d -> d.type().equals("alert.unacknowledged"));
            // The on-call hook gets escalations only; the team's hook gets the events, not the escalations.
            assertThat(everyone.of(high.alertId())).extracting(LoopbackReceiver.Delivery::type)
                    .containsExactly("alert.raised");

            String token = AlertEvents.clinician("dr-team", team);
            given().auth().oauth2(token).when().post("/api/v1/alerts/" + high.alertId() + "/acknowledge")
                    .then().statusCode(200);
            int roundsBeforeAck = given().auth().oauth2(token).when().get("/api/v1/alerts/" + high.alertId())
                    .then().extract().jsonPath().getInt("alert.escalations");

            // A marker: another HIGH alert raised after the acknowledgement, reminded twice — a second or more
            // after the acknowledgement, time enough for the first alert's next round had it not stopped.
            AlertEvent marker = raise(team, AlertCondition.TACHYCARDIA, Severity.HIGH);
            await().atMost(Duration.ofSeconds(20)).until(() -> onCall.of(marker.alertId()).size() >= 2);

            assertThat(onCall.of(high.alertId())).hasSize(roundsBeforeAck);
            assertThat(onCall.of(low.alertId())).isEmpty();
            JsonPath detail = given().auth().oauth2(token).when().get("/api/v1/alerts/" + high.alertId())
                    .then().extract().jsonPath();
            assertThat(detail.getList("timeline.kind").stream().filter("ESCALATION_SENT"::equals).count())
                    .isEqualTo(roundsBeforeAck);
        }
    }

    private static double unreachable(String reason) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("portwatch_escalation_unreachable_total{")
                        && line.contains("reason=\"" + reason + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow();
    }

    @Test
    void shouldPageTheWholeCareTeamWhenThePolicyNamesNobodyOnCall() throws Exception {
        String team = AlertEvents.team();
        policy(team, "PT1S", "PT2S", "PT1S", List.of());
        double before = unreachable("no_on_call_contact");
        try (LoopbackReceiver everyone = new LoopbackReceiver()) {
            Webhooks.register(team, everyone.url(), "CARE_TEAM");
            AlertEvent high = raise(team, AlertCondition.FEVER, Severity.HIGH);

            // No on-call contact and no escalation webhook: the round goes to the whole care team.
            await().atMost(Duration.ofSeconds(20)).until(() -> everyone.of(high.alertId()).stream()
                    .anyMatch(d -> d.type().equals("alert.unacknowledged")));
            assertThat(unreachable("no_on_call_contact")).isGreaterThan(before);
            JsonPath detail = given().auth().oauth2(AlertEvents.clinician("dr-team", team))
                    .when().get("/api/v1/alerts/" + high.alertId()).then().extract().jsonPath();
            assertThat(detail.getInt("alert.escalations")).isPositive();
            assertThat(detail.getList("timeline.detail", String.class))
                    .anyMatch(text -> text.contains("to the whole care team"));
        }
    }

    @Test
    void shouldNotCountARoundAsSentWhenNobodyCouldBePaged() {
        String team = AlertEvents.team();
        policy(team, "PT1S", "PT2S", "PT1S", List.of());
        double before = unreachable("nobody_paged");
        AlertEvent high = raise(team, AlertCondition.FEVER, Severity.HIGH);
        String token = AlertEvents.clinician("dr-team", team);

        await().atMost(Duration.ofSeconds(20)).until(() -> unreachable("nobody_paged") >= before + 2);
        JsonPath detail = given().auth().oauth2(token).when().get("/api/v1/alerts/" + high.alertId())
                .then().extract().jsonPath();
        assertThat(detail.getInt("alert.escalations")).isZero();
        assertThat(detail.getList("timeline.detail", String.class))
                .anyMatch(text -> text.contains("reached nobody"));
    }

    @Test
    void shouldEscalateEachRoundOnceWhenSeveralReplicasRace() throws Exception {
        String team = AlertEvents.team();
        policy(team, "PT1S", "PT1S", "PT1S");
        List<Rounds> replicas = new ArrayList<>();
        try (LoopbackReceiver onCall = new LoopbackReceiver()) {
            Webhooks.register(team, onCall.url(), "ESCALATION");
            // Three more schedulers polling every 20 ms next to the service's own: four replicas racing.
            for (int i = 0; i < 3; i++) {
                Rounds replica = new Rounds("replica-" + i, vertx, Duration.ofMillis(20), Duration.ofSeconds(30), () -> { },
                        scheduler::round);
                replicas.add(replica);
                replica.start();
            }
            AlertEvent alert = raise(team, AlertCondition.FEVER, Severity.CRITICAL);
            await().atMost(Duration.ofSeconds(20)).until(() -> onCall.of(alert.alertId()).size() >= 3);
            replicas.forEach(replica -> replica.stop(Duration.ofSeconds(5)));

            JsonPath detail = given().auth().oauth2(AlertEvents.clinician("dr-r", team))
                    .when().get("/api/v1/alerts/" + alert.alertId()).then().extract().jsonPath();
            List<String> sent = new ArrayList<>();
            List<Map<String, Object>> timeline = detail.getList("timeline");
            for (Map<String, Object> step : timeline) {
                if ("ESCALATION_SENT".equals(step.get("kind"))) {
                    sent.add((String) step.get("at"));
                }
            }
            // One timeline entry per round, rounds a repeat interval apart, one delivery per round.
            assertThat(sent).hasSize(detail.getInt("alert.escalations"));
            for (int i = 1; i < sent.size(); i++) {
                assertThat(Duration.between(Instant.parse(sent.get(i - 1)), Instant.parse(sent.get(i))))
                        .isGreaterThanOrEqualTo(Duration.ofMillis(900));
            }
            assertThat(onCall.of(alert.alertId()).stream().map(LoopbackReceiver.Delivery::id).distinct().count())
                    .isEqualTo(onCall.of(alert.alertId()).size());
        } finally {
            replicas.forEach(replica -> replica.stop(Duration.ofSeconds(5)));
        }
    }

    @Test
    void shouldValidateThePolicyAndKeepItForAdministrators() {
        String team = AlertEvents.team();
        given().auth().oauth2(AlertEvents.admin()).contentType(ContentType.JSON)
                .body(Map.of("highAfter", "PT0S", "repeatEvery", "PT48H"))
                .when().put("/api/v1/care-teams/" + team + "/escalation-policy")
                .then().statusCode(422).contentType(AlertEvents.PROBLEM_JSON);
        given().auth().oauth2(AlertEvents.clinician("dr-c", team)).contentType(ContentType.JSON)
                .body(Map.of("highAfter", "PT1M"))
                .when().put("/api/v1/care-teams/" + team + "/escalation-policy")
                .then().statusCode(403);
        given().auth().oauth2(AlertEvents.admin()).when().get("/api/v1/care-teams/" + team + "/escalation-policy")
                .then().statusCode(200).body("highAfter", org.hamcrest.Matchers.equalTo("PT5M"))
                .body("mediumAfter", org.hamcrest.Matchers.equalTo("PT15M"));
    }
}
