package org.portwatch.ingest.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;

/** Registers devices through the public API, as an administrator would. */
public final class Devices {

    private Devices() {
    }

    /** A device registered to a fresh patient. */
    public record Registered(String deviceId, String patientId, String token) {
    }

    public static Registered register() {
        return register("patient-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Another device of a patient (a patch and a phone, say): its readings share the patient's partition. */
    public static Registered register(String patientId) {
        String deviceId = "patch-" + UUID.randomUUID().toString().substring(0, 8);
        String token = given().auth().oauth2(Tokens.admin())
                .contentType(ContentType.JSON)
                .body(Map.of("deviceId", deviceId, "patientId", patientId, "model", "ThermoPatch 2"))
                .when().post("/api/v1/devices")
                .then().statusCode(201)
                .extract().path("token");
        return new Registered(deviceId, patientId, token);
    }
}
