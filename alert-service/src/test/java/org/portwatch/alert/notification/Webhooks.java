package org.portwatch.alert.notification;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.portwatch.alert.alerts.AlertEvents;

/** Registers webhooks through the API and checks signatures as a receiver would, independently of the sender. */
public final class Webhooks {

    private Webhooks() {
    }

    /** Registers {@code url} for {@code careTeamId} and answers {id, secret, ...}. */
    public static JsonPath register(String careTeamId, String url, String audience) {
        return given().auth().oauth2(AlertEvents.admin()).contentType(ContentType.JSON)
                .body(Map.of("url", url, "audience", audience))
                .when().post("/api/v1/care-teams/" + careTeamId + "/webhooks")
                .then().statusCode(201).extract().jsonPath();
    }

    /** The Standard Webhooks v1 signature of a delivery, computed here from the secret. */
    public static String expectedSignature(String secret, LoopbackReceiver.Delivery delivery) {
        return expectedSignature(secret, delivery.id(), delivery.timestamp(), delivery.body());
    }

    /**
     * {@code v1,} + base64 of HMAC-SHA256(key of {@code whsec_<base64 key>}, {@code id.timestamp.body}): the
     * specification's computation written out here, so that tests do not check the signer with itself.
     */
    public static String expectedSignature(String secret, String id, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
