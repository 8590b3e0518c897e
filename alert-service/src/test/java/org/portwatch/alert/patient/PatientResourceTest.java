package org.portwatch.alert.patient;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.portwatch.alert.patient.Patients.DIALYSIS;
import static org.portwatch.alert.patient.Patients.ONCOLOGY;
import static org.portwatch.alert.patient.Patients.PROBLEM_JSON;
import static org.portwatch.alert.patient.Patients.admin;
import static org.portwatch.alert.patient.Patients.clinician;
import static org.portwatch.alert.patient.Patients.discharge;
import static org.portwatch.alert.patient.Patients.get;
import static org.portwatch.alert.patient.Patients.newPatientId;
import static org.portwatch.alert.patient.Patients.profile;
import static org.portwatch.alert.patient.Patients.put;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.portwatch.model.Thresholds;

@QuarkusTest
class PatientResourceTest {

    /** Asserts that every threshold of the answer equals {@code expected}. */
    private static void assertThresholds(ValidatableResponse response, Thresholds expected) {
        response.body("thresholds.feverCelsius", equalTo((float) expected.feverCelsius()))
                .body("thresholds.feverConfirmMinutes", equalTo(expected.feverConfirmMinutes()))
                .body("thresholds.highFeverCelsius", equalTo((float) expected.highFeverCelsius()))
                .body("thresholds.sustainedFeverMinutes", equalTo(expected.sustainedFeverMinutes()))
                .body("thresholds.feverMaxGapMinutes", equalTo(expected.feverMaxGapMinutes()))
                .body("thresholds.feverResolvedCelsius", equalTo((float) expected.feverResolvedCelsius()))
                .body("thresholds.feverResolvedMinutes", equalTo(expected.feverResolvedMinutes()))
                .body("thresholds.heartRateHigh", equalTo((float) expected.heartRateHigh()))
                .body("thresholds.tachycardiaMinutes", equalTo(expected.tachycardiaMinutes()))
                .body("thresholds.tachycardiaMinReadings", equalTo(expected.tachycardiaMinReadings()))
                .body("thresholds.heartRateMaxGapMinutes", equalTo(expected.heartRateMaxGapMinutes()))
                .body("thresholds.heartRateCritical", equalTo((float) expected.heartRateCritical()))
                .body("thresholds.criticalHeartRateMinutes", equalTo(expected.criticalHeartRateMinutes()))
                .body("thresholds.heartRateResolvedMargin", equalTo((float) expected.heartRateResolvedMargin()))
                .body("thresholds.heartRateResolvedMinutes", equalTo(expected.heartRateResolvedMinutes()))
                .body("thresholds.sepsisHeartRate", equalTo((float) expected.sepsisHeartRate()))
                .body("thresholds.sepsisWindowMinutes", equalTo(expected.sepsisWindowMinutes()))
                .body("thresholds.noDataMinutes", equalTo(expected.noDataMinutes()))
                .body("thresholds.offBodySkinCelsius", equalTo((float) expected.offBodySkinCelsius()))
                .body("thresholds.size()", equalTo(Thresholds.class.getRecordComponents().length));
    }

    private static Thresholds withHeartRateHighAndNoData(double heartRateHigh, int noDataMinutes) {
        Thresholds d = Thresholds.DEFAULTS;
        return new Thresholds(d.feverCelsius(), d.feverConfirmMinutes(), d.highFeverCelsius(), d.sustainedFeverMinutes(),
                d.feverMaxGapMinutes(), d.feverResolvedCelsius(), d.feverResolvedMinutes(), heartRateHigh,
                d.tachycardiaMinutes(), d.tachycardiaMinReadings(), d.heartRateMaxGapMinutes(), d.heartRateCritical(),
                d.criticalHeartRateMinutes(), d.heartRateResolvedMargin(), d.heartRateResolvedMinutes(),
                d.sepsisHeartRate(), d.sepsisWindowMinutes(), noDataMinutes, d.offBodySkinCelsius());
    }

