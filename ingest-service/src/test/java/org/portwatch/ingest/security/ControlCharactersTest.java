package org.portwatch.ingest.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URI base;

    private HttpResponse<String> send(String method, String pathAndQuery, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString("{\"readings\":[]}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldAnswer400ProblemJsonForAControlCharacterInAPathOrQuery() throws Exception {
        Devices.Registered device = Devices.register();
        String admin = Tokens.admin();
        for (String[] request : new String[][] {
            {"GET", "/api/v1/devices/%00", admin}, {"GET", "/api/v1/devices/patch%00x", admin},
            {"DELETE", "/api/v1/devices/" + device.deviceId() + "%00", admin},
            {"GET", "/api/v1/audit?actor=x%00", admin}, {"GET", "/api/v1/audit?targetId=%1B", admin},
            {"POST", "/api/v1/readings?source=%00", device.token()}}) {
            HttpResponse<String> response = send(request[0], request[1], request[2]);
            assertThat(response.statusCode()).as(request[1]).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(request[1])
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body()).as(request[1]).contains("urn:portwatch:problem:malformed-request");
        }
        // The device a NUL-laden DELETE could not name is still active, and ordinary ids still work.
        given().auth().oauth2(admin).when().get("/api/v1/devices/" + device.deviceId())
                .then().statusCode(200).body("status", equalTo("ACTIVE"));
        assertThat(send("GET", "/api/v1/audit?targetId=" + device.deviceId(), admin).statusCode()).isEqualTo(200);
    }
}
