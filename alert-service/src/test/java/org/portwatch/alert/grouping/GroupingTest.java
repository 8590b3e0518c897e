package org.portwatch.alert.grouping;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.alerts.AlertEvents;
import org.portwatch.alert.notification.LoopbackReceiver;
import org.portwatch.alert.notification.LoopbackReceiver.Delivery;
import org.portwatch.alert.notification.webhook.Webhooks;
import org.portwatch.alert.support.TestClock;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.Severity;

/**
 * Inhibition and grouping on the real broker and database: events published to vitals.alerts, notifications read
 * where a care team's webhook receives them. While a patient's SEPSIS_RISK is open their FEVER and TACHYCARDIA are
 * linked under it and tell the team through it — in either order of arrival — until it resolves; then they notify
 * and escalate on their own. A CRITICAL child notifies anyway; a team with grouping off is notified as before.
 */
@QuarkusTest
class GroupingTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    TestClock clock;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    /** An event of the patient's episode of {@code condition} that began {@code minutesAgo}, detected now (service clock). */
    private AlertEvent event(String patientId, AlertCondition condition, int minutesAgo, AlertTransition transition,
            Severity severity) {
        Instant now = clock.instant();
        return AlertEvents.event(patientId, condition, now.minus(Duration.ofMinutes(minutesAgo)).truncatedTo(ChronoUnit.SECONDS),
                transition, severity, now);
    }

    private static AlertEvent next(AlertEvent first, AlertTransition transition, Severity severity) {
        return AlertEvents.event(first.patientId(), first.condition(), first.episodeStart(), transition, severity,
                first.detectedAt());
    }

    private static List<Delivery> ofType(LoopbackReceiver receiver, AlertEvent alert, String type) {
        return receiver.of(alert.alertId()).stream().filter(d -> d.type().equals(type)).toList();
    }

    private static List<String> group(Delivery delivery) {
        JsonNode group = delivery.data().path("group");
        return StreamSupport.stream(group.spliterator(), false).map(m -> m.path("condition").asText()).sorted().toList();
    }

    private static JsonPath detail(String token, AlertEvent alert) {
        return given().auth().oauth2(token).when().get("/api/v1/alerts/" + alert.alertId()).then().statusCode(200)
                .extract().jsonPath();
    }

    /**
     * Children raised before the parent are linked when it is recorded and stop escalating on their own (the parent
     * pages); a clinician's resolution of the parent releases them: each is notified again and escalates from then.
     */
    @Test
    void shouldGroupEarlierChildrenUnderSepsisAndReleaseThemToNotifyAndEscalateWhenItIsResolved() throws Exception {
        String team = AlertEvents.team();
        String patient = AlertEvents.enrol(team);
        String token = AlertEvents.clinician("dr-group", team);
        try (LoopbackReceiver everyone = new LoopbackReceiver(); LoopbackReceiver onCall = new LoopbackReceiver()) {
            Webhooks.created(team, everyone.url(), "CARE_TEAM");
            Webhooks.created(team, onCall.url(), "ESCALATION");
            AlertEvent fever = event(patient, AlertCondition.FEVER, 30, AlertTransition.RAISED, Severity.MEDIUM);
            AlertEvent tachycardia = event(patient, AlertCondition.TACHYCARDIA, 20, AlertTransition.RAISED,
                    Severity.MEDIUM);
            AlertEvent sepsis = event(patient, AlertCondition.SEPSIS_RISK, 10, AlertTransition.RAISED, Severity.CRITICAL);
            AlertEvents.publish(fever, tachycardia, sepsis);

            await().atMost(WAIT).until(() -> ofType(everyone, sepsis, "alert.raised").size() == 1);
            assertThat(group(ofType(everyone, sepsis, "alert.raised").get(0))).containsExactly("FEVER", "TACHYCARDIA");
            await().atMost(WAIT).until(() -> ofType(everyone, fever, "alert.raised").size() == 1
                    && ofType(everyone, tachycardia, "alert.raised").size() == 1);
            assertThat(detail(token, fever).getString("alert.groupedUnder")).isEqualTo(sepsis.alertId());
            assertThat(detail(token, fever).getList("timeline.kind")).contains("GROUPED");
            assertThat(detail(token, sepsis).getList("grouped.alertId"))
                    .containsExactlyInAnyOrder(fever.alertId(), tachycardia.alertId());
            given().auth().oauth2(token).queryParam("patientId", patient).when().get("/api/v1/alerts").then()
                    .body("items.find { it.alertId == '" + tachycardia.alertId() + "' }.groupedUnder",
                            equalTo(sepsis.alertId()));

            // Past every first escalation (CRITICAL 5, MEDIUM 15 minutes): on-call is paged for the parent only.
            clock.advance(Duration.ofMinutes(16));
            await().atMost(WAIT).until(() -> !ofType(onCall, sepsis, "alert.unacknowledged").isEmpty());
            assertThat(detail(token, fever).getInt("alert.escalations")).isZero();
            assertThat(onCall.of(fever.alertId())).isEmpty();

            given().auth().oauth2(token).contentType(ContentType.JSON).body("{}")
                    .when().post("/api/v1/alerts/" + sepsis.alertId() + "/resolve").then().statusCode(200);
            await().atMost(WAIT).until(() -> ofType(everyone, fever, "alert.raised").size() == 2
                    && ofType(everyone, tachycardia, "alert.raised").size() == 2);
            assertThat(ofType(everyone, fever, "alert.raised").get(1).data().path("reason").asText())
                    .isEqualTo("UNGROUPED");
            JsonPath released = detail(token, fever);
            assertThat(released.getString("alert.groupedUnder")).isNull();
            assertThat(released.getList("timeline.kind")).contains("UNGROUPED");

            // The released fever escalates on its own, counted from its release.
            clock.advance(Duration.ofMinutes(16));
            await().atMost(WAIT).until(() -> !ofType(onCall, fever, "alert.unacknowledged").isEmpty());
        }
    }

    /**
     * A snoozed SEPSIS_RISK is quiet for its group too: a member joining sends no update (nor anything of its own), and
     * the notification at the snooze's end lists the group as it is then.
     */
    @Test
    void shouldSendNoGroupUpdateWhileTheParentIsSnoozedAndListTheGroupWhenTheSnoozeEnds() throws Exception {
        String team = AlertEvents.team();
        String patient = AlertEvents.enrol(team);
        String token = AlertEvents.clinician("dr-group", team);
        try (LoopbackReceiver everyone = new LoopbackReceiver()) {
            Webhooks.created(team, everyone.url(), "CARE_TEAM");
            AlertEvent sepsis = event(patient, AlertCondition.SEPSIS_RISK, 10, AlertTransition.RAISED, Severity.CRITICAL);
            AlertEvents.publish(sepsis);
            await().atMost(WAIT).until(() -> ofType(everyone, sepsis, "alert.raised").size() == 1);
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("duration", "PT30M", "reason", "with the patient"))
                    .when().post("/api/v1/alerts/" + sepsis.alertId() + "/snooze").then().statusCode(200);

            AlertEvent fever = event(patient, AlertCondition.FEVER, 5, AlertTransition.RAISED, Severity.HIGH);
            AlertEvents.publish(fever);
            await().atMost(WAIT).until(() -> detail(token, sepsis).getList("timeline.kind").contains("GROUP_CHANGED"));
            assertThat(detail(token, fever).getString("alert.groupedUnder")).isEqualTo(sepsis.alertId());

            // Past the snooze: the next delivery of the parent is the snooze's end (the outbox keeps an alert's
            // notifications in order, so an update queued at the join would have come first), listing the fever.
            clock.advance(Duration.ofMinutes(31));
            await().atMost(WAIT).until(() -> everyone.of(sepsis.alertId()).size() >= 2);
            Delivery ended = everyone.of(sepsis.alertId()).get(1);
            assertThat(ended.data().path("reason").asText()).isEqualTo("SNOOZE_ENDED");
            assertThat(group(ended)).containsExactly("FEVER");
            assertThat(ofType(everyone, sepsis, "alert.group.updated")).isEmpty();
            assertThat(everyone.of(fever.alertId())).isEmpty();
        }
    }

    /**
     * A child raised while the parent is open joins at once: it sends nothing of its own — not its raise, its
     * escalation nor its resolution — and the parent's notification is updated as it joins and leaves, once each
     * however often the topic delivers the events. The detector resolving the parent releases a child still open.
     */
    @Test
    void shouldLinkALaterChildAtOnceAndUpdateTheParentsNotificationInsteadOfTheChilds() throws Exception {
        String team = AlertEvents.team();
        String patient = AlertEvents.enrol(team);
        String token = AlertEvents.clinician("dr-group", team);
        try (LoopbackReceiver everyone = new LoopbackReceiver()) {
            Webhooks.created(team, everyone.url(), "CARE_TEAM");
            AlertEvent sepsis = event(patient, AlertCondition.SEPSIS_RISK, 10, AlertTransition.RAISED, Severity.CRITICAL);
            AlertEvents.publish(sepsis);
            await().atMost(WAIT).until(() -> ofType(everyone, sepsis, "alert.raised").size() == 1);
            assertThat(ofType(everyone, sepsis, "alert.raised").get(0).data().has("group")).isFalse();

            AlertEvent fever = event(patient, AlertCondition.FEVER, 30, AlertTransition.RAISED, Severity.MEDIUM);
            AlertEvent feverHigh = next(fever, AlertTransition.ESCALATED, Severity.HIGH);
            AlertEvent feverOver = next(fever, AlertTransition.RESOLVED, Severity.HIGH);
            AlertEvent tachycardia = event(patient, AlertCondition.TACHYCARDIA, 20, AlertTransition.RAISED,
                    Severity.MEDIUM);
            AlertEvents.publish(fever, fever, feverHigh, feverHigh, feverOver, feverOver, tachycardia, tachycardia);
            await().atMost(WAIT).until(() -> ofType(everyone, sepsis, "alert.group.updated").size() == 3);
            List<Delivery> updates = ofType(everyone, sepsis, "alert.group.updated");
            assertThat(group(updates.get(0))).containsExactly("FEVER");
            assertThat(group(updates.get(1))).isEmpty();
            assertThat(group(updates.get(2))).containsExactly("TACHYCARDIA");
            assertThat(updates).extracting(Delivery::id).doesNotHaveDuplicates();
            assertThat(everyone.of(fever.alertId())).isEmpty();
            assertThat(everyone.of(tachycardia.alertId())).isEmpty();
            JsonPath resolvedFever = detail(token, fever);
            assertThat(resolvedFever.getString("alert.status")).isEqualTo("RESOLVED");
            assertThat(resolvedFever.getString("alert.severity")).isEqualTo("HIGH");
            assertThat(resolvedFever.getString("alert.groupedUnder")).isEqualTo(sepsis.alertId());

            AlertEvents.publish(next(sepsis, AlertTransition.RESOLVED, Severity.CRITICAL));
            await().atMost(WAIT).until(() -> ofType(everyone, tachycardia, "alert.raised").size() == 1
                    && ofType(everyone, sepsis, "alert.resolved").size() == 1);
            assertThat(ofType(everyone, tachycardia, "alert.raised").get(0).data().path("reason").asText())
                    .isEqualTo("UNGROUPED");
            assertThat(detail(token, tachycardia).getString("alert.groupedUnder")).isNull();
            assertThat(detail(token, sepsis).getList("grouped.alertId")).containsExactly(fever.alertId());
            String metrics = given().when().get("/q/metrics").then().extract().asString();
            assertThat(metrics).contains("portwatch_grouping_notifications_inhibited_total{condition=\"FEVER\"}")
                    .contains("portwatch_grouping_groups_formed_total");
        }
    }

    /**
     * A child that is CRITICAL, or escalates to it, notifies on its own although grouped, and says why; a clinician's
     * resolution of a grouped child updates the group.
     */
    @Test
    void shouldNotifyACriticalChildAnywayAndSaySo() throws Exception {
        String team = AlertEvents.team();
        String patient = AlertEvents.enrol(team);
        try (LoopbackReceiver everyone = new LoopbackReceiver()) {
            Webhooks.created(team, everyone.url(), "CARE_TEAM");
            AlertEvent sepsis = event(patient, AlertCondition.SEPSIS_RISK, 10, AlertTransition.RAISED, Severity.CRITICAL);
            AlertEvent tachycardia = event(patient, AlertCondition.TACHYCARDIA, 20, AlertTransition.RAISED, Severity.HIGH);
            AlertEvent tachycardiaCritical = next(tachycardia, AlertTransition.ESCALATED, Severity.CRITICAL);
            AlertEvent fever = event(patient, AlertCondition.FEVER, 30, AlertTransition.RAISED, Severity.CRITICAL);
            AlertEvents.publish(sepsis, tachycardia, tachycardiaCritical, fever);

            await().atMost(WAIT).until(() -> ofType(everyone, sepsis, "alert.group.updated").size() == 2
                    && ofType(everyone, tachycardia, "alert.escalated").size() == 1
                    && ofType(everyone, fever, "alert.raised").size() == 1);
            assertThat(ofType(everyone, tachycardia, "alert.raised")).isEmpty();
            assertThat(ofType(everyone, tachycardia, "alert.escalated").get(0).data().path("reason").asText())
                    .isEqualTo("ABOVE_GROUP");
            assertThat(ofType(everyone, fever, "alert.raised").get(0).data().path("reason").asText())
                    .isEqualTo("ABOVE_GROUP");
            assertThat(group(ofType(everyone, sepsis, "alert.group.updated").get(1)))
                    .containsExactly("FEVER", "TACHYCARDIA");

            // A clinician resolving a grouped alert: the team hears it, and the group is updated without it.
            given().auth().oauth2(AlertEvents.clinician("dr-group", team)).contentType(ContentType.JSON).body("{}")
                    .when().post("/api/v1/alerts/" + fever.alertId() + "/resolve").then().statusCode(200);
            await().atMost(WAIT).until(() -> ofType(everyone, sepsis, "alert.group.updated").size() == 3);
            assertThat(group(ofType(everyone, sepsis, "alert.group.updated").get(2))).containsExactly("TACHYCARDIA");
            assertThat(ofType(everyone, fever, "alert.resolved")).hasSize(1);
        }
    }

    /**
     * A team that switches grouping off is notified of every alert on its own, as before grouping; switching it off
     * releases the team's groups open now. The setting is an administrator's, validated, and per team.
     */
    @Test
    void shouldNotifyEveryAlertOnItsOwnWhenTheTeamSwitchedGroupingOff() throws Exception {
        String team = AlertEvents.team();
        String patient = AlertEvents.enrol(team);
        String token = AlertEvents.clinician("dr-group", team);
        given().auth().oauth2(AlertEvents.admin()).when().get("/api/v1/care-teams/" + team + "/grouping")
                .then().statusCode(200).body("enabled", equalTo(true)).body("teamSetting", equalTo(false));
        given().auth().oauth2(AlertEvents.admin()).contentType(ContentType.JSON).body("{}")
                .when().put("/api/v1/care-teams/" + team + "/grouping")
                .then().statusCode(422).contentType(AlertEvents.PROBLEM_JSON).body("errors.field", hasItem("enabled"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("enabled", false))
                .when().put("/api/v1/care-teams/" + team + "/grouping").then().statusCode(403);
        try (LoopbackReceiver everyone = new LoopbackReceiver()) {
            Webhooks.created(team, everyone.url(), "CARE_TEAM");
            AlertEvent sepsis = event(patient, AlertCondition.SEPSIS_RISK, 10, AlertTransition.RAISED, Severity.CRITICAL);
            AlertEvent fever = event(patient, AlertCondition.FEVER, 30, AlertTransition.RAISED, Severity.MEDIUM);
            AlertEvents.publish(sepsis, fever);
            await().atMost(WAIT).until(() -> ofType(everyone, sepsis, "alert.group.updated").size() == 1);
            assertThat(everyone.of(fever.alertId())).isEmpty();

            given().auth().oauth2(AlertEvents.admin()).contentType(ContentType.JSON).body(Map.of("enabled", false))
                    .when().put("/api/v1/care-teams/" + team + "/grouping")
                    .then().statusCode(200).body("enabled", equalTo(false)).body("teamSetting", equalTo(true));
            await().atMost(WAIT).until(() -> ofType(everyone, fever, "alert.raised").size() == 1);
            assertThat(ofType(everyone, fever, "alert.raised").get(0).data().path("reason").asText())
                    .isEqualTo("UNGROUPED");
            assertThat(detail(token, fever).getString("alert.groupedUnder")).isNull();

            AlertEvent tachycardia = event(patient, AlertCondition.TACHYCARDIA, 20, AlertTransition.RAISED,
                    Severity.MEDIUM);
            AlertEvents.publish(tachycardia);
            await().atMost(WAIT).until(() -> ofType(everyone, tachycardia, "alert.raised").size() == 1);
            assertThat(ofType(everyone, tachycardia, "alert.raised").get(0).data().has("reason")).isFalse();
            assertThat(detail(token, tachycardia).getString("alert.groupedUnder")).isNull();
            assertThat(ofType(everyone, sepsis, "alert.group.updated")).hasSize(1);
        }
    }
}
