package org.portwatch.alert.limit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.portwatch.infra.testing.SharedInfra;

/**
 * Every route of alert-service has a body limit by kind (commands 16 KiB, the escalation policy 64 KiB, reads none),
 * answered 413 problem+json, with or without a Content-Length; nothing is stored.
 */
@QuarkusTest
class BodyLimitTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String TOO_LARGE = "urn:portwatch:problem:payload-too-large";

    private static String admin() {
        return SharedInfra.jwt().adminToken(Duration.ofMinutes(5));
    }

    private static void assertTooLarge(Response response) {
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.contentType()).startsWith(PROBLEM_JSON);
        assertThat(response.jsonPath().getString("type")).isEqualTo(TOO_LARGE);
    }

    private static String profile(String padding) {
        return "{\"displayName\": \"Body Limit\", \"careTeamId\": \"oncology-day-unit\", \"portSite\": \"CHEST\","
                + " \"monitoring\": true" + padding + "}";
    }

    @Test
    void shouldRefuseACommandOver16KibAndStoreNothing() {
        String patientId = "patient-" + UUID.randomUUID().toString().substring(0, 8);
        // Valid JSON, only too big: whitespace is what the limit counts, not what the fields hold.
        assertTooLarge(given().auth().oauth2(admin()).contentType(ContentType.JSON).body(profile(" ".repeat(17_000)))
                .when().put("/api/v1/patients/" + patientId));
        given().auth().oauth2(admin()).when().get("/api/v1/patients/" + patientId).then().statusCode(404);
        // The same body under the limit is taken.
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(profile(" ".repeat(15_000)))
                .when().put("/api/v1/patients/" + patientId).then().statusCode(201);

        String note = "{\"note\": \"" + "x".repeat(17_000) + "\"}";
        assertTooLarge(given().auth().oauth2(SharedInfra.jwt().clinicianToken("dr-big", Set.of("oncology-day-unit"),
                Duration.ofMinutes(5))).contentType(ContentType.JSON).body(note)
                .when().post("/api/v1/alerts/" + UUID.randomUUID() + "/acknowledge"));
    }

    @Test
    void shouldTakeAnEscalationPolicyUpTo64KibAndNoMore() {
        String careTeam = "team-" + UUID.randomUUID().toString().substring(0, 8);
        String policy = "{\"contacts\": [\"dr-a\"]%s}";
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(policy.formatted(" ".repeat(40_000)))
                .when().put("/api/v1/care-teams/" + careTeam + "/escalation-policy")
                .then().statusCode(200).body("contacts", equalTo(java.util.List.of("dr-a")));
        assertTooLarge(given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(policy.formatted(" ".repeat(70_000)))
                .when().put("/api/v1/care-teams/" + careTeam + "/escalation-policy"));
    }

    @Test
    void shouldRefuseABodyOnARequestThatReadsNone() {
        assertTooLarge(given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"x\": 1}")
                .when().get("/api/v1/patients"));
        assertTooLarge(given().contentType(ContentType.JSON).body("{\"x\": 1}").when().get("/"));
    }

    @Test
    void shouldRefuseAChunkedBodyOverTheHttpCeilingWithProblemJson() {
        String patientId = "patient-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] huge = profile(" ".repeat(100_000)).getBytes(StandardCharsets.UTF_8);
        // An InputStream body is sent chunked: no Content-Length to refuse it by.
        assertTooLarge(given().auth().oauth2(admin()).contentType(ContentType.JSON).body(new ByteArrayInputStream(huge))
                .when().put("/api/v1/patients/" + patientId));
        given().auth().oauth2(admin()).when().get("/api/v1/patients/" + patientId).then().statusCode(404);
    }
}
