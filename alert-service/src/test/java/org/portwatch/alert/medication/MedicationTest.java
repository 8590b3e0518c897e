package org.portwatch.alert.medication;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.portwatch.alert.alerts.AlertEvents;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.Severity;

/**
 * Medication context: an antipyretic dose recorded by a clinician of the patient's team is listed, audited, and shown
 * on the patient's fever alerts and timeline with the time until which a temperature may read low; a bad dose is
 * refused before anything is stored; another team's patient is an unknown one.
 */
@QuarkusTest
class MedicationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PROBLEM_JSON = "application/problem+json";

    @Inject
    Pool pool;

    private static Response record(String token, String patientId, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/patients/" + patientId + "/medications");
    }

    private static JsonPath doses(String token, String patientId) {
        return given().auth().oauth2(token).when().get("/api/v1/patients/" + patientId + "/medications")
                .then().statusCode(200).extract().jsonPath();
    }

    private long stored(String patientId) {
        return pool.preparedQuery("SELECT count(*) AS n FROM alerts.antipyretic_dose WHERE patient_id = $1")
                .execute(Tuple.of(patientId)).await().atMost(WAIT).iterator().next().getLong("n");
    }

    private long audited(String patientId, String action) {
        return pool.preparedQuery("SELECT count(*) AS n FROM alerts.audit_entry WHERE action = $1 AND target_id = $2")
                .execute(Tuple.of(action, patientId)).await().atMost(WAIT).iterator().next().getLong("n");
    }

    @Test
    void shouldRecordADoseAndShowItOnTheFeverAlertAndTheTimelineButNotOnOtherAlerts() {
        String team = AlertEvents.team();
        String patient = AlertEvents.enrol(team);
        String token = AlertEvents.clinician("nurse-dose", team);
        Instant takenAt = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);

        JsonPath dose = record(token, patient, Map.of("medication", "paracetamol", "takenAt", takenAt.toString()))
                .then().statusCode(201).extract().jsonPath();
        assertThat(dose.getString("medication")).isEqualTo("PARACETAMOL");
        assertThat(Instant.parse(dose.getString("takenAt"))).isEqualTo(takenAt);
        assertThat(Instant.parse(dose.getString("maskingUntil"))).isEqualTo(takenAt.plus(Duration.ofHours(6)));
        assertThat(dose.getString("recordedBy")).isEqualTo("nurse-dose");
        assertThat(dose.getString("source")).isEqualTo("CLINICIAN");
        assertThat(doses(token, patient).getList("doseId")).containsExactly(dose.getString("doseId"));
        assertThat(audited(patient, MedicationService.RECORD_ACTION)).isEqualTo(1);

        // A fever that began a minute ago, under a dose taken an hour ago: the clinician is told.
        AlertEvent fever = AlertEvents.raised(patient, Severity.MEDIUM);
        AlertEvent racing = AlertEvents.event(patient, AlertCondition.TACHYCARDIA, fever.episodeStart().minusSeconds(5),
                AlertTransition.RAISED, Severity.MEDIUM, Instant.now());
        AlertEvents.publish(fever, racing);
        JsonPath detail = await().atMost(WAIT).until(() -> given().auth().oauth2(token).when()
                .get("/api/v1/alerts/" + fever.alertId()).then().extract(), r -> r.statusCode() == 200).jsonPath();
        assertThat(detail.getList("antipyretics.doseId")).containsExactly(dose.getString("doseId"));
        JsonPath other = await().atMost(WAIT).until(() -> given().auth().oauth2(token).when()
                .get("/api/v1/alerts/" + racing.alertId()).then().extract(), r -> r.statusCode() == 200).jsonPath();
        assertThat(other.getList("antipyretics")).as("a racing heart is not masked by paracetamol").isEmpty();

        JsonPath timeline = given().auth().oauth2(token).when().get("/api/v1/patients/" + patient + "/readings")
                .then().statusCode(200).extract().jsonPath();
        assertThat(timeline.getList("antipyretics.medication")).containsExactly("PARACETAMOL");
    }

    @Test
    void shouldLeaveOutADoseWhoseMaskingEndedBeforeTheFeverBegan() {
        String team = AlertEvents.team();
        String patient = AlertEvents.enrol(team);
        String token = AlertEvents.clinician("nurse-early", team);
        record(token, patient, Map.of("medication", "ASPIRIN",
                "takenAt", Instant.now().minus(Duration.ofHours(7)).toString())).then().statusCode(201);
        record(token, patient, Map.of("medication", "IBUPROFEN",
                "takenAt", Instant.now().minus(Duration.ofHours(7)).toString())).then().statusCode(201);

        AlertEvent fever = AlertEvents.raised(patient, Severity.MEDIUM);
        AlertEvents.publish(fever);
        JsonPath detail = await().atMost(WAIT).until(() -> given().auth().oauth2(token).when()
                .get("/api/v1/alerts/" + fever.alertId()).then().extract(), r -> r.statusCode() == 200).jsonPath();
        assertThat(detail.getList("antipyretics.medication")).as("aspirin's 6 h are over; ibuprofen's 8 h are not")
                .containsExactly("IBUPROFEN");
    }

    static Stream<Arguments> badDoses() {
        return Stream.of(
                Arguments.of("unknown medication", Map.of("medication", "WHISKY"), 422, "medication"),
                Arguments.of("no medication", Map.of("takenAt", Instant.now().toString()), 422, "medication"),
                Arguments.of("taken an hour ahead", Map.of("medication", "PARACETAMOL",
                        "takenAt", Instant.now().plus(Duration.ofHours(1)).toString()), 422, "takenAt"),
                Arguments.of("taken 8 days ago", Map.of("medication", "PARACETAMOL",
                        "takenAt", Instant.now().minus(Duration.ofDays(8)).toString()), 422, "takenAt"),
                Arguments.of("takenAt not an instant", Map.of("medication", "PARACETAMOL", "takenAt", "yesterday"), 422,
                        "takenAt"),
                Arguments.of("not JSON", "{\"medication\":", 400, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDoses")
    void shouldRefuseABadDoseWithAProblemAndStoreNothing(String name, Object body, int status, String field) {
        String team = AlertEvents.team();
        String patient = AlertEvents.enrol(team);
        String token = AlertEvents.clinician("nurse-typo", team);

        Response answer = record(token, patient, body);

        answer.then().statusCode(status).contentType(PROBLEM_JSON);
        if (field != null) {
            assertThat(answer.jsonPath().getList("errors.field")).containsExactly(field);
        }
        assertThat(stored(patient)).isZero();
        assertThat(audited(patient, MedicationService.RECORD_ACTION)).isZero();
    }

    @Test
    void shouldAnswerAnotherTeamsPatientExactlyAsAnUnknownOne() {
        String patient = AlertEvents.enrol(AlertEvents.team());
        String stranger = AlertEvents.clinician("nurse-stranger", AlertEvents.team());
        Map<String, String> dose = Map.of("medication", "PARACETAMOL");

        Response theirs = record(stranger, patient, dose);
        Response unknown = record(stranger, "patient-nobody-" + System.nanoTime(), dose);

        theirs.then().statusCode(404).contentType(PROBLEM_JSON);
        unknown.then().statusCode(404).contentType(PROBLEM_JSON);
        assertThat(theirs.jsonPath().getString("detail")).isEqualTo(unknown.jsonPath().getString("detail"));
        given().auth().oauth2(stranger).when().get("/api/v1/patients/" + patient + "/medications").then()
                .statusCode(404).contentType(PROBLEM_JSON);
        assertThat(stored(patient)).isZero();
        // Administrators manage configuration, not patient data.
        record(AlertEvents.admin(), patient, dose).then().statusCode(403).contentType(PROBLEM_JSON);
    }
}
