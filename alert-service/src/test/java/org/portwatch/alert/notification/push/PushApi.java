package org.portwatch.alert.notification.push;

import static io.restassured.RestAssured.given;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.portwatch.infra.testing.SharedInfra;

/** Tokens, bodies and requests of the push tests (and of tests that need a subscribed device), as the dashboard would send them. */
public final class PushApi {

    static final String PROBLEM_JSON = "application/problem+json";
    static final String BASE = "/api/v1/push";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PushApi() {
    }

    /** A care team id of this test alone, so tests never see each other's subscriptions. */
    static String newTeam() {
        return "team-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String newSubject() {
        return "dr-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String clinician(String subject, String... careTeams) {
        return SharedInfra.jwt().clinicianToken(subject, Set.of(careTeams), Duration.ofMinutes(30));
    }

    static String admin() {
        return SharedInfra.jwt().adminToken(Duration.ofMinutes(30));
    }

    /** An endpoint on the loopback interface where nothing answers (port 9, discard): for API tests. */
    static String loopbackEndpoint() {
        return "http://127.0.0.1:9/push/" + UUID.randomUUID();
    }

    /** A browser's keys.p256dh: a fresh P-256 public key, uncompressed, base64url. */
    static String p256dh() {
        return PushServiceStandIn.base64Url(
                PushServiceStandIn.uncompressed((ECPublicKey) PushServiceStandIn.generateP256().getPublic()));
    }

    /** A browser's keys.auth: 16 random bytes, base64url. */
    static String auth() {
        byte[] auth = new byte[16];
        RANDOM.nextBytes(auth);
        return PushServiceStandIn.base64Url(auth);
    }

    /** The body of a subscribe, as {@code PushSubscription.toJSON()} gives it (expirationTime null, as in Chrome). */
    static Map<String, Object> subscription(String endpoint, String p256dh, String auth) {
        Map<String, Object> body = new HashMap<>();
        body.put("endpoint", endpoint);
        body.put("expirationTime", null);
        body.put("keys", Map.of("p256dh", p256dh, "auth", auth));
        return body;
    }

    static Response subscribe(String token, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post(BASE + "/subscriptions");
    }

    static Response list(String token) {
        return given().auth().oauth2(token).when().get(BASE + "/subscriptions");
    }

    static Response unsubscribe(String token, String id) {
        return given().auth().oauth2(token).when().delete(BASE + "/subscriptions/" + id);
    }

    public static String vapidPublicKey() {
        return given().auth().oauth2(clinician(newSubject(), newTeam())).when().get(BASE + "/vapid-public-key")
                .then().statusCode(200).extract().path("publicKey");
    }

    /** Subscribes {@code subject} with {@code careTeams}; answers the subscription's id. */
    public static String subscribed(String subject, Map<String, Object> body, String... careTeams) {
        return subscribe(clinician(subject, careTeams), body).then().statusCode(201).extract().path("id");
    }

    /**
     * Runs {@code work} as the dispatcher does: on a Vert.x duplicated context marked safe, where Hibernate Reactive
     * may open its session. Waits for the result.
     */
    public static <T> T onVertx(Vertx vertx, Supplier<Uni<T>> work) {
        Context context = VertxContext.getOrCreateDuplicatedContext(vertx);
        VertxContextSafetyToggle.setContextSafe(context, true);
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(ignored -> work.get().subscribe().with(result::complete, result::completeExceptionally));
        try {
            return result.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("work on the Vert.x context failed", e);
        }
    }
}