    @Test
    void shouldCreateAPatientWithDefaultThresholdsAndShowThemAll() {
        String patientId = newPatientId();
        put(admin(), patientId, profile(ONCOLOGY, null))
                .then().statusCode(201)
                .header("Location", endsWith("/api/v1/patients/" + patientId))
                .body("patientId", equalTo(patientId))
                .body("monitoring", equalTo(true));

        ValidatableResponse read = get(clinician(ONCOLOGY), patientId).then().statusCode(200)
                .body("patientId", equalTo(patientId))
                .body("displayName", equalTo("Test Patient"))
                .body("careTeamId", equalTo(ONCOLOGY))
                .body("portSite", equalTo("CHEST"))
                .body("monitoring", equalTo(true))
                .body("createdAt", notNullValue())
                .body("updatedAt", notNullValue())
                .body("dischargedAt", nullValue());
        assertThresholds(read, Thresholds.DEFAULTS);
    }

    @Test
    void shouldMergePartialThresholdsWithTheDefaults() {
        String patientId = newPatientId();
        ValidatableResponse created = put(admin(), patientId,
                profile(ONCOLOGY, Map.of("heartRateHigh", 110, "noDataMinutes", 20)))
                .then().statusCode(201);
        assertThresholds(created, withHeartRateHighAndNoData(110, 20));
        assertThresholds(get(admin(), patientId).then().statusCode(200), withHeartRateHighAndNoData(110, 20));
    }

    @Test
    void shouldKeepEarlierThresholdsOnUpdate() {
        String patientId = newPatientId();
        put(admin(), patientId, profile(ONCOLOGY, Map.of("heartRateHigh", 110))).then().statusCode(201);

        assertThresholds(put(admin(), patientId, profile(ONCOLOGY, Map.of("noDataMinutes", 20))).then().statusCode(200),
                withHeartRateHighAndNoData(110, 20));
        // No thresholds at all: every one stays as set.
        Map<String, Object> renamed = profile(ONCOLOGY, null);
        renamed.put("portSite", "ARM");
        ValidatableResponse updated = put(admin(), patientId, renamed).then().statusCode(200).body("portSite", equalTo("ARM"));
        assertThresholds(updated, withHeartRateHighAndNoData(110, 20));

        // null takes a threshold back to its default.
        Map<String, Object> reset = new HashMap<>();
        reset.put("heartRateHigh", null);
        assertThresholds(put(admin(), patientId, profile(ONCOLOGY, reset)).then().statusCode(200),
                withHeartRateHighAndNoData(Thresholds.DEFAULTS.heartRateHigh(), 20));
        assertThresholds(get(admin(), patientId).then().statusCode(200),
                withHeartRateHighAndNoData(Thresholds.DEFAULTS.heartRateHigh(), 20));
    }

    @Test
    void shouldAnswer422ForAHeartRateThresholdOutsideNinetyToOneHundredFifty() {
        for (int heartRateHigh : new int[] {89, 151}) {
            String patientId = newPatientId();
            put(admin(), patientId, profile(ONCOLOGY, Map.of("heartRateHigh", heartRateHigh)))
                    .then().statusCode(422).contentType(PROBLEM_JSON)
                    .body("type", equalTo("urn:portwatch:problem:validation-failed"))
                    .body("errors.field", hasItem("thresholds.heartRateHigh"))
                    .body("errors.find { it.field == 'thresholds.heartRateHigh' }.reason", equalTo("OUT_OF_RANGE"))
                    .body("errors.find { it.field == 'thresholds.heartRateHigh' }.detail",
                            equalTo("must be between 90 and 150"));
            get(admin(), patientId).then().statusCode(404);
        }
        // The boundaries themselves are allowed, on their own (docs/clinical-rules.md: settable 90–150).
        put(admin(), newPatientId(), profile(ONCOLOGY, Map.of("heartRateHigh", 90))).then().statusCode(201);
        put(admin(), newPatientId(), profile(ONCOLOGY, Map.of("heartRateHigh", 150))).then().statusCode(201);
        put(admin(), newPatientId(), profile(ONCOLOGY, Map.of("heartRateCritical", 99)))
                .then().statusCode(422).body("errors.field", hasItem("thresholds.heartRateCritical"));
    }

