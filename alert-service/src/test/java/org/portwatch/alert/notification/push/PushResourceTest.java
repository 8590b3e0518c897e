package org.portwatch.alert.notification.push;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.portwatch.alert.notification.push.PushApi.BASE;
import static org.portwatch.alert.notification.push.PushApi.PROBLEM_JSON;
import static org.portwatch.alert.notification.push.PushApi.admin;
import static org.portwatch.alert.notification.push.PushApi.auth;
import static org.portwatch.alert.notification.push.PushApi.clinician;
import static org.portwatch.alert.notification.push.PushApi.list;
import static org.portwatch.alert.notification.push.PushApi.loopbackEndpoint;
import static org.portwatch.alert.notification.push.PushApi.newSubject;
import static org.portwatch.alert.notification.push.PushApi.newTeam;
import static org.portwatch.alert.notification.push.PushApi.p256dh;
import static org.portwatch.alert.notification.push.PushApi.subscribe;
import static org.portwatch.alert.notification.push.PushApi.subscription;
import static org.portwatch.alert.notification.push.PushApi.unsubscribe;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PushResourceTest {

    private static final Pattern GAUGE = Pattern.compile("(?m)^portwatch_push_subscriptions(?:\\{[^}]*})? (\\S+)$");

    @Inject
    Pool pool;

    private List<Row> auditRows(String subscriptionId) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery("SELECT actor, action, CAST(details AS text) AS details FROM alerts.audit_entry"
                        + " WHERE target_type = 'push-subscription' AND target_id = $1 ORDER BY id")
                .execute(Tuple.of(subscriptionId)).await().atMost(Duration.ofSeconds(10)).forEach(rows::add);
        return rows;
    }

    @Test
    void shouldServeTheVapidPublicKeyAsAnUncompressedP256PointToAnyAuthenticatedUser() {
        String publicKey = given().auth().oauth2(clinician(newSubject(), newTeam()))
                .when().get(BASE + "/vapid-public-key")
                .then().statusCode(200).extract().path("publicKey");
        byte[] point = Base64.getUrlDecoder().decode(publicKey);
        assertThat(point).hasSize(65);
        assertThat(point[0]).isEqualTo((byte) 4);
        assertThat(publicKey).doesNotContain("=");

        given().auth().oauth2(admin()).when().get(BASE + "/vapid-public-key")
                .then().statusCode(200).body("publicKey", equalTo(publicKey));
    }

    @Test
    void shouldCreateASubscriptionThenAnswer200WithTheSameIdForTheSameEndpoint() {
        String team = newTeam();
        String subject = newSubject();
        Map<String, Object> body = subscription(loopbackEndpoint(), p256dh(), auth());

        io.restassured.response.Response created = subscribe(clinician(subject, team), body);
        String id = created.then().statusCode(201)
                .body("id", notNullValue())
                .body("endpoint", equalTo(body.get("endpoint")))
                .body("careTeams", contains(team))
                .body("createdAt", notNullValue())
                .body("keys", nullValue())
                .extract().path("id");
        assertThat(created.header("Location")).endsWith(BASE + "/subscriptions/" + id);

        // The same browser again: same id, and nothing new to audit.
        subscribe(clinician(subject, team), body).then().statusCode(200).body("id", equalTo(id));
        assertThat(auditRows(id)).extracting(row -> row.getString("action")).containsExactly("push-subscription.create");
    }

    @Test
    void shouldAnswer422ForAKeyThatIsNotAPointOfP256() {
        byte[] offCurve = Base64.getUrlDecoder().decode(p256dh());
        // Change y: (x, y+1) is not on the curve.
        byte[] y = new BigInteger(1, Arrays.copyOfRange(offCurve, 33, 65)).add(BigInteger.ONE).toByteArray();
        System.arraycopy(y, y.length - 32, offCurve, 33, 32);
        byte[] compressed = Arrays.copyOf(Base64.getUrlDecoder().decode(p256dh()), 33);
        compressed[0] = 2;

        for (String bad : List.of(PushServiceStandIn.base64Url(offCurve), PushServiceStandIn.base64Url(compressed),
                "not+base64/url")) {
            subscribe(clinician(newSubject(), newTeam()), subscription(loopbackEndpoint(), bad, auth()))
                    .then().statusCode(422).contentType(PROBLEM_JSON)
                    .body("type", equalTo("urn:portwatch:problem:validation-failed"))
                    .body("errors.field", contains("keys.p256dh"));
        }
        subscribe(clinician(newSubject(), newTeam()), subscription(loopbackEndpoint(), PushServiceStandIn.base64Url(offCurve), auth()))
                .then().body("errors[0].reason", equalTo("NOT_A_P256_POINT"));
    }

    @Test
    void shouldAnswer422ForAnAuthSecretThatIsNotSixteenBytes() {
        subscribe(clinician(newSubject(), newTeam()),
                subscription(loopbackEndpoint(), p256dh(), PushServiceStandIn.base64Url(new byte[12])))
                .then().statusCode(422).contentType(PROBLEM_JSON)
                .body("errors.field", contains("keys.auth"))
                .body("errors[0].reason", equalTo("WRONG_LENGTH"));
    }

    @Test
    void shouldAnswer422ForAnEndpointThatIsNotAKnownPushServiceOverHttps() {
        String token = clinician(newSubject(), newTeam());
        subscribe(token, subscription("http://fcm.googleapis.com/fcm/send/abc", p256dh(), auth()))
                .then().statusCode(422).body("errors.field", contains("endpoint"))
                .body("errors[0].reason", equalTo("NOT_HTTPS"));
        subscribe(token, subscription("https://intranet.hospital.example/fcm/send/abc", p256dh(), auth()))
                .then().statusCode(422).body("errors[0].reason", equalTo("PUSH_SERVICE_NOT_ALLOWED"));
        subscribe(token, subscription("ftp://127.0.0.1/push", p256dh(), auth()))
                .then().statusCode(422).body("errors[0].reason", equalTo("NOT_A_URL"));
        // Every field at once.
        subscribe(token, Map.of("endpoint", "", "keys", Map.of("auth", "AAAA")))
                .then().statusCode(422).body("errors.field", contains("endpoint", "keys.p256dh", "keys.auth"));
        // A known push service's endpoint is accepted (nothing is sent to it here).
        subscribe(token, subscription("https://fcm.googleapis.com/fcm/send/" + UUID.randomUUID(), p256dh(), auth()))
                .then().statusCode(201);
    }

    @Test
    void shouldAnswer400ForMalformedJsonAnd422ForNoBody() {
        given().auth().oauth2(clinician(newSubject(), newTeam())).contentType(ContentType.JSON).body("{\"endpoint\": ")
                .when().post(BASE + "/subscriptions")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:portwatch:problem:malformed-request"));
        given().auth().oauth2(clinician(newSubject(), newTeam())).contentType(ContentType.JSON)
                .when().post(BASE + "/subscriptions")
                .then().statusCode(422).body("errors.field", contains("body"));
    }

    @Test
    void shouldAnswer401WithoutATokenAnd403ForAnAdministrator() {
        given().when().get(BASE + "/vapid-public-key").then().statusCode(401).contentType(PROBLEM_JSON);
        given().contentType(ContentType.JSON).body(subscription(loopbackEndpoint(), p256dh(), auth()))
                .when().post(BASE + "/subscriptions").then().statusCode(401);
        given().when().get(BASE + "/subscriptions").then().statusCode(401);
        given().when().delete(BASE + "/subscriptions/" + UUID.randomUUID()).then().statusCode(401);

        subscribe(admin(), subscription(loopbackEndpoint(), p256dh(), auth())).then().statusCode(403);
        list(admin()).then().statusCode(403);
    }

    @Test
    void shouldListOnlyTheCallersOwnSubscriptions() {
        String team = newTeam();
        String mine = newSubject();
        String colleague = newSubject();
        String first = PushApi.subscribed(mine, subscription(loopbackEndpoint(), p256dh(), auth()), team);
        String second = PushApi.subscribed(mine, subscription(loopbackEndpoint(), p256dh(), auth()), team);
        String theirs = PushApi.subscribed(colleague, subscription(loopbackEndpoint(), p256dh(), auth()), team);

        list(clinician(mine, team)).then().statusCode(200).body("id", contains(first, second));
        list(clinician(colleague, team)).then().statusCode(200).body("id", contains(theirs));
        list(clinician(newSubject(), team)).then().statusCode(200).body("$", empty());
    }

    @Test
    void shouldAnswer404WhenAClinicianDeletesAnotherClinicianSubscription() {
        String team = newTeam();
        String owner = newSubject();
        String id = PushApi.subscribed(owner, subscription(loopbackEndpoint(), p256dh(), auth()), team);

        unsubscribe(clinician(newSubject(), team), id).then().statusCode(404).contentType(PROBLEM_JSON);
        unsubscribe(clinician(owner, team), "not-a-uuid").then().statusCode(404);
        list(clinician(owner, team)).then().body("id", contains(id));

        unsubscribe(clinician(owner, team), id).then().statusCode(204);
        unsubscribe(clinician(owner, team), id).then().statusCode(404);
        list(clinician(owner, team)).then().body("$", empty());
    }

    @Test
    void shouldAuditSubscribeAndUnsubscribeNamingOnlyTheEndpointHost() {
        String team = newTeam();
        String owner = newSubject();
        String endpoint = loopbackEndpoint();
        String id = PushApi.subscribed(owner, subscription(endpoint, p256dh(), auth()), team);
        unsubscribe(clinician(owner, team), id).then().statusCode(204);

        List<Row> rows = auditRows(id);
        assertThat(rows).extracting(row -> row.getString("action"))
                .containsExactly("push-subscription.create", "push-subscription.delete");
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.getString("actor")).isEqualTo(owner);
            assertThat(row.getString("details")).isEqualTo("{\"endpointHost\": \"127.0.0.1\"}");
        });
    }

    @Test
    void shouldExportTheNumberOfSubscriptions() {
        PushApi.subscribed(newSubject(), subscription(loopbackEndpoint(), p256dh(), auth()), newTeam());
        Long stored = pool.query("SELECT count(*) AS n FROM alerts.push_subscription").execute()
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong("n");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Matcher gauge = GAUGE.matcher(given().when().get("/q/metrics").then().statusCode(200).extract().asString());
            assertThat(gauge.find()).as("the subscription gauge is exported").isTrue();
            assertThat(Double.parseDouble(gauge.group(1))).isGreaterThanOrEqualTo(stored);
        });
    }
}
