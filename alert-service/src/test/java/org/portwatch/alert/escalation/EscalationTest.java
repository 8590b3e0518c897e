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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.alerts.AlertEvents;
import org.portwatch.alert.notification.LoopbackReceiver;
import org.portwatch.alert.notification.webhook.Webhooks;
import org.portwatch.alert.support.FastRounds;
import org.portwatch.alert.support.TestClock;
import org.portwatch.alert.work.PeriodicRounds;
import org.portwatch.infra.testing.SharedInfra;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.Severity;

/**
 * Unacknowledged alerts go to the on-call contacts after the care team's delay and again every repeat interval,
 * until someone acknowledges — with several schedulers racing, as several replicas would, never twice per round.
 * In the minutes of docs/clinical-rules.md (5, then every 5), on the service's {@link TestClock}: each test moves
 * it forward a round at a time instead of waiting, and puts it back after.
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

    @Inject
    TestClock clock;

    private static final Duration HIGH_AFTER = Duration.ofMinutes(5);
    private static final Duration REPEAT_EVERY = Duration.ofMinutes(5);

    @AfterEach
    void realTime() {
        clock.reset();
    }

    /** The clinical defaults for HIGH/CRITICAL (5 minutes, then every 5), MEDIUM after 15. */
    private static void policy(String team, List<String> contacts) {
        policy(team, HIGH_AFTER.toString(), "PT15M", REPEAT_EVERY.toString(), contacts);
    }

    private static void policy(String team, String highAfter, String mediumAfter, String repeatEvery,
            List<String> contacts) {
        given().auth().oauth2(AlertEvents.admin()).contentType(ContentType.JSON)
                .body(Map.of("highAfter", highAfter, "mediumAfter", mediumAfter, "repeatEvery", repeatEvery,
                        "contacts", contacts))
                .when().put("/api/v1/care-teams/" + team + "/escalation-policy")
                .then().statusCode(200);
    }

    /** A new patient of {@code team} and its alert, detected now on the service's clock (the delay counts from it). */
    private AlertEvent raise(String team, AlertCondition condition, Severity severity) {
        Instant detectedAt = clock.instant();
        AlertEvent raised = AlertEvents.event(AlertEvents.enrol(team), condition,
                detectedAt.minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS), AlertTransition.RAISED, severity,
                detectedAt);
        AlertEvents.publish(raised);
        return raised;
    }

    @Test
    void shouldRemindOnCallUntilAcknowledgedAndNeverEscalateLowAlerts() throws Exception {
        String team = AlertEvents.team();
        policy(team, List.of("dr-on-call"));
        // A screen whose token outlives the minutes this test moves the clock by (the feed closes expired streams).
        String screenToken = SharedInfra.jwt().clinicianToken("dr-screen", Set.of(team), Duration.ofHours(1));
        try (LoopbackReceiver onCall = new LoopbackReceiver(); LoopbackReceiver everyone = new LoopbackReceiver();
                org.portwatch.alert.feed.SseClient feed = new org.portwatch.alert.feed.SseClient(
                        java.net.URI.create(stream.toString()), screenToken, null)) {
            await().atMost(Duration.ofSeconds(10)).until(feed::ready);
            Webhooks.created(team, onCall.url(), "ESCALATION");
            Webhooks.created(team, everyone.url(), "CARE_TEAM");
            AlertEvent high = raise(team, AlertCondition.FEVER, Severity.HIGH);
            AlertEvent low = raise(team, AlertCondition.NO_DATA, Severity.LOW);
            awaitStored(team, high, low);

            assertThat(onCall.of(high.alertId())).isEmpty();
            roundAfter(HIGH_AFTER, onCall, high, 1);
            roundAfter(REPEAT_EVERY, onCall, high, 2);
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

            // A marker: another HIGH alert raised after the acknowledgement, reminded twice — two repeat intervals
            // after the acknowledgement, time enough for the first alert's next rounds had it not stopped.
            AlertEvent marker = raise(team, AlertCondition.TACHYCARDIA, Severity.HIGH);
            awaitStored(team, marker);
            roundAfter(HIGH_AFTER, onCall, marker, 1);
            roundAfter(REPEAT_EVERY, onCall, marker, 2);

            assertThat(onCall.of(high.alertId())).hasSize(roundsBeforeAck);
            assertThat(onCall.of(low.alertId())).isEmpty();
            JsonPath detail = given().auth().oauth2(token).when().get("/api/v1/alerts/" + high.alertId())
                    .then().extract().jsonPath();
            assertThat(detail.getList("timeline.kind").stream().filter("ESCALATION_SENT"::equals).count())
                    .isEqualTo(roundsBeforeAck);
        }
    }

    /**
     * Moves the clock by {@code wait} and waits for the alert's round {@code round} at {@code receiver}; before the
     * clock moved, that round had not gone out (the delay, not the poll, decides when a round is due).
     */
    private void roundAfter(Duration wait, LoopbackReceiver receiver, AlertEvent alert, int round) {
        assertThat(receiver.of(alert.alertId())).hasSize(round - 1);
        clock.advance(wait);
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.of(alert.alertId()).size() >= round);
    }

    /** Waits until the alerts are recorded (their first due time set), so that moving the clock moves them. */
    private static void awaitStored(String team, AlertEvent... alerts) {
        String token = AlertEvents.clinician("dr-wait", team);
        for (AlertEvent alert : alerts) {
            await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(token)
                    .when().get("/api/v1/alerts/" + alert.alertId()).statusCode() == 200);
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
        policy(team, List.of());
        double before = unreachable("no_on_call_contact");
        try (LoopbackReceiver everyone = new LoopbackReceiver()) {
            Webhooks.created(team, everyone.url(), "CARE_TEAM");
            AlertEvent high = raise(team, AlertCondition.FEVER, Severity.HIGH);
            awaitStored(team, high);
            clock.advance(HIGH_AFTER);

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
        policy(team, List.of());
        double before = unreachable("nobody_paged");
        AlertEvent high = raise(team, AlertCondition.FEVER, Severity.HIGH);
        String token = AlertEvents.clinician("dr-team", team);
        awaitStored(team, high);

        clock.advance(HIGH_AFTER);
        await().atMost(Duration.ofSeconds(20)).until(() -> unreachable("nobody_paged") >= before + 1);
        clock.advance(REPEAT_EVERY);
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
        policy(team, List.of("dr-on-call"));
        List<PeriodicRounds> replicas = new ArrayList<>();
        try (LoopbackReceiver onCall = new LoopbackReceiver()) {
            Webhooks.created(team, onCall.url(), "ESCALATION");
            // Three more schedulers polling every 20 ms next to the service's own: four replicas racing.
            for (int i = 0; i < 3; i++) {
                PeriodicRounds replica = new PeriodicRounds("replica-" + i, vertx, Duration.ofMillis(20),
                        Duration.ofSeconds(30), () -> { }, scheduler::round);
                replicas.add(replica);
                replica.start();
            }
            AlertEvent alert = raise(team, AlertCondition.FEVER, Severity.CRITICAL);
            awaitStored(team, alert);
            roundAfter(HIGH_AFTER, onCall, alert, 1);
            roundAfter(REPEAT_EVERY, onCall, alert, 2);
            roundAfter(REPEAT_EVERY, onCall, alert, 3);
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
            // One timeline entry per round, rounds a repeat interval apart on the service's clock, one delivery per
            // round.
            assertThat(sent).hasSize(3).hasSize(detail.getInt("alert.escalations"));
            for (int i = 1; i < sent.size(); i++) {
                assertThat(Duration.between(Instant.parse(sent.get(i - 1)), Instant.parse(sent.get(i))))
                        .isGreaterThanOrEqualTo(REPEAT_EVERY);
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