    @Test
    void shouldAnswer422ForAHighFeverBelowTheFeverLine() {
        put(admin(), newPatientId(), profile(ONCOLOGY, Map.of("highFeverCelsius", 37.9)))
                .then().statusCode(422).contentType(PROBLEM_JSON)
                .body("errors.field", hasItem("thresholds.highFeverCelsius"));
        // Raising the fever line above the high-fever line in force is refused too: the merged set counts.
        put(admin(), newPatientId(), profile(ONCOLOGY, Map.of("feverCelsius", 38.5, "highFeverCelsius", 38.4)))
                .then().statusCode(422)
                .body("errors.field", hasItem("thresholds.highFeverCelsius"));
        put(admin(), newPatientId(), profile(ONCOLOGY, Map.of("feverCelsius", 38.5, "highFeverCelsius", 38.8)))
                .then().statusCode(201)
                .body("thresholds.feverCelsius", equalTo(38.5f))
                .body("thresholds.highFeverCelsius", equalTo(38.8f));
    }

    @Test
    void shouldLeaveAPatientUnchangedWhenAnUpdateIsRefused() {
        String patientId = newPatientId();
        put(admin(), patientId, profile(ONCOLOGY, Map.of("heartRateHigh", 110))).then().statusCode(201);
        put(admin(), patientId, profile(ONCOLOGY, Map.of("heartRateHigh", 151, "noDataMinutes", 20)))
                .then().statusCode(422);
        assertThresholds(get(admin(), patientId).then().statusCode(200),
                withHeartRateHighAndNoData(110, Thresholds.DEFAULTS.noDataMinutes()));
    }

    @Test
    void shouldAnswer422ForUnknownOrNonNumericThresholds() {
        Map<String, Object> thresholds = new HashMap<>();
        thresholds.put("heartRateHig", 110);
        thresholds.put("noDataMinutes", "20");
        thresholds.put("tachycardiaMinutes", 10.5);
        put(admin(), newPatientId(), profile(ONCOLOGY, thresholds))
                .then().statusCode(422).contentType(PROBLEM_JSON)
                .body("errors.field", containsInAnyOrder("thresholds.heartRateHig", "thresholds.noDataMinutes",
                        "thresholds.tachycardiaMinutes"))
                .body("errors.reason", containsInAnyOrder("UNKNOWN_THRESHOLD", "NOT_A_NUMBER", "NOT_A_WHOLE_NUMBER"));
    }

    @Test
    void shouldAnswer422ForBadIdsAndMissingFields() {
        put(admin(), "-starts-with-a-dash", profile(ONCOLOGY, null))
                .then().statusCode(422).contentType(PROBLEM_JSON)
                .body("errors.field", hasItem("patientId"));
        put(admin(), "x".repeat(65), profile(ONCOLOGY, null))
                .then().statusCode(422).body("errors.field", hasItem("patientId"));
        put(admin(), newPatientId(), profile("team with spaces", null))
                .then().statusCode(422).body("errors.field", hasItem("careTeamId"));
        put(admin(), newPatientId(), Map.of("monitoring", true))
                .then().statusCode(422).contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:portwatch:problem:validation-failed"))
                .body("errors.field", hasItems("displayName", "careTeamId", "portSite"));
        put(admin(), newPatientId(), "")
                .then().statusCode(422).contentType(PROBLEM_JSON);
    }

