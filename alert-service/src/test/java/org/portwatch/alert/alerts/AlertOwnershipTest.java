package org.portwatch.alert.alerts;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.feed.SseClient;
import org.portwatch.alert.notification.LoopbackReceiver;
import org.portwatch.alert.notification.webhook.Webhooks;
import org.portwatch.alert.support.FastRounds;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.Json;
import org.portwatch.model.Severity;

/**
 * Every alert has an owner who can see it (docs/clinical-rules.md revision 2), on the real broker and database: alerts of
 * patients not yet enrolled are kept for administrators and handed over at enrollment, open alerts follow a patient
 * to another care team, a discharge resolves them, and a clinician's resolution is final for that alert only.
 * Fast rounds, as in the escalation test (one application start for both): delays in seconds stand for minutes.
 */
@QuarkusTest
@TestProfile(FastRounds.class)
class AlertOwnershipTest {

    @TestHTTPResource("/api/v1/alerts/stream")
    URL stream;

    @Inject
    Pool pool;

    private static void fastPolicy(String team) {
        given().auth().oauth2(AlertEvents.admin()).contentType(ContentType.JSON)
                .body(Map.of("highAfter", "PT1S", "mediumAfter", "PT1S", "repeatEvery", "PT1S",
                        "contacts", List.of("dr-on-call")))
                .when().put("/api/v1/care-teams/" + team + "/escalation-policy").then().statusCode(200);
    }

    private static String unenrolledPatient() {
        return "patient-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void putProfile(String patientId, String careTeamId, boolean monitoring, int status) {
        given().auth().oauth2(AlertEvents.admin()).contentType(ContentType.JSON)
                .body(Map.of("displayName", "Jane Doe (bed 12)", "careTeamId", careTeamId, "portSite", "CHEST",
                        "monitoring", monitoring))
                .when().put("/api/v1/patients/" + patientId).then().statusCode(status);
    }

    private static JsonPath detail(String token, String alertId) {
        return given().auth().oauth2(token).when().get("/api/v1/alerts/" + alertId)
                .then().statusCode(200).extract().jsonPath();
    }

    /** The timeline without the escalation rounds, which the fast policy adds every second. */
    private static List<String> events(JsonPath detail) {
        return detail.<String>getList("timeline.kind").stream().filter(kind -> !kind.equals("ESCALATION_SENT"))
                .toList();
    }

    private static JsonPath unassigned(String patientId) {
        return given().auth().oauth2(AlertEvents.admin()).queryParam("patientId", patientId)
                .when().get("/api/v1/alerts/unassigned").then().statusCode(200).extract().jsonPath();
    }

    /** The value of the series starting with {@code prefix} (name and first label; label order is the registry's). */
    private static double metric(String prefix) {
        return body().lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static String body() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static AlertEvent tachycardia(String patientId, Severity severity) {
        return AlertEvents.event(patientId, AlertCondition.TACHYCARDIA,
                Instant.now().minus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS), AlertTransition.RAISED,
                severity, Instant.now());
    }

