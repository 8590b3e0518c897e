package org.portwatch.ingest.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.portwatch.ingest.support.Devices;
import org.portwatch.ingest.support.Tokens;

/**
 * A NUL (or any control character) in a path or query value reached PostgreSQL, which cannot compare text holding
 * one: {@code GET /api/v1/devices/%00} answered 500. service-common's ControlCharacters filter now refuses it with
 * 400 problem+json before any resource runs, here as in alert-service.
 */
@QuarkusTest
class ControlCharactersTest {

    /** The paths are sent as written: %00 must reach the server as the escape of a NUL. */
    private static RequestSpecification as(String token) {
        return given().urlEncodingEnabled(false).auth().oauth2(token);
    }

    private static void assertMalformed(Response response) {
        response.then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:portwatch:problem:malformed-request"));
    }

    @Test
    void shouldAnswer400ProblemJsonForAControlCharacterInAPathOrQuery() {
        Devices.Registered device = Devices.register();
        String admin = Tokens.admin();
        for (String path : new String[] {"/api/v1/devices/%00", "/api/v1/devices/patch%00x",
            "/api/v1/audit?actor=x%00", "/api/v1/audit?targetId=%1B"}) {
            assertMalformed(as(admin).get(path));
        }
        assertMalformed(as(admin).delete("/api/v1/devices/" + device.deviceId() + "%00"));
        assertMalformed(as(device.token()).contentType("application/json").body("{\"readings\": []}")
                .post("/api/v1/readings?source=%00"));

        // The device a NUL-laden DELETE could not name is still active, and ordinary ids still work.
        as(admin).get("/api/v1/devices/" + device.deviceId()).then().statusCode(200).body("status", equalTo("ACTIVE"));
        as(admin).get("/api/v1/audit?targetId=" + device.deviceId()).then().statusCode(200);
    }

    @Test
    void shouldAnswer422ForAnUnpairedSurrogateInAModelAndAcceptAPairedOne() {
        String admin = Tokens.admin();
        String lone = "lone-" + System.nanoTime();
        // JSON escapes: a high surrogate alone (not Unicode text; PostgreSQL refused it with a 500), then a whole pair.
        given().auth().oauth2(admin).contentType("application/json")
                .body("{\"deviceId\": \"" + lone + "\", \"patientId\": \"patient-text\", \"model\": \"Patch \\udbe5 2\"}")
                .post("/api/v1/devices")
                .then().statusCode(422).contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("model"));
        given().auth().oauth2(admin).get("/api/v1/devices/" + lone).then().statusCode(404);

        String paired = "paired-" + System.nanoTime();
        given().auth().oauth2(admin).contentType("application/json")
                .body("{\"deviceId\": \"" + paired + "\", \"patientId\": \"patient-text\", \"model\": \"Patch \\ud83d\\ude00 2\"}")
                .post("/api/v1/devices")
                .then().statusCode(201);
    }
}
