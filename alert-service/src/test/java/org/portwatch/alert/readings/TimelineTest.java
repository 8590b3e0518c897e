package org.portwatch.alert.readings;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.alerts.AlertEvents;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.SensorStatus;
import org.portwatch.model.Severity;
import org.portwatch.model.VitalType;

/**
 * {@code GET /api/v1/patients/{patientId}/readings}: the care team's view of a patient's readings, raw for a day and
 * downsampled beyond, with thresholds and alerts; scoped like a profile; audited; a bad range refused before anything
 * is read.
 */
@QuarkusTest
class TimelineTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PROBLEM_JSON = "application/problem+json";

    @Inject
    Pool pool;

    private static Response timeline(String token, String patientId, Map<String, ?> query) {
        return given().auth().oauth2(token).queryParams(query).when().get("/api/v1/patients/" + patientId + "/readings");
    }

    private static long points(JsonPath answer, String type) {
        List<Map<String, Object>> series = answer.getList("series.findAll { it.type == '" + type + "' }.points.flatten()");
        return series.size();
    }

    private long audited(String patientId, String actor) {
        return pool.preparedQuery("SELECT count(*) AS n FROM alerts.audit_entry WHERE action = 'patient.readings.read'"
                        + " AND target_id = $1 AND actor = $2")
                .execute(Tuple.of(patientId, actor)).await().atMost(WAIT).iterator().next().getLong("n");
    }

    @Test
    void shouldAnswerTheTeamEveryReadingOfTheDayWithItsThresholdsAndAlerts() {
        String team = AlertEvents.team();
        String patient = AlertEvents.enrol(team);
        String token = AlertEvents.clinician("dr-timeline", team);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Readings.publish(List.of(
                Readings.reading(patient, VitalType.BODY_TEMPERATURE, now.minus(Duration.ofHours(3)), 37.2),
                Readings.reading(patient, VitalType.BODY_TEMPERATURE, now.minus(Duration.ofHours(2)), 37.9),
                Readings.reading(patient, VitalType.BODY_TEMPERATURE, now.minus(Duration.ofMinutes(30)), 38.4),
                // Off the body: a room's temperature, not the patient's.
                Readings.reading(patient, VitalType.BODY_TEMPERATURE, now.minus(Duration.ofMinutes(20)), 24.0,
                        SensorStatus.OFF_BODY),
                Readings.reading(patient, VitalType.HEART_RATE, now.minus(Duration.ofMinutes(29)), 104),
                Readings.reading(patient, VitalType.HEART_RATE, now.minus(Duration.ofMinutes(10)), 112)));
        AlertEvent fever = AlertEvents.raised(patient, Severity.MEDIUM);
        AlertEvents.publish(fever);

        JsonPath answer = await().atMost(WAIT).until(() -> timeline(token, patient, Map.of()).then().statusCode(200)
                        .extract().jsonPath(),
                json -> points(json, "BODY_TEMPERATURE") == 3 && points(json, "HEART_RATE") == 2
                        && json.getList("alerts").size() == 1);

        assertThat(answer.getString("resolution")).isEqualTo("RAW");
        assertThat(Duration.between(Instant.parse(answer.getString("from")), Instant.parse(answer.getString("to"))))
                .isEqualTo(Duration.ofHours(24));
        assertThat(answer.getList("series.find { it.type == 'BODY_TEMPERATURE' }.points.value", Float.class))
                .as("oldest first, the off-body reading left out").containsExactly(37.2f, 37.9f, 38.4f);
        assertThat(answer.getString("series.find { it.type == 'BODY_TEMPERATURE' }.unit")).isEqualTo("Cel");
        assertThat(answer.getList("series.find { it.type == 'HEART_RATE' }.points.value", Float.class))
                .containsExactly(104f, 112f);
        assertThat(answer.getFloat("thresholds.feverCelsius")).isEqualTo(38.0f);
        assertThat(answer.getFloat("thresholds.heartRateHigh")).isEqualTo(100f);
        assertThat(answer.getString("alerts[0].alertId")).isEqualTo(fever.alertId());
        assertThat(answer.getString("alerts[0].condition")).isEqualTo("FEVER");
        assertThat(answer.getString("alerts[0].severity")).isEqualTo("MEDIUM");
        assertThat(answer.getString("alerts[0].status")).isEqualTo("OPEN");

        // One type only, and every answered read in the audit trail before it is answered.
        long before = audited(patient, "dr-timeline");
        JsonPath temperatures = timeline(token, patient, Map.of("type", "body_temperature")).then().statusCode(200)
                .extract().jsonPath();
        assertThat(temperatures.getList("series.type")).containsExactly("BODY_TEMPERATURE");
        assertThat(audited(patient, "dr-timeline")).isEqualTo(before + 1);
    }

    @Test
    void shouldAnswerAnotherTeamsPatientExactlyAsAnUnknownOneAndNotAuditIt() {
        String team = AlertEvents.team();
        String patient = AlertEvents.enrol(team);
        Readings.publish(List.of(Readings.reading(patient, VitalType.HEART_RATE, Instant.now().minusSeconds(60), 80)));
        String stranger = AlertEvents.clinician("dr-stranger", AlertEvents.team());

        Response theirs = timeline(stranger, patient, Map.of());
        Response unknown = timeline(stranger, Readings.patientId(), Map.of());
        theirs.then().statusCode(404).contentType(PROBLEM_JSON);
        unknown.then().statusCode(404).contentType(PROBLEM_JSON);
        assertThat(theirs.jsonPath().getString("detail")).isEqualTo(unknown.jsonPath().getString("detail"));
        assertThat(theirs.jsonPath().getString("type")).isEqualTo(unknown.jsonPath().getString("type"));
        assertThat(audited(patient, "dr-stranger")).isZero();
        // Administrators manage configuration, not patient data.
        timeline(AlertEvents.admin(), patient, Map.of()).then().statusCode(403).contentType(PROBLEM_JSON);
    }

    @Test
    void shouldShowReadingsStoredBeforeEnrolmentOnlyOnceTheTeamOwnsThePatient() {
        String patient = Readings.patientId();
        Readings.publish(List.of(
                Readings.reading(patient, VitalType.BODY_TEMPERATURE, Instant.now().minus(Duration.ofMinutes(40)), 38.1),
                Readings.reading(patient, VitalType.BODY_TEMPERATURE, Instant.now().minus(Duration.ofMinutes(35)), 38.3)));
        await().atMost(WAIT).until(() -> pool.preparedQuery(
                        "SELECT count(*) AS n FROM alerts.reading WHERE patient_id = $1").execute(Tuple.of(patient))
                .await().atMost(WAIT).iterator().next().getLong("n") == 2);
        String team = AlertEvents.team();
        String token = AlertEvents.clinician("dr-later", team);
        timeline(token, patient, Map.of()).then().statusCode(404);

        given().auth().oauth2(AlertEvents.admin()).contentType("application/json")
                .body(Map.of("displayName", "Jane Doe (bed 12)", "careTeamId", team, "portSite", "CHEST", "monitoring", true))
                .when().put("/api/v1/patients/" + patient).then().statusCode(201);
        JsonPath answer = timeline(token, patient, Map.of()).then().statusCode(200).extract().jsonPath();
        assertThat(answer.getList("series.find { it.type == 'BODY_TEMPERATURE' }.points.value", Float.class))
                .containsExactly(38.1f, 38.3f);
    }

    @Test
    void shouldDownsampleRangesLongerThanADayIntoBucketsWithLowestHighestAverageAndCount() {
        String team = AlertEvents.team();
        String patient = AlertEvents.enrol(team);
        String token = AlertEvents.clinician("dr-week", team);
        // Two days ago on a whole hour: the start of a 15-minute and of an hourly bucket.
        Instant hour = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.HOURS);
        Readings.publish(List.of(
                Readings.reading(patient, VitalType.BODY_TEMPERATURE, hour.plus(Duration.ofMinutes(1)), 37.0),
                Readings.reading(patient, VitalType.BODY_TEMPERATURE, hour.plus(Duration.ofMinutes(5)), 38.0),
                Readings.reading(patient, VitalType.BODY_TEMPERATURE, hour.plus(Duration.ofMinutes(10)), 39.0),
                Readings.reading(patient, VitalType.BODY_TEMPERATURE, hour.plus(Duration.ofMinutes(20)), 38.5),
                Readings.reading(patient, VitalType.HEART_RATE, hour.plus(Duration.ofMinutes(50)), 90)));
        Map<String, String> threeDays = Map.of("from", hour.minus(Duration.ofHours(1)).toString(),
                "to", hour.plus(Duration.ofDays(2)).toString());

        JsonPath quarter = await().atMost(WAIT).until(() -> timeline(token, patient, threeDays).then().statusCode(200)
                .extract().jsonPath(), json -> points(json, "BODY_TEMPERATURE") == 2 && points(json, "HEART_RATE") == 1);
        assertThat(quarter.getString("resolution")).isEqualTo("PT15M");
        String first = "series.find { it.type == 'BODY_TEMPERATURE' }.points[0].";
        assertThat(Instant.parse(quarter.getString(first + "at"))).isEqualTo(hour);
        assertThat(quarter.getFloat(first + "value")).isEqualTo(38.0f);
        assertThat(quarter.getFloat(first + "min")).isEqualTo(37.0f);
        assertThat(quarter.getFloat(first + "max")).isEqualTo(39.0f);
        assertThat(quarter.getInt(first + "count")).isEqualTo(3);
        assertThat(Instant.parse(quarter.getString("series.find { it.type == 'BODY_TEMPERATURE' }.points[1].at")))
                .isEqualTo(hour.plus(Duration.ofMinutes(15)));
        assertThat(Instant.parse(quarter.getString("series.find { it.type == 'HEART_RATE' }.points[0].at")))
                .isEqualTo(hour.plus(Duration.ofMinutes(45)));

        Map<String, String> tenDays = Map.of("from", hour.minus(Duration.ofDays(8)).toString(),
                "to", hour.plus(Duration.ofDays(2)).toString());
        JsonPath hourly = timeline(token, patient, tenDays).then().statusCode(200).extract().jsonPath();
        assertThat(hourly.getString("resolution")).isEqualTo("PT1H");
        String only = "series.find { it.type == 'BODY_TEMPERATURE' }.points[0].";
        assertThat(points(hourly, "BODY_TEMPERATURE")).isEqualTo(1);
        assertThat(Instant.parse(hourly.getString(only + "at"))).isEqualTo(hour);
        assertThat(hourly.getFloat(only + "value")).isEqualTo(38.125f);
        assertThat(hourly.getInt(only + "count")).isEqualTo(4);
    }

    @Test
    void shouldRefuseABadRangeWithAProblemBeforeLookingThePatientUp() {
        String token = AlertEvents.clinician("dr-typo", AlertEvents.team());
        // An unknown patient: a 422 rather than its 404 shows the request was refused before any read.
        String nobody = Readings.patientId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Map<String, String>> cases = Map.of(
                "INVALID_INSTANT", Map.of("from", "yesterday"),
                "INVALID_RANGE", Map.of("from", now.toString(), "to", now.minus(Duration.ofHours(1)).toString()),
                "RANGE_TOO_LONG", Map.of("from", now.minus(Duration.ofDays(31)).toString(), "to", now.toString()),
                "UNKNOWN_VALUE", Map.of("type", "BLOOD_PRESSURE"),
                "OUT_OF_RANGE", Map.of("from", "+99999-01-01T00:00:00Z", "to", "+99999-01-02T00:00:00Z"));
        cases.forEach((reason, query) -> timeline(token, nobody, query).then()
                .statusCode(422).contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:portwatch:problem:validation-failed"))
                .body("errors[0].reason", equalTo(reason)));
    }
}
