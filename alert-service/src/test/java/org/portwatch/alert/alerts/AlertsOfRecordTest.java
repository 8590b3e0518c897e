package org.portwatch.alert.alerts;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.readings.Readings;
import org.portwatch.infra.testing.SharedInfra;
import org.portwatch.infra.testing.TopicReader;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.Severity;
import org.portwatch.model.Topics;

/**
 * Alerts of record on the real broker and database: events from vitals.alerts become one row per alertId with a
 * timeline, exactly once however often they are delivered; clinicians see and act on their teams' alerts only.
 */
@QuarkusTest
class AlertsOfRecordTest {

    private static JsonPath awaitAlert(String token, String alertId) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(token).when().get("/api/v1/alerts/" + alertId).then().statusCode(200));
        return given().auth().oauth2(token).when().get("/api/v1/alerts/" + alertId).then().extract().jsonPath();
    }

    @Test
    void shouldStoreARaisedAlertWithEvidenceAndShowItToItsCareTeamOnly() {
        String team = AlertEvents.team();
        String patientId = AlertEvents.enrol(team);
        AlertEvent raised = AlertEvents.raised(patientId, Severity.MEDIUM);
        AlertEvents.publish(raised);

        String mine = AlertEvents.clinician("dr-mine", team);
        JsonPath detail = awaitAlert(mine, raised.alertId());
        assertThat(detail.getString("alert.status")).isEqualTo("OPEN");
        assertThat(detail.getString("alert.severity")).isEqualTo("MEDIUM");
        assertThat(detail.getString("alert.patientName")).isEqualTo("Jane Doe (bed 12)");
        assertThat(detail.getString("alert.careTeamId")).isEqualTo(team);
        assertThat(detail.getList("evidence")).hasSize(2);
        assertThat(detail.getDouble("thresholds.feverCelsius")).isEqualTo(38.0);
        assertThat(detail.getList("timeline.kind")).containsExactly("RAISED");

        given().auth().oauth2(mine).queryParam("status", "OPEN").when().get("/api/v1/alerts")
                .then().statusCode(200).body("items.alertId", hasItem(raised.alertId()));

        String other = AlertEvents.clinician("dr-other", AlertEvents.team());
        given().auth().oauth2(other).when().get("/api/v1/alerts/" + raised.alertId())
                .then().statusCode(404).contentType(AlertEvents.PROBLEM_JSON)
                .body("type", equalTo("urn:portwatch:problem:not-found"));
        given().auth().oauth2(other).when().get("/api/v1/alerts")
                .then().statusCode(200).body("items.alertId", not(hasItem(raised.alertId())));
        given().auth().oauth2(other).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/alerts/" + raised.alertId() + "/acknowledge").then().statusCode(404);
    }

    /**
     * The list's order is the triage order — most severe first, then newest, then by alertId — and pages cut it
     * without gaps or repeats; filters narrow it and the total counts every match, not the page.
     */
    @Test
    void shouldListMostSevereFirstThenNewestInPagesThatCutOneOrder() {
        String team = AlertEvents.team();
        Instant start = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        Instant first = Instant.now().minus(5, ChronoUnit.MINUTES);
        AlertEvent low = AlertEvents.event(AlertEvents.enrol(team), AlertCondition.FEVER, start, AlertTransition.RAISED,
                Severity.LOW, first.plusSeconds(40));
        AlertEvent critical = AlertEvents.event(AlertEvents.enrol(team), AlertCondition.FEVER, start,
                AlertTransition.RAISED, Severity.CRITICAL, first);
        AlertEvent olderMedium = AlertEvents.event(AlertEvents.enrol(team), AlertCondition.FEVER, start,
                AlertTransition.RAISED, Severity.MEDIUM, first.plusSeconds(10));
        AlertEvent newerMedium = AlertEvents.event(AlertEvents.enrol(team), AlertCondition.FEVER, start,
                AlertTransition.RAISED, Severity.MEDIUM, first.plusSeconds(20));
        AlertEvent high = AlertEvents.event(AlertEvents.enrol(team), AlertCondition.FEVER, start,
                AlertTransition.RAISED, Severity.HIGH, first.plusSeconds(30));
        AlertEvents.publish(low, critical, olderMedium, newerMedium, high);
        String token = AlertEvents.clinician("dr-triage", team);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token)
                .when().get("/api/v1/alerts").then().statusCode(200).body("total", equalTo(5)));

        List<String> triage = java.util.stream.Stream.of(critical, high, newerMedium, olderMedium, low)
                .map(AlertEvent::alertId).toList();
        List<String> paged = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            JsonPath found = given().auth().oauth2(token).queryParam("page", page).queryParam("size", 2)
                    .when().get("/api/v1/alerts").then().statusCode(200).extract().jsonPath();
            assertThat(found.getLong("total")).isEqualTo(5);
            assertThat(found.getInt("page")).isEqualTo(page);
            paged.addAll(found.getList("items.alertId", String.class));
        }
        assertThat(paged).containsExactlyElementsOf(triage);
        given().auth().oauth2(token).queryParam("size", 1).when().get("/api/v1/alerts")
                .then().body("items[0].patientName", equalTo("Jane Doe (bed 12)"))
                .body("items[0].severity", equalTo("CRITICAL"));

        given().auth().oauth2(token).queryParam("severity", "MEDIUM").queryParam("severity", "LOW")
                .when().get("/api/v1/alerts").then().statusCode(200).body("total", equalTo(3))
                .body("items.alertId", contains(newerMedium.alertId(), olderMedium.alertId(), low.alertId()));
        given().auth().oauth2(token).queryParam("patientId", high.patientId())
                .when().get("/api/v1/alerts").then().body("total", equalTo(1))
                .body("items.alertId", contains(high.alertId()));
        given().auth().oauth2(token).queryParam("status", "ACKNOWLEDGED").queryParam("status", "RESOLVED")
                .when().get("/api/v1/alerts").then().statusCode(200).body("total", equalTo(0))
                .body("items", hasSize(0));
    }

    @Test
    void shouldRecordEachEventOnceWhenTheTopicDeliversItAgain() {
        String team = AlertEvents.team();
        String patientId = AlertEvents.enrol(team);
        AlertEvent raised = AlertEvents.raised(patientId, Severity.MEDIUM);
        AlertEvent escalated = AlertEvents.next(raised, AlertTransition.ESCALATED, Severity.HIGH);
        AlertEvents.publish(raised, raised, escalated, raised, escalated);
        AlertEvent marker = AlertEvents.next(raised, AlertTransition.RESOLVED, Severity.HIGH);
        AlertEvents.publish(marker);

        String token = AlertEvents.clinician("dr-a", team);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token)
                .when().get("/api/v1/alerts/" + raised.alertId()).then().statusCode(200)
                .body("alert.status", equalTo("RESOLVED")));
        JsonPath detail = given().auth().oauth2(token).when().get("/api/v1/alerts/" + raised.alertId())
                .then().extract().jsonPath();
        assertThat(detail.getList("timeline.kind")).containsExactly("RAISED", "ESCALATED", "RESOLVED");
        assertThat(detail.getString("alert.severity")).isEqualTo("HIGH");
        assertThat(detail.getString("alert.resolvedBy")).isNull();
        given().auth().oauth2(token).queryParam("patientId", patientId).when().get("/api/v1/alerts")
                .then().statusCode(200).body("total", equalTo(1));
    }

    @Test
    void shouldAcknowledgeThenResolveAndAnswer409ToConflictingTransitions() {
        String team = AlertEvents.team();
        String patientId = AlertEvents.enrol(team);
        AlertEvent raised = AlertEvents.raised(patientId, Severity.HIGH);
        AlertEvents.publish(raised);
        String token = AlertEvents.clinician("dr-ack", team);
        awaitAlert(token, raised.alertId());

        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("note", "called the patient"))
                .when().post("/api/v1/alerts/" + raised.alertId() + "/acknowledge")
                .then().statusCode(200).body("status", equalTo("ACKNOWLEDGED"))
                .body("acknowledgedBy", equalTo("dr-ack")).body("acknowledgedAt", not(nullValue()));
        given().auth().oauth2(token).when().post("/api/v1/alerts/" + raised.alertId() + "/acknowledge")
                .then().statusCode(409).contentType(AlertEvents.PROBLEM_JSON)
                .body("type", equalTo("urn:portwatch:problem:conflict"));
        given().auth().oauth2(token).when().post("/api/v1/alerts/" + raised.alertId() + "/resolve")
                .then().statusCode(200).body("status", equalTo("RESOLVED")).body("resolvedBy", equalTo("dr-ack"));
        given().auth().oauth2(token).when().post("/api/v1/alerts/" + raised.alertId() + "/resolve")
                .then().statusCode(409);
        given().auth().oauth2(token).when().post("/api/v1/alerts/" + raised.alertId() + "/acknowledge")
                .then().statusCode(409);

        JsonPath detail = given().auth().oauth2(token).when().get("/api/v1/alerts/" + raised.alertId())
                .then().extract().jsonPath();
        assertThat(detail.getList("timeline.kind")).containsExactly("RAISED", "ACKNOWLEDGED", "RESOLVED");
        assertThat(detail.getList("timeline.actor")).containsExactly(null, "dr-ack", "dr-ack");
        assertThat(detail.getString("timeline[1].note")).isEqualTo("called the patient");

        // The detector's own RESOLVED later is history, not a second resolution.
        AlertEvents.publish(AlertEvents.next(raised, AlertTransition.RESOLVED, Severity.HIGH));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(given().auth().oauth2(token)
                .when().get("/api/v1/alerts/" + raised.alertId()).then().extract().jsonPath()
                .getList("timeline.kind")).hasSize(4));
        given().auth().oauth2(token).when().get("/api/v1/alerts/" + raised.alertId())
                .then().body("alert.resolvedBy", equalTo("dr-ack"));

        JsonPath audit = given().auth().oauth2(AlertEvents.admin()).queryParam("targetId", raised.alertId())
                .when().get("/api/v1/audit").then().statusCode(200).extract().jsonPath();
        assertThat(audit.getList("items.action")).contains("alert.acknowledge", "alert.resolve", "alert.evidence.read");
        assertThat(audit.getList("items.actor")).contains("dr-ack");
    }

    @Test
    void shouldRecordWhetherAResolvedAlertWasActionableAndCountItPerRule() {
        String team = AlertEvents.team();
        String patientId = AlertEvents.enrol(team);
        AlertEvent raised = AlertEvents.raised(patientId, Severity.MEDIUM);
        AlertEvents.publish(raised);
        String token = AlertEvents.clinician("dr-outcome", team);
        awaitAlert(token, raised.alertId());
        String series = "portwatch_alerts_outcomes_total{condition=\"FEVER\",outcome=\"false_alarm\",severity=\"MEDIUM\"}";
        double before = Readings.metric(series);

        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("outcome", "MAYBE"))
                .when().post("/api/v1/alerts/" + raised.alertId() + "/resolve")
                .then().statusCode(422).contentType(AlertEvents.PROBLEM_JSON).body("errors[0].field", equalTo("outcome"));
        given().auth().oauth2(token).when().get("/api/v1/alerts/" + raised.alertId())
                .then().body("alert.status", equalTo("OPEN"));

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("note", "patch was off the skin", "outcome", "FALSE_ALARM"))
                .when().post("/api/v1/alerts/" + raised.alertId() + "/resolve")
                .then().statusCode(200).body("status", equalTo("RESOLVED"));

        assertThat(Readings.metric(series)).isEqualTo(before + 1);
        JsonPath audit = given().auth().oauth2(AlertEvents.admin()).queryParam("targetId", raised.alertId())
                .queryParam("action", "alert.resolve").when().get("/api/v1/audit").then().statusCode(200)
                .extract().jsonPath();
        assertThat(audit.getString("items[0].details.outcome")).isEqualTo("FALSE_ALARM");
    }

    @Test
    void shouldKeepAdministratorsAndAnonymousCallersAwayFromPatientData() {
        given().auth().oauth2(AlertEvents.admin()).when().get("/api/v1/alerts")
                .then().statusCode(403).contentType(AlertEvents.PROBLEM_JSON);
        given().when().get("/api/v1/alerts").then().statusCode(401).contentType(AlertEvents.PROBLEM_JSON);
        given().auth().oauth2(AlertEvents.clinician("dr-x", "t")).when().get("/api/v1/audit")
                .then().statusCode(403);
    }

    @Test
    void shouldAnswer422ForUnknownFiltersAnd404ForMalformedIds() {
        String token = AlertEvents.clinician("dr-f", AlertEvents.team());
        given().auth().oauth2(token).queryParam("status", "SLEEPING").when().get("/api/v1/alerts")
                .then().statusCode(422).contentType(AlertEvents.PROBLEM_JSON).body("errors[0].field", equalTo("status"));
        given().auth().oauth2(token).queryParam("size", 0).when().get("/api/v1/alerts").then().statusCode(422);
        given().auth().oauth2(token).queryParam("size", "abc").when().get("/api/v1/alerts")
                .then().statusCode(400).contentType(AlertEvents.PROBLEM_JSON)
                .body("type", equalTo("urn:portwatch:problem:malformed-request"));
        given().auth().oauth2(token).when().get("/api/v1/no-such-thing").then().statusCode(404);
        given().auth().oauth2(token).when().get("/api/v1/alerts/not-a-uuid").then().statusCode(404);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"note\": ")
                .when().post("/api/v1/alerts/" + java.util.UUID.randomUUID() + "/acknowledge").then().statusCode(400);
    }

    @Test
    void shouldSendUnreadableEventsToTheDeadLetterTopicAndKeepConsuming() {
        String key = "poison-" + java.util.UUID.randomUUID();
        AlertEvents.publishRaw(key, "{not json".getBytes(StandardCharsets.UTF_8));
        String team = AlertEvents.team();
        AlertEvent after = AlertEvents.raised(AlertEvents.enrol(team), Severity.MEDIUM);
        AlertEvents.publish(after);

        awaitAlert(AlertEvents.clinician("dr-p", team), after.alertId());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deadLetterKeys()).contains(key));
    }

    @Test
    void shouldDeadLetterAWellFormedButInvalidEventWithItsReasonAndKeepConsuming() {
        String team = AlertEvents.team();
        String patientId = AlertEvents.enrol(team);
        AlertEvent good = AlertEvents.raised(patientId, Severity.MEDIUM);
        // Readable JSON, every field present, but its eventId is not the one the detector derives: storing it would
        // break exactly-once per event, retrying it would stop every alert behind it.
        AlertEvent forged = new AlertEvent(java.util.UUID.randomUUID().toString(), good.alertId(), patientId,
                good.condition(), good.severity(), good.transition(), good.episodeStart(), good.detectedAt(), false,
                good.rule(), good.thresholds(), good.evidence(), good.completedAt(), good.completedReceivedAt());
        AlertEvent tooLongPatient = AlertEvents.raised("p".repeat(65), Severity.HIGH);
        AlertEvents.publish(forged, tooLongPatient, good);

        awaitAlert(AlertEvents.clinician("dr-dlq", team), good.alertId());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<String, String> reasons = deadLetterReasons();
            assertThat(reasons.get(patientId)).contains("eventId does not derive");
            assertThat(reasons.get("p".repeat(65))).contains("patientId must be 1-64");
        });
        JsonPath detail = given().auth().oauth2(AlertEvents.clinician("dr-dlq", team))
                .when().get("/api/v1/alerts/" + good.alertId()).then().extract().jsonPath();
        assertThat(detail.getList("timeline.kind")).containsExactly("RAISED");
    }

    /** Key -> the dead-letter-reason header of the last dead letter under that key. */
    private static Map<String, String> deadLetterReasons() {
        Map<String, String> reasons = new java.util.HashMap<>();
        readDeadLetters(record -> {
            var header = record.headers().lastHeader("dead-letter-reason");
            reasons.put(record.key(), header == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        });
        return reasons;
    }

    private static List<String> deadLetterKeys() {
        List<String> keys = new ArrayList<>();
        readDeadLetters(record -> keys.add(record.key()));
        return keys;
    }

    private static void readDeadLetters(java.util.function.Consumer<ConsumerRecord<String, byte[]>> each) {
        TopicReader.readToEnd(SharedInfra.kafka().bootstrapServers(), Topics.VITALS_ALERTS_DLQ, new StringDeserializer(),
                new ByteArrayDeserializer()).forEach(each);
    }
}