    private static List<JsonNode> feedEvents(SseClient client) {
        return client.alerts().stream().map(event -> {
            try {
                return Json.mapper().readTree(event.data());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private long outboxRows(String notificationId) {
        return pool.preparedQuery("SELECT count(*) AS n FROM notification_outbox WHERE notification_id = $1")
                .execute(Tuple.of(notificationId)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong("n");
    }

    @Test
    void shouldKeepAnAlertOfAPatientWithoutProfileForAdministratorsOnlyAndCountIt() {
        String patientId = unenrolledPatient();
        String gauge = "portwatch_alerts_unassigned{severity=\"CRITICAL\"";
        double before = metric(gauge);
        AlertEvent raised = AlertEvents.raised(patientId, Severity.CRITICAL);
        AlertEvents.publish(raised);

        await().atMost(Duration.ofSeconds(20)).until(() -> unassigned(patientId).getInt("total") == 1);
        JsonPath page = unassigned(patientId);
        Map<String, Object> item = page.getMap("items[0]");
        assertThat(item).containsEntry("alertId", raised.alertId()).containsEntry("patientId", patientId)
                .containsEntry("condition", "FEVER").containsEntry("severity", "CRITICAL")
                .containsEntry("status", "OPEN").containsKeys("raisedAt", "episodeStart", "updatedAt")
                .doesNotContainKeys("patientName", "careTeamId", "evidence", "rule", "thresholds");
        given().auth().oauth2(AlertEvents.admin()).queryParam("status", "SLEEPING")
                .when().get("/api/v1/alerts/unassigned").then().statusCode(422);

        // Invisible to every clinician: not in a list, 404 by id, and the administrators' list is not theirs.
        String clinician = AlertEvents.clinician("dr-any", AlertEvents.team());
        given().auth().oauth2(clinician).when().get("/api/v1/alerts/" + raised.alertId()).then().statusCode(404);
        given().auth().oauth2(clinician).when().get("/api/v1/alerts")
                .then().statusCode(200).body("items.alertId", not(hasItem(raised.alertId())));
        given().auth().oauth2(clinician).when().get("/api/v1/alerts/unassigned").then().statusCode(403);

        await().atMost(Duration.ofSeconds(10)).until(() -> metric(gauge) >= before + 1);
        double counted = metric(gauge);
        assertThat(body().lines().filter(line -> line.startsWith("portwatch_alerts_unassigned_oldest_seconds{")))
                .as("the age of the oldest, by severity").hasSizeGreaterThanOrEqualTo(4);

        // Enrolled: the alert has an owner, and the gauge comes down.
        putProfile(patientId, AlertEvents.team(), true, 201);
        assertThat(unassigned(patientId).getInt("total")).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> metric(gauge) <= counted - 1);
    }

    @Test
    void shouldHandOverUnassignedAlertsToTheEnrollingCareTeamAndNotifyThemAsRaised() throws Exception {
        String team = AlertEvents.team();
        fastPolicy(team);
        String patientId = unenrolledPatient();
        AlertEvent raised = AlertEvents.raised(patientId, Severity.MEDIUM);
        String token = AlertEvents.clinician("dr-enrol", team);
        try (LoopbackReceiver everyone = new LoopbackReceiver(); LoopbackReceiver onCall = new LoopbackReceiver();
                SseClient feed = new SseClient(URI.create(stream.toString()), token, null)) {
            Webhooks.created(team, everyone.url(), "CARE_TEAM");
            Webhooks.created(team, onCall.url(), "ESCALATION");
            await().atMost(Duration.ofSeconds(10)).until(feed::ready);
            AlertEvents.publish(raised);
            await().atMost(Duration.ofSeconds(20)).until(() -> unassigned(patientId).getInt("total") == 1);
            given().auth().oauth2(token).when().get("/api/v1/alerts/" + raised.alertId()).then().statusCode(404);

            putProfile(patientId, team, true, 201);

            // In the enrollment's transaction: the team sees it at once, with the handover on its timeline.
            JsonPath detail = detail(token, raised.alertId());
            assertThat(detail.getString("alert.careTeamId")).isEqualTo(team);
            assertThat(detail.getString("alert.status")).isEqualTo("OPEN");
            assertThat(detail.getString("alert.patientName")).isEqualTo("Jane Doe (bed 12)");
            assertThat(events(detail)).containsExactly("RAISED", "HANDED_OVER");
            assertThat(detail.getString("timeline[1].actor")).isEqualTo("admin");

            // Notified as RAISED under a key of its own (the detector's RAISED notified nobody: it had no team).
            // One notification, by webhook-id (what a receiver deduplicates on): on a loaded machine the 1 s test
            // timeout may expire after the receiver took it, and the retry repeats the same id.
            await().atMost(Duration.ofSeconds(20)).until(() -> !everyone.of(raised.alertId()).isEmpty());
            assertThat(everyone.of(raised.alertId())).extracting(LoopbackReceiver.Delivery::id).containsOnly(
                    everyone.of(raised.alertId()).get(0).id());
            LoopbackReceiver.Delivery delivery = everyone.of(raised.alertId()).get(0);
            assertThat(delivery.type()).isEqualTo("alert.raised");
            assertThat(delivery.data().path("reason").asText()).isEqualTo("HANDED_OVER");
            assertThat(delivery.data().path("careTeamId").asText()).isEqualTo(team);
            assertThat(delivery.id()).isNotEqualTo(raised.eventId());
            assertThat(outboxRows(raised.eventId())).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> feedEvents(feed).stream().anyMatch(e ->
                    "RAISED".equals(e.path("type").asText()) && "HANDED_OVER".equals(e.path("reason").asText())
                            && raised.alertId().equals(e.path("alert").path("alertId").asText())));
            // Escalated from the handover on, to the team's on-call.
            await().atMost(Duration.ofSeconds(20)).until(() -> !onCall.of(raised.alertId()).isEmpty());

            JsonPath audit = given().auth().oauth2(AlertEvents.admin()).queryParam("targetId", raised.alertId())
                    .when().get("/api/v1/audit").then().statusCode(200).extract().jsonPath();
            assertThat(audit.getList("items.action")).contains("alert.handover");
        }
    }

    @Test
    void shouldMoveOpenAlertsWithATransferredPatientNotifyTheNewTeamAndShutTheFormerTeamOut() throws Exception {
        String former = AlertEvents.team();
        String next = AlertEvents.team();
        fastPolicy(next);
        String patientId = AlertEvents.enrol(former);
        String formerToken = AlertEvents.clinician("dr-former", former);
        String nextToken = AlertEvents.clinician("dr-next", next);
        AlertEvent fever = AlertEvents.raised(patientId, Severity.HIGH);
        AlertEvent heart = tachycardia(patientId, Severity.MEDIUM);
        try (LoopbackReceiver everyone = new LoopbackReceiver(); LoopbackReceiver onCall = new LoopbackReceiver();
                SseClient formerFeed = new SseClient(URI.create(stream.toString()), formerToken, null)) {
            Webhooks.created(next, everyone.url(), "CARE_TEAM");
            Webhooks.created(next, onCall.url(), "ESCALATION");
            await().atMost(Duration.ofSeconds(10)).until(formerFeed::ready);
            AlertEvents.publish(fever, heart);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(formerToken)
                    .when().get("/api/v1/alerts/" + heart.alertId()).then().statusCode(200));
            given().auth().oauth2(formerToken).when().post("/api/v1/alerts/" + heart.alertId() + "/acknowledge")
                    .then().statusCode(200);

            putProfile(patientId, next, true, 200);

            // At once: the former team has lost both, the new team has both, open.
            for (AlertEvent alert : List.of(fever, heart)) {
                given().auth().oauth2(formerToken).when().get("/api/v1/alerts/" + alert.alertId())
                        .then().statusCode(404);
                JsonPath detail = detail(nextToken, alert.alertId());
                assertThat(detail.getString("alert.careTeamId")).isEqualTo(next);
                assertThat(detail.getString("alert.status")).isEqualTo("OPEN");
                assertThat(events(detail)).endsWith("TRANSFERRED");
            }
            given().auth().oauth2(formerToken).queryParam("patientId", patientId).when().get("/api/v1/alerts")
                    .then().statusCode(200).body("total", equalTo(0));
            // The acknowledgement was the former team's: nobody of the new team owns the alert yet.
            assertThat(detail(nextToken, heart.alertId()).getString("alert.acknowledgedBy")).isNull();

            await().atMost(Duration.ofSeconds(20)).until(() -> everyone.of(fever.alertId()).size() == 1
                    && everyone.of(heart.alertId()).size() == 1);
            for (AlertEvent alert : List.of(fever, heart)) {
                LoopbackReceiver.Delivery delivery = everyone.of(alert.alertId()).get(0);
                assertThat(delivery.type()).isEqualTo("alert.raised");
                assertThat(delivery.data().path("reason").asText()).isEqualTo("TRANSFERRED");
            }
            // Escalation goes on, now to the new team's on-call.
            await().atMost(Duration.ofSeconds(20)).until(() -> !onCall.of(fever.alertId()).isEmpty()
                    && !onCall.of(heart.alertId()).isEmpty());
            // The former team's screens are told to drop them.
            await().atMost(Duration.ofSeconds(10)).until(() -> feedEvents(formerFeed).stream()
                    .filter(e -> "TRANSFERRED".equals(e.path("type").asText())).count() == 2);

            // The detector's next event reaches the new team.
            AlertEvents.publish(AlertEvents.next(fever, AlertTransition.RESOLVED, Severity.HIGH));
            await().atMost(Duration.ofSeconds(20)).until(() -> everyone.of(fever.alertId()).size() == 2);
            assertThat(everyone.of(fever.alertId()).get(1).type()).isEqualTo("alert.resolved");
        }
    }

    /**
     * Issue 11 at a transfer: what the former team decided about an alert is not the new team's. The snooze and the
     * assignee are dropped (escalation runs for the new team at once, not after the former team's snooze), the former
     * team's silence of the patient's NO_DATA silences nothing of the new team's, and a group is one notification:
     * the SEPSIS_RISK's, listing its member, not one per member.
     */
    @Test
    void shouldDropTheFormerTeamsSnoozeAssigneeAndSilenceAtATransferAndNotifyAGroupOnce() throws Exception {
        String former = AlertEvents.team();
        String next = AlertEvents.team();
        fastPolicy(next);
        String patientId = AlertEvents.enrol(former);
        String formerToken = AlertEvents.clinician("dr-former", former);
        String nextToken = AlertEvents.clinician("dr-next", next);
        Instant start = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        AlertEvent sepsis = AlertEvents.event(patientId, AlertCondition.SEPSIS_RISK, start, AlertTransition.RAISED,
                Severity.CRITICAL, Instant.now());
        AlertEvent fever = AlertEvents.event(patientId, AlertCondition.FEVER, start, AlertTransition.RAISED,
                Severity.HIGH, Instant.now());
        try (LoopbackReceiver everyone = new LoopbackReceiver(); LoopbackReceiver onCall = new LoopbackReceiver()) {
            Webhooks.created(next, everyone.url(), "CARE_TEAM");
            Webhooks.created(next, onCall.url(), "ESCALATION");
            AlertEvents.publish(sepsis, fever);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                    detail(formerToken, fever.alertId()).getString("alert.groupedUnder")).isEqualTo(sepsis.alertId()));
            String sepsisPath = "/api/v1/alerts/" + sepsis.alertId();
            given().auth().oauth2(formerToken).contentType(ContentType.JSON)
                    .body(Map.of("duration", "PT30M", "reason", "in the shower")).when().post(sepsisPath + "/snooze")
                    .then().statusCode(200);
            given().auth().oauth2(formerToken).contentType(ContentType.JSON).body(Map.of("assignee", "dr-former"))
                    .when().put(sepsisPath + "/assignee").then().statusCode(200);
            given().auth().oauth2(formerToken).contentType(ContentType.JSON)
                    .body(Map.of("duration", "PT24H", "reason", "device charging"))
                    .when().post("/api/v1/patients/" + patientId + "/silences").then().statusCode(201);
            JsonPath before = detail(formerToken, sepsis.alertId());
            assertThat(before.getString("alert.snoozedUntil")).isNotNull();
            assertThat(before.getString("alert.assignee")).isEqualTo("dr-former");

            putProfile(patientId, next, true, 200);

            JsonPath moved = detail(nextToken, sepsis.alertId());
            assertThat(moved.getString("alert.careTeamId")).isEqualTo(next);
            assertThat(moved.getString("alert.snoozedUntil")).isNull();
            assertThat(moved.getString("alert.assignee")).isNull();
            assertThat(moved.getList("timeline.detail", String.class))
                    .anyMatch(detail -> detail != null && detail.contains("the snooze by dr-former no longer holds"));
            assertThat(detail(nextToken, fever.alertId()).getString("alert.groupedUnder")).isEqualTo(sepsis.alertId());

            // One notification for the group: the parent's, listing the fever; none of the fever's own.
            await().atMost(Duration.ofSeconds(20)).until(() -> everyone.of(sepsis.alertId()).size() == 1);
            LoopbackReceiver.Delivery told = everyone.of(sepsis.alertId()).get(0);
            assertThat(told.data().path("reason").asText()).isEqualTo("TRANSFERRED");
            assertThat(told.data().path("group").findValuesAsText("alertId")).containsExactly(fever.alertId());
            // Not snoozed any more: the new team's escalation runs (the former team's snooze had 30 minutes left).
            await().atMost(Duration.ofSeconds(20)).until(() -> !onCall.of(sepsis.alertId()).isEmpty());
            assertThat(everyone.of(fever.alertId())).as("a grouped member's own notification").isEmpty();

            // The former team's silence: the new team hears of the patient's NO_DATA.
            AlertEvent noData = AlertEvents.event(patientId, AlertCondition.NO_DATA, Instant.now()
                    .minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS), AlertTransition.RAISED, Severity.LOW,
                    Instant.now());
            AlertEvents.publish(noData);
            await().atMost(Duration.ofSeconds(20)).until(() -> everyone.of(noData.alertId()).size() == 1);
            assertThat(detail(nextToken, noData.alertId()).getString("alert.snoozedUntil")).isNull();
        }
    }

    @Test
    void shouldResolveEveryOpenAlertAtDischargeStopEscalatingAndKeepTheDetectorsLaterResolutionAsHistory()
            throws Exception {
        String team = AlertEvents.team();
        fastPolicy(team);
        String patientId = AlertEvents.enrol(team);
        String token = AlertEvents.clinician("dr-discharge", team);
        AlertEvent raised = AlertEvents.raised(patientId, Severity.HIGH);
        try (LoopbackReceiver everyone = new LoopbackReceiver(); LoopbackReceiver onCall = new LoopbackReceiver();
                SseClient feed = new SseClient(URI.create(stream.toString()), token, null)) {
            Webhooks.created(team, everyone.url(), "CARE_TEAM");
            Webhooks.created(team, onCall.url(), "ESCALATION");
            await().atMost(Duration.ofSeconds(10)).until(feed::ready);
            AlertEvents.publish(raised);
            await().atMost(Duration.ofSeconds(20)).until(() -> !onCall.of(raised.alertId()).isEmpty());

            given().auth().oauth2(AlertEvents.admin()).when().delete("/api/v1/patients/" + patientId)
                    .then().statusCode(204);

            JsonPath detail = detail(token, raised.alertId());
            assertThat(detail.getString("alert.status")).isEqualTo("RESOLVED");
            assertThat(detail.getString("alert.resolution")).isEqualTo("DISCHARGED");
            assertThat(detail.getString("alert.resolvedBy")).isEqualTo("admin");
            int rounds = detail.getInt("alert.escalations");
            await().atMost(Duration.ofSeconds(10)).until(() -> feedEvents(feed).stream().anyMatch(e ->
                    "RESOLVED".equals(e.path("type").asText())
                            && raised.alertId().equals(e.path("alert").path("alertId").asText())));
            await().atMost(Duration.ofSeconds(20)).until(() -> everyone.of(raised.alertId()).stream()
                    .anyMatch(d -> d.type().equals("alert.resolved")));

            // The detector resolves its open alert when it reads the tombstone: history, nobody told twice.
            AlertEvent discharged = new AlertEvent(
                    AlertEvent.eventId(raised.alertId(), AlertTransition.RESOLVED, Severity.HIGH), raised.alertId(),
                    patientId, raised.condition(), Severity.HIGH, AlertTransition.RESOLVED, raised.episodeStart(),
                    Instant.now().truncatedTo(ChronoUnit.MICROS), false, "Discharged: monitoring ended", Map.of(),
                    List.of(), null, null);
            AlertEvents.publish(discharged);
            await().atMost(Duration.ofSeconds(20)).until(() -> detail(token, raised.alertId())
                    .getList("timeline.detail").contains("Discharged: monitoring ended"));
            assertThat(outboxRows(discharged.eventId())).isZero();
            assertThat(detail(token, raised.alertId()).getString("alert.resolution")).isEqualTo("DISCHARGED");

            // A marker alert of the same team, reminded twice: time enough for another round of the discharged one.
            AlertEvent marker = AlertEvents.raised(AlertEvents.enrol(team), Severity.HIGH);
            AlertEvents.publish(marker);
            await().atMost(Duration.ofSeconds(20)).until(() -> onCall.of(marker.alertId()).size() >= 2);
            assertThat(onCall.of(raised.alertId())).hasSize(rounds);
            assertThat(detail(token, raised.alertId()).getInt("alert.escalations")).isEqualTo(rounds);
            assertThat(everyone.countByType(raised.alertId())).containsEntry("alert.resolved", 1L);

            JsonPath audit = given().auth().oauth2(AlertEvents.admin()).queryParam("targetId", raised.alertId())
                    .when().get("/api/v1/audit").then().statusCode(200).extract().jsonPath();
            assertThat(audit.getList("items.action")).contains("alert.discharge");
        }
    }

    @Test
    void shouldResolveOpenAlertsAsDischargedWhenMonitoringIsSwitchedOff() {
        String team = AlertEvents.team();
        String patientId = AlertEvents.enrol(team);
        String token = AlertEvents.clinician("dr-off", team);
        AlertEvent raised = AlertEvents.raised(patientId, Severity.MEDIUM);
        AlertEvents.publish(raised);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token)
                .when().get("/api/v1/alerts/" + raised.alertId()).then().statusCode(200));

        putProfile(patientId, team, false, 200);

        JsonPath detail = detail(token, raised.alertId());
        assertThat(detail.getString("alert.status")).isEqualTo("RESOLVED");
        assertThat(detail.getString("alert.resolution")).isEqualTo("DISCHARGED");
        assertThat(detail.getList("timeline.kind")).containsExactly("RAISED", "RESOLVED");
    }

    @Test
    void shouldRaiseANewAlertWhenTheSeverityRisesAfterAClinicianResolvedItAndRecordRedeliveriesOnce()
            throws Exception {
        String team = AlertEvents.team();
        String patientId = AlertEvents.enrol(team);
        String token = AlertEvents.clinician("dr-resolve", team);
        AlertEvent raised = AlertEvents.raised(patientId, Severity.MEDIUM);
        try (LoopbackReceiver everyone = new LoopbackReceiver(); LoopbackReceiver onCall = new LoopbackReceiver()) {
            Webhooks.created(team, everyone.url(), "CARE_TEAM");
            Webhooks.created(team, onCall.url(), "ESCALATION");
            AlertEvents.publish(raised);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token)
                    .when().get("/api/v1/alerts/" + raised.alertId()).then().statusCode(200));
            given().auth().oauth2(token).when().post("/api/v1/alerts/" + raised.alertId() + "/resolve")
                    .then().statusCode(200);
            // From now on on-call is paged within a second of an unacknowledged alert.
            fastPolicy(team);

            // The detector still sees the episode, now HIGH: delivered twice, as a redelivery would.
            AlertEvent escalated = AlertEvents.next(raised, AlertTransition.ESCALATED, Severity.HIGH);
            AlertEvents.publish(escalated, escalated);
            String reraisedId = UUID.nameUUIDFromBytes((raised.alertId() + "|reraised|HIGH")
                    .getBytes(StandardCharsets.UTF_8)).toString();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token)
                    .when().get("/api/v1/alerts/" + reraisedId).then().statusCode(200));

            JsonPath next = detail(token, reraisedId);
            assertThat(next.getString("alert.status")).isEqualTo("OPEN");
            assertThat(next.getString("alert.severity")).isEqualTo("HIGH");
            assertThat(next.getString("alert.careTeamId")).isEqualTo(team);
            assertThat(events(next)).containsExactly("RAISED");
            JsonPath old = detail(token, raised.alertId());
            assertThat(old.getString("alert.status")).isEqualTo("RESOLVED");
            assertThat(old.getString("alert.resolution")).isEqualTo("CLINICIAN");
            assertThat(old.getString("alert.severity")).isEqualTo("MEDIUM");
            assertThat(old.getString("alert.supersededBy")).isEqualTo(reraisedId);
            assertThat(old.getList("timeline.kind")).containsExactly("RAISED", "RESOLVED", "SUPERSEDED");

            // Notified as RAISED under the detector's eventId, and escalated like any new alert.
            await().atMost(Duration.ofSeconds(20)).until(() -> everyone.of(reraisedId).size() == 1);
            LoopbackReceiver.Delivery delivery = everyone.of(reraisedId).get(0);
            assertThat(delivery.type()).isEqualTo("alert.raised");
            assertThat(delivery.id()).isEqualTo(escalated.eventId());
            assertThat(delivery.data().path("reason").asText()).isEqualTo("RERAISED");
            await().atMost(Duration.ofSeconds(20)).until(() -> !onCall.of(reraisedId).isEmpty());

            // The detector resolves the episode under the old alertId: the new alert resolves.
            AlertEvent resolved = AlertEvents.next(raised, AlertTransition.RESOLVED, Severity.HIGH);
            AlertEvents.publish(resolved);
            await().atMost(Duration.ofSeconds(20)).until(() -> "RESOLVED".equals(
                    detail(token, reraisedId).getString("alert.status")));
            assertThat(detail(token, reraisedId).getString("alert.resolution")).isEqualTo("DETECTOR");
            await().atMost(Duration.ofSeconds(20)).until(() -> everyone.of(reraisedId).size() == 2);

            // Everything once more, then a marker on the same partition: when the marker is in, so are they.
            AlertEvent marker = tachycardia(patientId, Severity.MEDIUM);
            AlertEvents.publish(escalated, resolved, marker);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token)
                    .when().get("/api/v1/alerts/" + marker.alertId()).then().statusCode(200));
            assertThat(events(detail(token, reraisedId))).containsExactly("RAISED", "RESOLVED");
            assertThat(detail(token, raised.alertId()).getList("timeline.kind"))
                    .containsExactly("RAISED", "RESOLVED", "SUPERSEDED");
            given().auth().oauth2(token).queryParam("patientId", patientId).queryParam("severity", "MEDIUM")
                    .queryParam("severity", "HIGH").when().get("/api/v1/alerts").then().statusCode(200)
                    .body("total", equalTo(3));
            await().atMost(Duration.ofSeconds(20)).until(() -> everyone.of(marker.alertId()).size() == 1);
            Map<String, Long> notified = new HashMap<>(everyone.countByType(reraisedId));
            assertThat(notified).isEqualTo(Map.of("alert.raised", 1L, "alert.resolved", 1L));
            assertThat(everyone.countByType(raised.alertId())).isEqualTo(Map.of("alert.raised", 1L,
                    "alert.resolved", 1L));
        }
    }
}
