package org.portwatch.ingest.limit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.portwatch.ingest.support.Devices;
import org.portwatch.ingest.support.Tokens;

/** Every endpoint has a body limit, answered 413 problem+json, with or without a Content-Length; nothing is stored. */
@QuarkusTest
class BodyLimitTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    @Test
    void shouldRefuseARegistrationBodyOver16KibAndRegisterNothing() {
        String deviceId = "big-" + UUID.randomUUID().toString().substring(0, 8);
        String body = "{\"deviceId\": \"" + deviceId + "\", \"patientId\": \"patient-1\", \"model\": \""
                + "x".repeat(20_000) + "\"}";
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/devices")
                .then().statusCode(413).contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:portwatch:problem:payload-too-large"));
        given().auth().oauth2(Tokens.admin()).when().get("/api/v1/devices/" + deviceId).then().statusCode(404);
    }

    @Test
    void shouldRefuseAChunkedBodyOverTheHttpCeilingWithProblemJson() {
        Devices.Registered device = Devices.register();
        byte[] huge = ("{\"readings\": [" + " ".repeat(3 * 1024 * 1024) + "]}").getBytes(StandardCharsets.UTF_8);
        // An InputStream body is sent chunked: no Content-Length to refuse it by.
        InputStream chunked = new ByteArrayInputStream(huge);
        var response = given().auth().oauth2(device.token()).contentType(ContentType.JSON).body(chunked)
                .when().post("/api/v1/readings");
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.contentType()).startsWith(PROBLEM_JSON);
        assertThat(response.jsonPath().getString("type")).isEqualTo("urn:portwatch:problem:payload-too-large");
    }

    @Test
    void shouldRefuseAChunkedRegistrationOverTheHttpCeilingWithProblemJson() {
        byte[] huge = ("{\"deviceId\": \"x\", \"model\": \"" + "x".repeat(3 * 1024 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        var response = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(new ByteArrayInputStream(huge)).when().post("/api/v1/devices");
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.contentType()).startsWith(PROBLEM_JSON);
    }
}
