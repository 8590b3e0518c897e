package org.portwatch.alert.notification.webhook;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.portwatch.alert.notification.LoopbackReceiver;
import org.portwatch.alert.notification.Notification;
import org.portwatch.infra.testing.SharedInfra;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.Severity;

/**
 * Webhooks in tests: tokens, teams and requests as an administrator's client would send them, and signatures checked
 * as a receiver would check them, independently of the sender. The one such helper of the module.
 */
public final class Webhooks {

    static final String PROBLEM_JSON = "application/problem+json";

    private Webhooks() {
    }

    /** A team of its own per test: lists and audit rows of other tests do not get in the way. */
    static String newCareTeamId() {
        return "team-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String admin() {
        return SharedInfra.jwt().adminToken(Duration.ofMinutes(30));
    }

    static String clinician(String... careTeams) {
        return SharedInfra.jwt().clinicianToken("dr-" + UUID.randomUUID().toString().substring(0, 6),
                Set.of(careTeams), Duration.ofMinutes(30));
    }

    static String path(String careTeamId) {
        return "/api/v1/care-teams/" + careTeamId + "/webhooks";
    }

    static Map<String, Object> body(String url, String audience) {
        Map<String, Object> body = new HashMap<>();
        body.put("url", url);
        if (audience != null) {
            body.put("audience", audience);
        }
        return body;
    }

    static Response create(String token, String careTeamId, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post(path(careTeamId));
    }

    /** Creates a webhook as an administrator and answers its creation (id, secret). */
    public static io.restassured.path.json.JsonPath created(String careTeamId, String url, String audience) {
        return create(admin(), careTeamId, body(url, audience)).then().statusCode(201).extract().jsonPath();
    }

    static Notification notification(String careTeamId) {
        return new Notification(UUID.randomUUID().toString(), Notification.RAISED, UUID.randomUUID().toString(),
                careTeamId, AlertCondition.FEVER, Severity.HIGH, "OPEN", Instant.now().truncatedTo(ChronoUnit.MILLIS),
                "J.D.", "https://dashboard.example.org/alerts/1");
    }

    /** A configuration for plain unit tests: the URL policy given, loopback refused, {@code secrets} as given. */
    static WebhookConfig config(boolean requireHttps, List<String> ports, WebhookConfig.Secrets secrets) {
        return new WebhookConfig() {
            @Override
            public Duration timeout() {
                return Duration.ofSeconds(5);
            }

            @Override
            public boolean allowLoopback() {
                return false;
            }

            @Override
            public Optional<List<String>> allowedNetworks() {
                return Optional.empty();
            }

            @Override
            public boolean requireHttps() {
                return requireHttps;
            }

            @Override
            public List<String> allowedPorts() {
                return ports;
            }

            @Override
            public Secrets secrets() {
                return secrets;
            }
        };
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