    @Test
    void shouldAnswer400ForMalformedJson() {
        put(admin(), newPatientId(), "{\"displayName\": \"Test\", \"careTeamId\": ")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:portwatch:problem:malformed-request"));
        put(admin(), newPatientId(), "{\"displayName\": \"Test\", \"careTeamId\": \"" + ONCOLOGY
                + "\", \"portSite\": \"CHEST\", \"thresholds\": 5}")
                .then().statusCode(400).contentType(PROBLEM_JSON);
    }

    @Test
    void shouldAnswer401WithoutAValidToken() {
        String patientId = Patients.create(ONCOLOGY);
        given().contentType(ContentType.JSON).body(profile(ONCOLOGY, null)).when().put("/api/v1/patients/" + patientId)
                .then().statusCode(401).contentType(PROBLEM_JSON).header("WWW-Authenticate", "Bearer");
        given().when().get("/api/v1/patients/" + patientId).then().statusCode(401).contentType(PROBLEM_JSON);
        given().when().get("/api/v1/patients").then().statusCode(401);
        given().when().delete("/api/v1/patients/" + patientId).then().statusCode(401);
        given().auth().oauth2("not-a-jwt").when().get("/api/v1/patients/" + patientId).then().statusCode(401);
    }

    @Test
    void shouldAnswer403ToAClinicianPuttingAPatientIntoAnotherCareTeam() {
        String clinician = clinician(ONCOLOGY);
        String patientId = newPatientId();
        put(clinician, patientId, profile(DIALYSIS, null))
                .then().statusCode(403).contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:portwatch:problem:forbidden"));
        get(admin(), patientId).then().statusCode(404);

        // Moving a patient needs both teams: the one it is in now and the one it joins.
        String dialysisPatient = Patients.create(DIALYSIS);
        put(clinician, dialysisPatient, profile(ONCOLOGY, null)).then().statusCode(404);
        get(admin(), dialysisPatient).then().statusCode(200).body("careTeamId", equalTo(DIALYSIS));
        put(clinician(ONCOLOGY, DIALYSIS), dialysisPatient, profile(ONCOLOGY, null))
                .then().statusCode(200).body("careTeamId", equalTo(ONCOLOGY));
    }

    /** Everything of an answer a client can compare: status, content type, and the problem without its instance. */
    private static String comparable(io.restassured.response.Response response) {
        Map<String, Object> problem = new HashMap<>(response.then().extract().jsonPath().getMap("$"));
        problem.remove("instance");
        return response.statusCode() + " " + response.contentType() + " " + new java.util.TreeMap<>(problem);
    }

    @Test
    void shouldAnswerAClinicianUpdatingAnotherTeamsPatientExactlyAsForAnUnknownPatient() {
        String dialysisPatient = Patients.create(DIALYSIS);
        String clinician = clinician(ONCOLOGY);
        io.restassured.response.Response unknownGet = get(clinician, "patient-unknown");
        io.restassured.response.Response theirsGet = get(clinician, dialysisPatient);
        io.restassured.response.Response theirsPut = put(clinician, dialysisPatient, profile(ONCOLOGY, null));
        io.restassured.response.Response theirsDelete = discharge(clinician, dialysisPatient);
        io.restassured.response.Response unknownDelete = discharge(clinician, "patient-unknown");

        org.assertj.core.api.Assertions.assertThat(unknownGet.statusCode()).isEqualTo(404);
        org.assertj.core.api.Assertions.assertThat(comparable(theirsGet)).isEqualTo(comparable(unknownGet));
        org.assertj.core.api.Assertions.assertThat(comparable(theirsPut)).isEqualTo(comparable(unknownGet));
        org.assertj.core.api.Assertions.assertThat(comparable(theirsDelete)).isEqualTo(comparable(unknownDelete));
        // The problem names the path asked for, nothing of the patient or its team.
        org.assertj.core.api.Assertions.assertThat(theirsPut.asString()).doesNotContain(DIALYSIS).doesNotContain("Test Patient");
        // And nothing changed.
        get(admin(), dialysisPatient).then().statusCode(200).body("careTeamId", equalTo(DIALYSIS))
                .body("monitoring", equalTo(true));
    }

