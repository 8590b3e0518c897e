package org.portwatch.alert.security;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.portwatch.alert.alerts.AlertEvents;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.Severity;

/**
 * What the matrix and the fuzzer act on, made through the API as a hospital's clients would: patients, alerts of
 * record, webhooks and push subscriptions. Each suite makes its own care team, so their rows never meet other tests'.
 */
final class Fixtures {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Fixtures() {
    }

    /** A patient of {@code careTeamId}, enrolled by an administrator. */
    static String patient(String careTeamId) {
        return AlertEvents.enrol(careTeamId);
    }

    /**
     * {@code count} open LOW alerts of record of {@code careTeamId}, one patient each, as the detector raises them:
     * LOW, so no escalation round touches them while a suite runs. Waits until the consumer has recorded them all.
     */
    static List<String> alerts(String careTeamId, int count) {
        List<AlertEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(AlertEvents.raised(patient(careTeamId), Severity.LOW));
        }
        AlertEvents.publish(events.toArray(AlertEvent[]::new));
        String clinician = AlertEvents.clinician("fixtures-" + UUID.randomUUID(), careTeamId);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(clinician)
                .queryParam("size", 200).when().get("/api/v1/alerts")
                .then().statusCode(200).extract().jsonPath().getInt("total") == count);
        return events.stream().map(AlertEvent::alertId).toList();
    }

    /** Snoozes {@code alertId} (again) as {@code clinicianToken}; answers the path of its snooze. */
    static String snoozed(String alertId, String clinicianToken) {
        String path = "/api/v1/alerts/" + alertId + "/snooze";
        given().auth().oauth2(clinicianToken).contentType(io.restassured.http.ContentType.JSON)
                .body(java.util.Map.of("duration", "PT30M", "reason", "in the shower")).when().post(path)
                .then().statusCode(200);
        return path;
    }

    /** A new silence of {@code patientId}'s NO_DATA by {@code clinicianToken}; answers its path. */
    static String silence(String patientId, String clinicianToken) {
        String path = "/api/v1/patients/" + patientId + "/silences";
        return path + "/" + given().auth().oauth2(clinicianToken).contentType(io.restassured.http.ContentType.JSON)
                .body(java.util.Map.of("duration", "PT1H", "reason", "device charging")).when().post(path)
                .then().statusCode(201).extract().jsonPath().getString("silenceId");
    }

    /** A webhook of {@code careTeamId} for escalations (none come while a suite runs), on a loopback port nothing serves. */
    static String webhook(String careTeamId) {
        return given().auth().oauth2(AlertEvents.admin()).contentType(ContentType.JSON)
                .body(Map.of("url", "http://127.0.0.1:9/hooks/" + UUID.randomUUID(), "audience", "ESCALATION"))
                .when().post("/api/v1/care-teams/" + careTeamId + "/webhooks")
                .then().statusCode(201).extract().path("id");
    }

    /** A browser's push subscription (PushSubscription.toJSON()), for a fresh endpoint on a loopback port. */
    static Map<String, Object> subscription() {
        Map<String, Object> body = new HashMap<>();
        body.put("endpoint", "http://127.0.0.1:9/push/" + UUID.randomUUID());
        body.put("expirationTime", null);
        body.put("keys", Map.of("p256dh", p256dh(), "auth", base64Url(random(16))));
        return body;
    }

    /** Subscribes the bearer of {@code clinicianToken}; answers the subscription's id. */
    static String subscribed(String clinicianToken) {
        return given().auth().oauth2(clinicianToken).contentType(ContentType.JSON).body(subscription())
                .when().post("/api/v1/push/subscriptions").then().statusCode(201).extract().path("id");
    }

    /** A fresh P-256 public key, uncompressed (0x04 || x || y), base64url: what a browser sends as keys.p256dh. */
    private static String p256dh() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            ECPublicKey key = (ECPublicKey) generator.generateKeyPair().getPublic();
            byte[] point = new byte[65];
            point[0] = 4;
            copyUnsigned(key.getW().getAffineX().toByteArray(), point, 1);
            copyUnsigned(key.getW().getAffineY().toByteArray(), point, 33);
            return base64Url(point);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A coordinate as exactly 32 big-endian bytes: BigInteger may add a sign byte or drop leading zeros. */
    private static void copyUnsigned(byte[] value, byte[] target, int offset) {
        int length = Math.min(value.length, 32);
        System.arraycopy(value, value.length - length, target, offset + 32 - length, length);
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
