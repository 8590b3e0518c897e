package org.portwatch.alert.notification.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.portwatch.alert.notification.webhook.Webhooks.PROBLEM_JSON;
import static org.portwatch.alert.notification.webhook.Webhooks.admin;
import static org.portwatch.alert.notification.webhook.Webhooks.clinician;
import static org.portwatch.alert.notification.webhook.Webhooks.created;
import static org.portwatch.alert.notification.webhook.Webhooks.newCareTeamId;
import static org.portwatch.alert.notification.webhook.Webhooks.notification;
import static org.portwatch.alert.notification.webhook.Webhooks.path;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.notification.DeliveryResult;
import org.portwatch.alert.notification.DeliveryResult.Outcome;
import org.portwatch.alert.notification.Notification;

/**
 * Signing secrets at rest and their rotation: encrypted in the database, shown once, rotated through the API with an
 * overlap in which deliveries carry both signatures — checked by a verifier written here from the specification
 * (HMAC-SHA256 of {@code id.timestamp.body}, {@code v1,<base64>}, space-separated), not by the class that signs.
 */
@QuarkusTest
class WebhookSecretsTest {

    /** One delivery as the receiver saw it. */
    record Received(String id, String timestamp, String signatures, byte[] body) {
    }

    @Inject
    Pool database;

    @Inject
    WebhookChannel channel;

    @Inject
    PlaintextSecrets plaintextSecrets;

    @Inject
    WebhookMetrics metrics;