    @Test
    void shouldNeverShowAnAdministratorAPatientsDisplayName() {
        String team = "team-" + newPatientId();
        String patientId = newPatientId();
        put(admin(), patientId, profile(team, null)).then().statusCode(201)
                .body("patientId", equalTo(patientId)).body("$", not(org.hamcrest.Matchers.hasKey("displayName")));
        put(admin(), patientId, profile(team, Map.of("heartRateHigh", 115))).then().statusCode(200)
                .body("$", not(org.hamcrest.Matchers.hasKey("displayName")));
        get(admin(), patientId).then().statusCode(200)
                .body("careTeamId", equalTo(team)).body("$", not(org.hamcrest.Matchers.hasKey("displayName")));
        given().auth().oauth2(admin()).queryParam("careTeamId", team).when().get("/api/v1/patients")
                .then().statusCode(200).body("items.patientId", containsInAnyOrder(patientId))
                .body("items[0]", not(org.hamcrest.Matchers.hasKey("displayName")));
        // An administrator who is also a clinician sees names of their own teams' patients only.
        String adminClinician = org.portwatch.infra.testing.SharedInfra.jwt().token("dr-both",
                java.util.Set.of("admin", "clinician"), java.util.Set.of(ONCOLOGY), java.time.Duration.ofMinutes(30));
        get(adminClinician, patientId).then().statusCode(200).body("$", not(org.hamcrest.Matchers.hasKey("displayName")));
        String own = Patients.create(ONCOLOGY);
        get(adminClinician, own).then().statusCode(200).body("displayName", equalTo("Test Patient"));
        // The clinician of the patient's team reads it.
        get(clinician(team), patientId).then().statusCode(200).body("displayName", equalTo("Test Patient"));
    }

    @Test
    void shouldAnswer404ToAClinicianReadingAnotherCareTeamsPatient() {
        String patientId = Patients.create(DIALYSIS);
        String clinician = clinician(ONCOLOGY);
        get(clinician, patientId).then().statusCode(404).contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:portwatch:problem:not-found"))
                .body("detail", equalTo(get(clinician, "no-such-patient").then().extract().path("detail")));
        discharge(clinician, patientId).then().statusCode(404);
        get(admin(), patientId).then().statusCode(200).body("monitoring", equalTo(true));
        given().auth().oauth2(clinician).queryParam("careTeamId", DIALYSIS).when().get("/api/v1/patients")
                .then().statusCode(200).body("items", empty()).body("total", equalTo(0));
    }

    @Test
    void shouldLetAClinicianManageTheirOwnTeamsPatients() {
        String clinician = clinician(ONCOLOGY);
        String patientId = newPatientId();
        put(clinician, patientId, profile(ONCOLOGY, Map.of("heartRateHigh", 120))).then().statusCode(201);
        get(clinician, patientId).then().statusCode(200).body("thresholds.heartRateHigh", equalTo(120f));
        Map<String, Object> paused = profile(ONCOLOGY, null);
        paused.put("monitoring", false);
        put(clinician, patientId, paused).then().statusCode(200)
                .body("monitoring", equalTo(false))
                .body("thresholds.heartRateHigh", equalTo(120f));
        discharge(clinician, patientId).then().statusCode(204);
    }

    @Test
    void shouldLetAnAdminDoEverything() {
        String patientId = newPatientId();
        put(admin(), patientId, profile(DIALYSIS, null)).then().statusCode(201);
        put(admin(), patientId, profile(ONCOLOGY, Map.of("sepsisHeartRate", 95))).then().statusCode(200)
                .body("careTeamId", equalTo(ONCOLOGY));
        get(admin(), patientId).then().statusCode(200).body("thresholds.sepsisHeartRate", equalTo(95f));
        given().auth().oauth2(admin()).queryParam("careTeamId", ONCOLOGY).queryParam("size", 200)
                .when().get("/api/v1/patients")
                .then().statusCode(200)
                .body("items.careTeamId", everyItem(equalTo(ONCOLOGY)));
        discharge(admin(), patientId).then().statusCode(204);
        get(admin(), patientId).then().statusCode(200).body("dischargedAt", notNullValue());
    }

