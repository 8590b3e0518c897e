package org.portwatch.alert.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.alerts.AlertEvents;
import org.portwatch.service.security.ControlCharacters;

/**
 * Regression of what security.FuzzTest found: a NUL in a path or query parameter reached PostgreSQL, which cannot
 * compare text holding one, and the request answered 500. It is now 400 problem+json before any resource runs.
 */
@QuarkusTest
class ControlCharactersTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URI base;

    private HttpResponse<String> send(String method, String pathAndQuery, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldAnswer400ProblemJsonForANulInAPathOrQueryParameter() throws Exception {
        String team = AlertEvents.team();
        String patient = AlertEvents.enrol(team);
        String clinician = AlertEvents.clinician("dr-nul", team);
        String admin = AlertEvents.admin();
        for (String[] request : new String[][] {
            {"GET", "/api/v1/patients/%00", clinician}, {"DELETE", "/api/v1/patients/a%00b", clinician},
            {"GET", "/api/v1/alerts?patientId=%00", clinician}, {"GET", "/api/v1/alerts/unassigned?patientId=%00", admin},
            {"GET", "/api/v1/patients?careTeamId=%1B", admin}, {"GET", "/api/v1/audit?actor=x%00", admin}}) {
            HttpResponse<String> response = send(request[0], request[1], request[2]);
            assertThat(response.statusCode()).as(request[1]).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(request[1])
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body()).as(request[1]).contains("urn:portwatch:problem:malformed-request");
        }
        // The patient a NUL-laden DELETE could not name is still under monitoring, and ordinary ids still work.
        assertThat(send("GET", "/api/v1/patients/" + patient, clinician).body()).contains("\"monitoring\":true");
        assertThat(Set.of(send("GET", "/api/v1/alerts?patientId=" + patient, clinician).statusCode())).containsExactly(200);
    }

    @Test
    void shouldAnswer422ForANulInTheTextOfABody() {
        String team = AlertEvents.team();
        String patient = AlertEvents.enrol(team);
        String clinician = AlertEvents.clinician("dr-nul-body", team);
        String alert = Fixtures.alerts(team, 1).get(0);
        given().auth().oauth2(clinician).contentType(ContentType.JSON).body(Map.of("note", "on my way\u0000"))
                .when().post("/api/v1/alerts/" + alert + "/acknowledge").then().statusCode(422)
                .contentType(AlertEvents.PROBLEM_JSON);
        given().auth().oauth2(clinician).contentType(ContentType.JSON)
                .body(Map.of("displayName", "Jane\u0000Doe", "careTeamId", team, "portSite", "CHEST"))
                .when().put("/api/v1/patients/" + patient).then().statusCode(422).contentType(AlertEvents.PROBLEM_JSON);
        given().auth().oauth2(AlertEvents.admin()).contentType(ContentType.JSON)
                .body(Map.of("contacts", List.of("dr-\u0000")))
                .when().put("/api/v1/care-teams/" + team + "/escalation-policy").then().statusCode(422)
                .contentType(AlertEvents.PROBLEM_JSON);
        // Nothing of it was stored: the alert is still open, the name and the policy's contacts as they were.
        given().auth().oauth2(clinician).when().get("/api/v1/alerts/" + alert).then().statusCode(200)
                .body("alert.status", org.hamcrest.Matchers.equalTo("OPEN"));
        given().auth().oauth2(clinician).when().get("/api/v1/patients/" + patient).then().statusCode(200)
                .body("displayName", org.hamcrest.Matchers.equalTo("Jane Doe (bed 12)"));
        given().auth().oauth2(AlertEvents.admin()).when().get("/api/v1/care-teams/" + team + "/escalation-policy")
                .then().statusCode(200).body("contacts", org.hamcrest.Matchers.empty());
    }

    @Test
    void shouldAnswer422ForAnUnpairedSurrogateInTheTextOfABody() {
        String team = AlertEvents.team();
        String patient = AlertEvents.enrol(team);
        String clinician = AlertEvents.clinician("dr-surrogate", team);
        String alert = Fixtures.alerts(team, 1).get(0);
        // JSON escapes of a high surrogate without its low half: not Unicode text, which PostgreSQL refuses (500).
        given().auth().oauth2(clinician).contentType(ContentType.JSON).body("{\"note\": \"on my way \\udbe5\"}")
                .when().post("/api/v1/alerts/" + alert + "/acknowledge").then().statusCode(422)
                .contentType(AlertEvents.PROBLEM_JSON);
        given().auth().oauth2(clinician).contentType(ContentType.JSON)
                .body("{\"displayName\": \"Jane \\udbe5\", \"careTeamId\": \"" + team + "\", \"portSite\": \"CHEST\"}")
                .when().put("/api/v1/patients/" + patient).then().statusCode(422).contentType(AlertEvents.PROBLEM_JSON);
        given().auth().oauth2(AlertEvents.admin()).contentType(ContentType.JSON).body("{\"contacts\": [\"dr-\\udbe5\"]}")
                .when().put("/api/v1/care-teams/" + team + "/escalation-policy").then().statusCode(422)
                .contentType(AlertEvents.PROBLEM_JSON);
        given().auth().oauth2(clinician).when().get("/api/v1/alerts/" + alert).then().statusCode(200)
                .body("alert.status", org.hamcrest.Matchers.equalTo("OPEN"));
        // A whole pair is text like any other.
        given().auth().oauth2(clinician).contentType(ContentType.JSON)
                .body("{\"displayName\": \"Jane \\ud83d\\ude00\", \"careTeamId\": \"" + team + "\", \"portSite\": \"CHEST\"}")
                .when().put("/api/v1/patients/" + patient).then().statusCode(200);
        assertThat(ControlCharacters.unpairedSurrogate("Jane \udbe5")).isTrue();
        assertThat(ControlCharacters.unpairedSurrogate("Jane \ud83d\ude00")).isFalse();
    }

    @Test
    void shouldTellAControlCharacterFromOrdinaryText() {
        assertThat(ControlCharacters.contains("patient-0042")).isFalse();
        assertThat(ControlCharacters.contains("Zoë €")).isFalse();
        assertThat(ControlCharacters.contains("a\u0000b")).isTrue();
        assertThat(ControlCharacters.contains("\u001b[2J")).isTrue();
        assertThat(ControlCharacters.contains("\u0085")).isTrue();
    }
}
