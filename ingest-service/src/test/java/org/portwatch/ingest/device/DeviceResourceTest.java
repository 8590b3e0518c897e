package org.portwatch.ingest.device;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.portwatch.ingest.support.Tokens;

@QuarkusTest
class DeviceResourceTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    private static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void shouldRegisterADeviceAndShowItsTokenOnlyOnce() {
        String deviceId = newId("patch");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("deviceId", deviceId, "patientId", "patient-1", "model", "ThermoPatch 2"))
                .when().post("/api/v1/devices")
                .then().statusCode(201)
                .header("Location", endsWith("/api/v1/devices/" + deviceId))
                .body("deviceId", equalTo(deviceId))
                .body("patientId", equalTo("patient-1"))
                .body("status", equalTo("ACTIVE"))
                .body("token", startsWith("pwd_"));

        given().auth().oauth2(Tokens.admin()).when().get("/api/v1/devices/" + deviceId)
                .then().statusCode(200)
                .body("deviceId", equalTo(deviceId))
                .body("model", equalTo("ThermoPatch 2"))
                .body("createdAt", notNullValue())
                .body("token", nullValue());
    }

    @Test
    void shouldAnswer409ToADuplicateDeviceId() {
        String deviceId = newId("patch");
        Map<String, String> body = Map.of("deviceId", deviceId, "patientId", "patient-1");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/devices").then().statusCode(201);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("deviceId", deviceId, "patientId", "patient-2"))
                .when().post("/api/v1/devices")
                .then().statusCode(409).contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:portwatch:problem:conflict"));
        given().auth().oauth2(Tokens.admin()).when().get("/api/v1/devices/" + deviceId)
                .then().statusCode(200).body("patientId", equalTo("patient-1"));
    }

    @Test
    void shouldAnswer422NamingInvalidFields() {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("deviceId", "has spaces", "patientId", ""))
                .when().post("/api/v1/devices")
                .then().statusCode(422).contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:portwatch:problem:validation-failed"))
                .body("errors.field", hasItem("deviceId"))
                .body("errors.field", hasItem("patientId"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"deviceId\": [1]}")
                .when().post("/api/v1/devices")
                .then().statusCode(400).contentType(PROBLEM_JSON);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("")
                .when().post("/api/v1/devices")
                .then().statusCode(422).contentType(PROBLEM_JSON);
    }

    @Test
    void shouldLetOnlyAdminsManageDevices() {
        Map<String, String> body = Map.of("deviceId", newId("patch"), "patientId", "patient-1");
        given().contentType(ContentType.JSON).body(body).when().post("/api/v1/devices")
                .then().statusCode(401).contentType(PROBLEM_JSON);
        given().auth().oauth2("not-a-jwt").contentType(ContentType.JSON).body(body).when().post("/api/v1/devices")
                .then().statusCode(401).contentType(PROBLEM_JSON);
        given().auth().oauth2(Tokens.clinician()).contentType(ContentType.JSON).body(body).when().post("/api/v1/devices")
                .then().statusCode(403).contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:portwatch:problem:forbidden"));
        given().auth().oauth2(Tokens.clinician()).when().get("/api/v1/devices/" + body.get("deviceId"))
                .then().statusCode(403);
    }

    @Test
    void shouldRevokeIdempotentlyAndKeepTheRecord() {
        String deviceId = newId("patch");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("deviceId", deviceId, "patientId", "patient-1"))
                .when().post("/api/v1/devices").then().statusCode(201);

        given().auth().oauth2(Tokens.admin()).when().delete("/api/v1/devices/" + deviceId).then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).when().delete("/api/v1/devices/" + deviceId).then().statusCode(204);

        given().auth().oauth2(Tokens.admin()).when().get("/api/v1/devices/" + deviceId)
                .then().statusCode(200)
                .body("status", equalTo("REVOKED"))
                .body("revokedAt", notNullValue());
    }

    @Test
    void shouldAnswer404ForUnknownDevices() {
        given().auth().oauth2(Tokens.admin()).when().get("/api/v1/devices/no-such-device")
                .then().statusCode(404).contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:portwatch:problem:not-found"));
        given().auth().oauth2(Tokens.admin()).when().delete("/api/v1/devices/no-such-device")
                .then().statusCode(404).contentType(PROBLEM_JSON);
    }

    @Test
    void shouldAuditRegistrationAndTheFirstRevocationForAdminsOnly() {
        String deviceId = "audit-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("deviceId", deviceId, "patientId", "patient-7"))
                .when().post("/api/v1/devices").then().statusCode(201);
        given().auth().oauth2(Tokens.admin()).when().delete("/api/v1/devices/" + deviceId).then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).when().delete("/api/v1/devices/" + deviceId).then().statusCode(204);

        io.restassured.path.json.JsonPath audit = given().auth().oauth2(Tokens.admin())
                .queryParam("targetType", "device").queryParam("targetId", deviceId)
                .when().get("/api/v1/audit").then().statusCode(200).extract().jsonPath();
        org.assertj.core.api.Assertions.assertThat(audit.getList("items.action"))
                .containsExactly("device.revoke", "device.register");
        org.assertj.core.api.Assertions.assertThat(audit.getString("items[1].details.patientId")).isEqualTo("patient-7");
        org.assertj.core.api.Assertions.assertThat(audit.getList("items.actor")).doesNotContain("unknown");
        // The token is never in the trail.
        org.assertj.core.api.Assertions.assertThat(audit.prettify()).doesNotContain("pwd_");

        given().auth().oauth2(Tokens.clinician()).when().get("/api/v1/audit").then().statusCode(403);
        given().when().get("/api/v1/audit").then().statusCode(401);
    }
}
