package org.portwatch.alert.patient;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.portwatch.infra.testing.SharedInfra;

/** Tokens, ids and requests of the patient tests, as a care team's client would send them. */
final class Patients {

    static final String PROBLEM_JSON = "application/problem+json";
    static final String ONCOLOGY = "oncology-day-unit";
    static final String DIALYSIS = "dialysis-unit";

    private Patients() {
    }

    static String newPatientId() {
        return "patient-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String admin() {
        return SharedInfra.jwt().adminToken(Duration.ofMinutes(30));
    }

    static String clinician(String... careTeams) {
        return SharedInfra.jwt().clinicianToken("dr-" + UUID.randomUUID().toString().substring(0, 6),
                Set.of(careTeams), Duration.ofMinutes(30));
    }

    /** A profile body; {@code thresholds} may be null (not sent). */
    static Map<String, Object> profile(String careTeamId, Map<String, Object> thresholds) {
        Map<String, Object> body = new HashMap<>();
        body.put("displayName", "Test Patient");
        body.put("careTeamId", careTeamId);
        body.put("portSite", "CHEST");
        body.put("monitoring", true);
        if (thresholds != null) {
            body.put("thresholds", thresholds);
        }
        return body;
    }

    static Response put(String token, String patientId, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().put("/api/v1/patients/" + patientId);
    }

    static Response get(String token, String patientId) {
        return given().auth().oauth2(token).when().get("/api/v1/patients/" + patientId);
    }

    static Response discharge(String token, String patientId) {
        return given().auth().oauth2(token).when().delete("/api/v1/patients/" + patientId);
    }

    /** Creates a patient of {@code careTeamId} with default thresholds, as an administrator. */
    static String create(String careTeamId) {
        String patientId = newPatientId();
        put(admin(), patientId, profile(careTeamId, null)).then().statusCode(201);
        return patientId;
    }
}