    @Test
    void shouldListOnlyTheCareTeamsOfAClinician() {
        String team = "team-" + newPatientId();
        String other = "team-" + newPatientId();
        String first = Patients.create(team);
        String second = Patients.create(team);
        String elsewhere = Patients.create(other);

        given().auth().oauth2(clinician(team)).when().get("/api/v1/patients")
                .then().statusCode(200)
                .body("items.patientId", containsInAnyOrder(first, second))
                .body("total", equalTo(2));
        given().auth().oauth2(clinician(team)).queryParam("size", 1).queryParam("page", 1).when().get("/api/v1/patients")
                .then().statusCode(200)
                .body("items.patientId", containsInAnyOrder(first.compareTo(second) < 0 ? second : first))
                .body("page", equalTo(1)).body("size", equalTo(1)).body("total", equalTo(2));
        given().auth().oauth2(admin()).queryParam("careTeamId", other).when().get("/api/v1/patients")
                .then().statusCode(200).body("items.patientId", containsInAnyOrder(elsewhere));
        given().auth().oauth2(admin()).queryParam("size", 0).when().get("/api/v1/patients")
                .then().statusCode(422).contentType(PROBLEM_JSON);
    }

    @Test
    void shouldDischargeAPatientButKeepTheRecord() {
        String patientId = Patients.create(ONCOLOGY);
        discharge(admin(), patientId).then().statusCode(204);
        get(admin(), patientId).then().statusCode(200)
                .body("monitoring", equalTo(false))
                .body("dischargedAt", notNullValue())
                .body("thresholds.heartRateHigh", equalTo((float) Thresholds.DEFAULTS.heartRateHigh()));
        discharge(admin(), patientId).then().statusCode(204);
        given().auth().oauth2(admin()).queryParam("careTeamId", ONCOLOGY).queryParam("size", 200)
                .when().get("/api/v1/patients")
                .then().statusCode(200).body("items.patientId", not(hasItem(patientId)));
        given().auth().oauth2(admin()).queryParam("careTeamId", ONCOLOGY).queryParam("includeDischarged", true)
                .queryParam("size", 200).when().get("/api/v1/patients")
                .then().statusCode(200).body("items.patientId", hasItem(patientId));

        // A new PUT admits the patient again.
        put(admin(), patientId, profile(ONCOLOGY, null)).then().statusCode(200)
                .body("monitoring", equalTo(true))
                .body("dischargedAt", nullValue());
    }

    @Test
    void shouldAnswer404WhenDischargingAnUnknownPatient() {
        discharge(admin(), newPatientId()).then().statusCode(404).contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:portwatch:problem:not-found"));
        get(admin(), newPatientId()).then().statusCode(404).contentType(PROBLEM_JSON);
    }

    @Test
    void shouldDocumentEveryPatientEndpointInOpenApi() {
        given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths.'/api/v1/patients/{patientId}'.keySet()", hasItems("put", "get", "delete"))
                .body("paths.'/api/v1/patients/{patientId}'.put.responses.keySet()",
                        hasItems("200", "201", "400", "401", "403", "422"))
                .body("paths.'/api/v1/patients/{patientId}'.put.requestBody.content.'application/json'.examples.keySet()",
                        hasItems("defaults", "thresholds"))
                .body("paths.'/api/v1/patients/{patientId}'.get.responses.'200'.content.'application/json'.examples",
                        notNullValue())
                .body("paths.'/api/v1/patients/{patientId}'.delete.responses.keySet()", hasItems("204", "404"))
                .body("paths.'/api/v1/patients'.get.responses.'200'.content.'application/json'.examples", notNullValue());
    }
}