    private HttpServer receiver;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hooks", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
    }

    /** The Standard Webhooks v1 signature, computed in the tests from the specification, not by the signer. */
    private static String v1(String secret, Received delivery) {
        return Webhooks.expectedSignature(secret, delivery.id(), delivery.timestamp(),
                delivery.body());
    }

    /** The signatures of a delivery, as a receiver splits the header. */
    private static List<String> signatures(Received delivery) {
        return Arrays.asList(delivery.signatures().split(" "));
    }

    private Received deliver(String webhookId) throws Throwable {
        Notification notification = notification("any");
        DeliveryResult result = VertxContextSupport.subscribeAndAwait(() -> channel.deliver(webhookId, notification, 1));
        assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
        Received delivery = received.poll(5, TimeUnit.SECONDS);
        assertThat(delivery).isNotNull();
        assertThat(delivery.id()).isEqualTo(notification.id());
        return delivery;
    }

    private Row row(String webhookId) {
        return database.preparedQuery("SELECT secret, previous_secret, previous_secret_until FROM alerts.webhook"
                + " WHERE id = $1").execute(Tuple.of(UUID.fromString(webhookId))).await().indefinitely().iterator().next();
    }

    private static io.restassured.response.Response rotate(String token, String careTeamId, String webhookId) {
        return given().auth().oauth2(token).when().post(path(careTeamId) + "/" + webhookId + "/secret/rotate");
    }

    @Test
    void shouldKeepTheSecretEncryptedAtRestAndSignWithIt() throws Throwable {
        JsonPath webhook = created(newCareTeamId(), url(), null);
        String secret = webhook.getString("secret");

        String stored = row(webhook.getString("id")).getString("secret");
        assertThat(stored).startsWith("aesgcm:dev:").doesNotContain(secret).doesNotContain(secret.substring(6));

        Received delivery = deliver(webhook.getString("id"));
        assertThat(signatures(delivery)).containsExactly(v1(secret, delivery));
    }

    @Test
    void shouldSignWithBothSecretsDuringTheOverlapAndWithTheNewOneAfter() throws Throwable {
        String team = newCareTeamId();
        JsonPath webhook = created(team, url(), null);
        String id = webhook.getString("id");
        String oldSecret = webhook.getString("secret");
        double rotationsBefore = NotificationMetricsReader.counter("portwatch_webhooks_secret_rotations_total");
        Instant before = Instant.now();

        JsonPath rotated = rotate(admin(), team, id).then().statusCode(200).contentType("application/json")
                .body("id", equalTo(id)).extract().jsonPath();

        String newSecret = rotated.getString("secret");
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
        assertThat(Instant.parse(rotated.getString("previousSecretValidUntil")))
                .isBetween(before.plus(Duration.ofHours(24)).minusSeconds(1), Instant.now().plus(Duration.ofHours(24)));
        Row row = row(id);
        assertThat(row.getString("secret")).startsWith("aesgcm:").doesNotContain(newSecret.substring(6));
        assertThat(row.getString("previous_secret")).startsWith("aesgcm:").doesNotContain(oldSecret.substring(6));
        assertThat(NotificationMetricsReader.counter("portwatch_webhooks_secret_rotations_total"))
                .isEqualTo(rotationsBefore + 1);
        // Never shown again: not in the webhook as read.
        given().auth().oauth2(admin()).get(path(team) + "/" + id).then().statusCode(200)
                .body("secret", equalTo(null));

        // Overlap: two v1 signatures, the new secret's first; a receiver with either secret accepts the delivery.
        Received during = deliver(id);
        assertThat(signatures(during)).containsExactly(v1(newSecret, during), v1(oldSecret, during));

        // As if the overlap had passed (its end moved back rather than waiting a day): only the new secret signs.
        database.preparedQuery("UPDATE alerts.webhook SET previous_secret_until = now() - interval '1 second'"
                + " WHERE id = $1").execute(Tuple.of(UUID.fromString(id))).await().indefinitely();
        Received after = deliver(id);
        assertThat(signatures(after)).containsExactly(v1(newSecret, after));
        assertThat(signatures(after)).doesNotContain(v1(oldSecret, after));
    }

    @Test
    void shouldKeepOnlyTheLatestTwoSecretsWhenRotatedAgainDuringTheOverlap() throws Throwable {
        String team = newCareTeamId();
        String id = created(team, url(), null).getString("id");
        String second = rotate(admin(), team, id).then().statusCode(200).extract().path("secret");
        String third = rotate(admin(), team, id).then().statusCode(200).extract().path("secret");

        Received delivery = deliver(id);
        assertThat(signatures(delivery)).containsExactly(v1(third, delivery), v1(second, delivery));
    }

    @Test
    void shouldAuditTheRotationWithoutEitherSecret() {
        String team = newCareTeamId();
        String id = created(team, url(), "ESCALATION").getString("id");

        String secret = rotate(admin(), team, id).then().statusCode(200).extract().path("secret");

        List<Row> rows = new java.util.ArrayList<>();
        database.preparedQuery("SELECT actor, details::text AS details FROM alerts.audit_entry"
                        + " WHERE target_type = 'webhook' AND target_id = $1 AND action = 'webhook.secret.rotate'")
                .execute(Tuple.of(id)).await().indefinitely().forEach(rows::add);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getString("actor")).isEqualTo("admin");
        assertThat(rows.get(0).getString("details")).contains(team).contains("ESCALATION")
                .contains("previousSecretValidUntil").doesNotContain("whsec_").doesNotContain(secret.substring(6))
                .doesNotContain("/hooks");
    }

    @Test
    void shouldAuthoriseARotationAsTheOtherWebhookOperations() {
        String team = newCareTeamId();
        String id = created(team, url(), null).getString("id");

        rotate(clinician(team), team, id).then().statusCode(403).contentType(PROBLEM_JSON);
        given().when().post(path(team) + "/" + id + "/secret/rotate").then().statusCode(401).contentType(PROBLEM_JSON);
        rotate(admin(), newCareTeamId(), id).then().statusCode(404).contentType(PROBLEM_JSON);
        rotate(admin(), team, UUID.randomUUID().toString()).then().statusCode(404);
        rotate(admin(), team, "not-a-uuid").then().statusCode(422).contentType(PROBLEM_JSON);
        given().auth().oauth2(admin()).delete(path(team) + "/" + id).then().statusCode(204);
        rotate(admin(), team, id).then().statusCode(404);
        // None of the refusals rotated anything.
        assertThat(row(id).getString("previous_secret")).isNull();
    }

    @Test
    void shouldEncryptAPlaintextSecretOfTheFormerSchemaAndKeepSigningWithIt() throws Throwable {
        // A webhook as the former schema stored it: the secret in plaintext.
        String id = UUID.randomUUID().toString();
        String secret = WebhookSignature.newSecret();
        database.preparedQuery("INSERT INTO alerts.webhook (id, care_team_id, url, audience, secret, created_at,"
                        + " created_by) VALUES ($1, $2, $3, 'CARE_TEAM', $4, now(), 'test')")
                .execute(Tuple.of(UUID.fromString(id), newCareTeamId(), url(), secret)).await().indefinitely();
        // Deliveries before the startup step got to it still sign.
        Received before = deliver(id);
        assertThat(signatures(before)).containsExactly(v1(secret, before));

        int sealed = VertxContextSupport.subscribeAndAwait(() -> plaintextSecrets.sealAll());

        assertThat(sealed).isGreaterThanOrEqualTo(1);
        assertThat(row(id).getString("secret")).startsWith("aesgcm:dev:").doesNotContain(secret.substring(6));
        Received after = deliver(id);
        assertThat(signatures(after)).containsExactly(v1(secret, after));
        // Idempotent: nothing left to encrypt.
        assertThat(VertxContextSupport.subscribeAndAwait(() -> plaintextSecrets.sealAll())).isZero();
    }

    @Test
    void shouldNotSendButRetryAndCountWhenTheSecretsKeyIsNotConfigured() throws Throwable {
        // Encrypted under a key id this service does not have (a key removed before its rows were re-encrypted).
        UUID id = UUID.randomUUID();
        String stored = new SecretCipher(Base64.getEncoder().encodeToString(new byte[32]), "retired", Map.of())
                .seal(id, WebhookSignature.newSecret());
        database.preparedQuery("INSERT INTO alerts.webhook (id, care_team_id, url, audience, secret, created_at,"
                        + " created_by) VALUES ($1, $2, $3, 'CARE_TEAM', $4, now(), 'test')")
                .execute(Tuple.of(id, newCareTeamId(), url(), stored)).await().indefinitely();
        double before = NotificationMetricsReader.counter("portwatch_webhooks_secret_unreadable_total");

        DeliveryResult result = VertxContextSupport.subscribeAndAwait(() -> channel.deliver(id.toString(),
                notification("any"), 1));

        assertThat(result.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(result.detail()).isEqualTo("signing secret cannot be decrypted");
        assertThat(received.poll(300, TimeUnit.MILLISECONDS)).isNull();
        assertThat(NotificationMetricsReader.counter("portwatch_webhooks_secret_unreadable_total")).isEqualTo(before + 1);
        // The startup step leaves it as it is (and the others are not held up by it).
        VertxContextSupport.subscribeAndAwait(() -> plaintextSecrets.sealAll());
        assertThat(row(id.toString()).getString("secret")).isEqualTo(stored);
    }

    /** Counters as Prometheus exposes them. */
    static final class NotificationMetricsReader {

        static double counter(String name) {
            String body = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
            return body.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
        }
    }
}
