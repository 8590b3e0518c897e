package org.portwatch.alert.assignment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.alerts.AlertEvents;
import org.portwatch.alert.feed.SseClient;
import org.portwatch.alert.notification.push.PushApi;
import org.portwatch.alert.notification.push.PushServiceStandIn;
import org.portwatch.alert.notification.push.PushServiceStandIn.Device;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.Json;
import org.portwatch.model.Severity;

/**
 * Assign, reassign, unassign and the comment thread, through the API as the dashboard calls it: what changes, who is
 * told (the assignee alone, once per assignment, on their own device), what the team's feed and the alert's detail
 * show, and that bad input, another team's alert or a resolved one change nothing.
 */
@QuarkusTest
class AssignmentTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static PushServiceStandIn pushService;

    @Inject
    Pool pool;

    @TestHTTPResource("/api/v1/alerts/stream")
    URL stream;

    @BeforeAll
    static void start() {
        pushService = PushServiceStandIn.start();
    }

    @AfterAll
    static void stop() {
        pushService.close();
    }

    /** An OPEN HIGH alert of a new patient of {@code team}, stored. */
    private static String openAlert(String team) {
        AlertEvent raised = AlertEvents.raised(AlertEvents.enrol(team), Severity.HIGH);
        AlertEvents.publish(raised);
        String token = AlertEvents.clinician("dr-wait", team);
        await().atMost(WAIT).until(() -> given().auth().oauth2(token).when().get("/api/v1/alerts/" + raised.alertId())
                .statusCode() == 200);
        return raised.alertId();
    }

    /** A browser of {@code subject} subscribed to {@code team}'s alerts. */
    private static Device device(String subject, String team) {
        Device device = pushService.newDevice(PushApi.vapidPublicKey());
        PushApi.subscribed(subject, device.subscriptionJson(), team);
        return device;
    }

    /** The notifications (decrypted) that reached {@code device}. */
    private static List<JsonNode> pushed(Device device) {
        List<JsonNode> payloads = new ArrayList<>();
        for (PushServiceStandIn.Received received : pushService.received(device)) {
            try {
                payloads.add(Json.mapper().readTree(received.plaintext()));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return payloads;
    }

    private static List<JsonNode> pushed(Device device, String type, String alertId) {
        return pushed(device).stream().filter(n -> type.equals(n.path("type").asText())
                && alertId.equals(n.path("alertId").asText())).toList();
    }

    private static io.restassured.response.Response put(String token, String alertId, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().put("/api/v1/alerts/" + alertId + "/assignee");
    }

    private static JsonPath detail(String token, String alertId) {
        return given().auth().oauth2(token).when().get("/api/v1/alerts/" + alertId).then().statusCode(200)
                .extract().jsonPath();
    }

    private static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double counter(String metrics, String name, String tag) {
        return metrics.lines().filter(line -> line.startsWith(name + (tag == null ? " " : "{"))
                        && (tag == null || line.contains(tag)))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow();
    }

    /** assigned, reassigned and unassigned, in this order, from one scrape. */
    private static double[] assignments() {
        String metrics = metrics();
        return java.util.stream.Stream.of("assigned", "reassigned", "unassigned")
                .mapToDouble(action -> counter(metrics, "portwatch_alerts_assignments_total", "action=\"" + action + "\""))
                .toArray();
    }

    private long outboxRows(String alertId, String type) {
        return pool.preparedQuery("SELECT count(*) AS n FROM alerts.notification_outbox WHERE (payload ->> 'alertId') = $1"
                        + " AND (payload ->> 'type') = $2")
                .execute(Tuple.of(alertId, type)).await().atMost(WAIT).iterator().next().getLong("n");
    }

    private List<Row> audit(String alertId, String action) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery("SELECT actor, CAST(details AS text) AS details FROM alerts.audit_entry"
                        + " WHERE action = $1 AND target_id = $2 ORDER BY id")
                .execute(Tuple.of(action, alertId)).await().atMost(WAIT).forEach(rows::add);
        return rows;
    }

    @Test
    void shouldAssignReassignAndUnassignTellingOnlyTheAssigneeOncePerAssignment() {
        String team = AlertEvents.team();
        String alertId = openAlert(team);
        String caller = AlertEvents.clinician("dr-charge", team);
        Device nurse = device("nurse-kim", team);
        Device doctor = device("dr-lee", team);
        double[] before = assignments();

        JsonPath assigned = put(caller, alertId, Map.of("assignee", "nurse-kim")).then().statusCode(200)
                .extract().jsonPath();
        assertThat(assigned.getString("assignee")).isEqualTo("nurse-kim");
        JsonPath shown = detail(caller, alertId);
        assertThat(shown.getString("alert.assignee")).isEqualTo("nurse-kim");
        assertThat(shown.getList("timeline.kind")).contains("ASSIGNED");
        assertThat(given().auth().oauth2(caller).when().get("/api/v1/alerts").then().statusCode(200).extract()
                .jsonPath().getList("items.findAll { it.alertId == '" + alertId + "' }.assignee"))
                .containsExactly("nurse-kim");

        // The assignee's device is told, with no more of the patient than other notifications carry (initials).
        await().atMost(WAIT).until(() -> pushed(nurse, "alert.assigned", alertId).size() == 1);
        JsonNode told = pushed(nurse, "alert.assigned", alertId).get(0);
        assertThat(told.path("patientLabel").asText()).isEqualTo("J.D.");
        // No reading's value: looked for with the timestamps taken out, which may hold the digits (":38.975Z").
        assertThat(told.toString().replaceAll("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z", "<time>"))
                .doesNotContain("Jane").doesNotContain("bed 12").doesNotContain("38.");

        // The same assignee again: nothing changes, nobody is told again.
        assertThat(put(caller, alertId, Map.of("assignee", "nurse-kim")).then().statusCode(200).extract()
                .jsonPath().getString("assignedAt")).isEqualTo(assigned.getString("assignedAt"));
        assertThat(outboxRows(alertId, "alert.assigned")).isEqualTo(1);

        // Reassigned: the new assignee is told; the former one is not told again.
        put(caller, alertId, Map.of("assignee", "dr-lee")).then().statusCode(200);
        await().atMost(WAIT).until(() -> pushed(doctor, "alert.assigned", alertId).size() == 1);
        assertThat(pushed(nurse, "alert.assigned", alertId)).hasSize(1);
        assertThat(outboxRows(alertId, "alert.assigned")).isEqualTo(2);

        // Unassigned.
        given().auth().oauth2(caller).when().delete("/api/v1/alerts/" + alertId + "/assignee").then().statusCode(200);
        shown = detail(caller, alertId);
        assertThat(shown.getString("alert.assignee")).isNull();
        assertThat(shown.getList("timeline.kind").stream().filter(k -> k.equals("ASSIGNED") || k.equals("UNASSIGNED")))
                .containsExactly("ASSIGNED", "ASSIGNED", "UNASSIGNED");
        assertThat(assignments()).containsExactly(before[0] + 1, before[1] + 1, before[2] + 1);
        assertThat(audit(alertId, "alert.assign")).extracting(row -> row.getString("actor"))
                .containsExactly("dr-charge", "dr-charge");
        assertThat(audit(alertId, "alert.unassign")).hasSize(1);

        // Self-assignment needs no device: the caller's token says they are of the team.
        put(AlertEvents.clinician("dr-self", team), alertId, Map.of("assignee", "dr-self")).then().statusCode(200);
        assertThat(detail(caller, alertId).getString("alert.assignee")).isEqualTo("dr-self");
    }

    @Test
    void shouldRefuseBadInputAnotherTeamAndResolvedAlertsChangingNothing() {
        String team = AlertEvents.team();
        String alertId = openAlert(team);
        String caller = AlertEvents.clinician("dr-charge", team);
        String elsewhere = AlertEvents.clinician("dr-other", AlertEvents.team());
        device("dr-other", AlertEvents.team());

        given().auth().oauth2(caller).contentType(ContentType.JSON).body("{\"assignee\": ")
                .when().put("/api/v1/alerts/" + alertId + "/assignee")
                .then().statusCode(400).contentType(AlertEvents.PROBLEM_JSON);
        for (Object body : List.of(Map.of(), Map.of("assignee", " "), Map.of("assignee", "dr-\u0000x"),
                Map.of("assignee", "x".repeat(201)), Map.of("assignee", "\ud800"),
                // Not a clinician of the team: a subject nobody vouched for (no device of this team, not the caller).
                Map.of("assignee", "dr-other"))) {
            assertThat(put(caller, alertId, body).then().statusCode(422).contentType(AlertEvents.PROBLEM_JSON)
                    .extract().jsonPath().getList("errors.field")).containsExactly("assignee");
        }
        for (Object body : List.of(Map.of(), Map.of("text", ""), Map.of("text", "a\u0007b"), Map.of("text", "\udc00"),
                Map.of("text", "x".repeat(2001)))) {
            assertThat(given().auth().oauth2(caller).contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/alerts/" + alertId + "/comments")
                    .then().statusCode(422).contentType(AlertEvents.PROBLEM_JSON)
                    .extract().jsonPath().getList("errors.field")).containsExactly("text");
        }

        // Another team's clinician: the alert does not exist for them.
        put(elsewhere, alertId, Map.of("assignee", "dr-other")).then().statusCode(404);
        given().auth().oauth2(elsewhere).when().delete("/api/v1/alerts/" + alertId + "/assignee").then().statusCode(404);
        given().auth().oauth2(elsewhere).contentType(ContentType.JSON).body(Map.of("text", "seen"))
                .when().post("/api/v1/alerts/" + alertId + "/comments").then().statusCode(404);
        given().auth().oauth2(elsewhere).when().get("/api/v1/alerts/" + alertId + "/comments").then().statusCode(404);
        put(caller, "not-an-alert", Map.of("assignee", "dr-charge")).then().statusCode(404);

        JsonPath unchanged = detail(caller, alertId);
        assertThat(unchanged.getString("alert.assignee")).isNull();
        assertThat(unchanged.getList("comments")).isEmpty();
        assertThat(unchanged.getList("timeline.kind")).containsExactly("RAISED");

        // Resolved: no more assignment (409), and it stays as it was.
        given().auth().oauth2(caller).when().post("/api/v1/alerts/" + alertId + "/resolve").then().statusCode(200);
        put(caller, alertId, Map.of("assignee", "dr-charge")).then().statusCode(409);
        given().auth().oauth2(caller).when().delete("/api/v1/alerts/" + alertId + "/assignee").then().statusCode(409);
        assertThat(detail(caller, alertId).getString("alert.assignee")).isNull();
    }

    @Test
    void shouldKeepTheThreadOldestFirstInTheDetailAndTellTheFeedWithoutTheText() throws Exception {
        String team = AlertEvents.team();
        String alertId = openAlert(team);
        String nurse = AlertEvents.clinician("nurse-kim", team);
        String doctor = AlertEvents.clinician("dr-lee", team);
        double before = counter(metrics(), "portwatch_alerts_comments_total", null);
        try (SseClient feed = new SseClient(URI.create(stream.toString()), AlertEvents.clinician("dr-screen", team),
                null)) {
            await().atMost(WAIT).until(feed::ready);
            List<String> texts = List.of("Called the patient: feels cold, shivering.",
                    "Asked to come in; CBC and cultures on arrival.\nPort site looks red.", "Arrived 14:10 — ünïcode ✓ 🩺");
            List<String> by = List.of(nurse, doctor, nurse);
            for (int i = 0; i < texts.size(); i++) {
                JsonPath created = given().auth().oauth2(by.get(i)).contentType(ContentType.JSON)
                        .body(Map.of("text", "  " + texts.get(i) + "  ")).when().post("/api/v1/alerts/" + alertId + "/comments")
                        .then().statusCode(201).extract().jsonPath();
                assertThat(created.getString("text")).isEqualTo(texts.get(i));
            }

            JsonPath thread = given().auth().oauth2(doctor).when().get("/api/v1/alerts/" + alertId + "/comments")
                    .then().statusCode(200).extract().jsonPath();
            assertThat(thread.getList("text")).containsExactlyElementsOf(texts);
            assertThat(thread.getList("author")).containsExactly("nurse-kim", "dr-lee", "nurse-kim");
            List<String> times = thread.getList("at");
            assertThat(times).isSortedAccordingTo(java.util.Comparator.comparing(java.time.Instant::parse));

            JsonPath shown = detail(doctor, alertId);
            assertThat(shown.getList("comments.text")).containsExactlyElementsOf(texts);
            assertThat(shown.getList("timeline.kind").stream().filter("COMMENTED"::equals)).hasSize(3);
            assertThat(counter(metrics(), "portwatch_alerts_comments_total", null)).isEqualTo(before + 3);
            assertThat(audit(alertId, "alert.comment")).hasSize(3)
                    .allMatch(row -> !row.getString("details").contains("shivering"));
            assertThat(audit(alertId, "alert.comments.read")).hasSize(1);

            // The feed says a comment was added, never what it says.
            await().atMost(WAIT).until(() -> feed.alerts().stream().filter(e -> e.data().contains("\"COMMENTED\"")
                    && e.data().contains(alertId)).count() == 3);
            assertThat(feed.alerts()).noneMatch(e -> e.data().contains("shivering") || e.data().contains("CBC"));
        }
    }
}
