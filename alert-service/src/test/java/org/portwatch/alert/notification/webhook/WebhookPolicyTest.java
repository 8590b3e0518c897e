package org.portwatch.alert.notification.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.notification.DeliveryResult;
import org.portwatch.alert.alerts.AlertEvents;
import org.portwatch.service.problem.Problem;

/**
 * The production policy for receivers — https only, port 443 only — at registration, where the client gets a 422
 * problem naming the rule, and as a rule the channel applies again at every delivery.
 */
@QuarkusTest
@TestProfile(WebhookPolicyTest.ProductionPolicy.class)
class WebhookPolicyTest {

    /** What production runs with (the defaults), loopback allowed only so that the address guard is not the test. */
    public static class ProductionPolicy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("notification.webhook.require-https", "true",
                    "notification.webhook.allowed-ports", "443");
        }
    }

    private static void refused(String url, String reason) {
        given().auth().oauth2(AlertEvents.admin()).contentType(ContentType.JSON)
                .body(Map.of("url", url, "audience", "CARE_TEAM"))
                .when().post("/api/v1/care-teams/" + AlertEvents.team() + "/webhooks")
                .then().statusCode(422).contentType(AlertEvents.PROBLEM_JSON)
                .body("type", equalTo("urn:portwatch:problem:validation-failed"))
                .body("errors.find { it.field == 'url' }.reason", equalTo(reason));
    }

    @Test
    void shouldRefuseHttpAndOtherPortsAtRegistrationWithAProblem() {
        refused("http://127.0.0.1/hooks", "HTTPS_REQUIRED");
        refused("http://example.org:443/hooks", "HTTPS_REQUIRED");
        refused("https://127.0.0.1:8443/hooks", "PORT_NOT_ALLOWED");
        // Accepted: https on 443 (loopback is allowed in this profile; nothing is sent at registration).
        given().auth().oauth2(AlertEvents.admin()).contentType(ContentType.JSON)
                .body(Map.of("url", "https://127.0.0.1/hooks", "audience", "CARE_TEAM"))
                .when().post("/api/v1/care-teams/" + AlertEvents.team() + "/webhooks")
                .then().statusCode(201);
    }

    private static WebhookConfig config(boolean requireHttps, List<String> ports) {
        return Webhooks.config(requireHttps, ports, null);
    }

    @Inject
    WebhookChannel channel;

    @Inject
    SecretCipher cipher;

    @Inject
    Pool database;

    /** A stored URL (registered under a laxer policy) on a port outside the list: refused at delivery, nothing sent. */
    @Test
    void shouldRefuseAtDeliveryAStoredUrlOnAPortNoLongerAllowed() throws Throwable {
        AtomicInteger requests = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            for (String url : List.of("https://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks",
                    "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks")) {
                UUID id = UUID.randomUUID();
                database.preparedQuery("INSERT INTO alerts.webhook (id, care_team_id, url, audience, secret, created_at,"
                                + " created_by) VALUES ($1, $2, $3, 'CARE_TEAM', $4, now(), 'test')")
                        .execute(Tuple.of(id, AlertEvents.team(), url, cipher.seal(id, WebhookSignature.newSecret())))
                        .await().indefinitely();

                DeliveryResult result = VertxContextSupport.subscribeAndAwait(() -> channel.deliver(id.toString(),
                        Webhooks.notification("any"), 1));

                assertThat(result.outcome()).as(url).isEqualTo(DeliveryResult.Outcome.REJECTED);
                assertThat(result.detail()).as(url).containsAnyOf("port 443", "https URL");
            }
            assertThat(requests).hasValue(0);
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void shouldApplyTheSamePolicyToAStoredUrlAtDelivery() {
        WebhookUrl http = WebhookUrl.parse("http://pager.example.org/hooks").url();
        WebhookUrl https8443 = WebhookUrl.parse("https://pager.example.org:8443/hooks").url();
        WebhookUrl https = WebhookUrl.parse("https://pager.example.org/hooks").url();
        WebhookConfig production = config(true, List.of("443"));

        assertThat(http.policyViolation(production)).extracting(Problem.FieldError::reason).isEqualTo("HTTPS_REQUIRED");
        assertThat(https8443.policyViolation(production)).extracting(Problem.FieldError::reason)
                .isEqualTo("PORT_NOT_ALLOWED");
        assertThat(https.policyViolation(production)).isNull();
        assertThat(https8443.policyViolation(config(true, List.of("443", "8443")))).isNull();
        assertThat(http.policyViolation(config(false, List.of("*")))).isNull();
    }
}
