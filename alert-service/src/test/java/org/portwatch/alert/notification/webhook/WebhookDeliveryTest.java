package org.portwatch.alert.notification.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.portwatch.alert.notification.webhook.Webhooks.admin;
import static org.portwatch.alert.notification.webhook.Webhooks.created;
import static org.portwatch.alert.notification.webhook.Webhooks.newCareTeamId;
import static org.portwatch.alert.notification.webhook.Webhooks.notification;
import static org.portwatch.alert.notification.webhook.Webhooks.path;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.notification.DeliveryResult;
import org.portwatch.alert.notification.DeliveryResult.Outcome;
import org.portwatch.alert.notification.Notification;
import org.portwatch.model.Json;

/**
 * Deliveries to a real receiver on loopback (allowed in the test profile; timeout 1 s there): what arrives, and
 * what each answer of the receiver becomes.
 */
@QuarkusTest
class WebhookDeliveryTest {

    /** One request as the receiver saw it. */
    record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    @Inject
    WebhookChannel channel;

    @Inject
    WebhookMetrics metrics;

    @Inject
    io.vertx.mutiny.sqlclient.Pool database;

    private HttpServer receiver;
    private ExecutorService receiverThreads;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final AtomicInteger status = new AtomicInteger(204);
    /** Held by the slow path until the test ends: a receiver that never answers in time. */
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiverThreads = Executors.newCachedThreadPool();
        receiver.setExecutor(receiverThreads);
        receiver.createContext("/hooks", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    Map.copyOf(exchange.getRequestHeaders()), body));
            // A body the channel does not read: it must not keep the connection (or the next delivery) stuck.
            int answer = status.get();
            if (answer == 429 || answer == 503) {
                exchange.getResponseHeaders().add("Retry-After", "7");
            }
            byte[] text = "{\"received\": true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer, answer == 204 ? -1 : text.length);
            if (answer != 204) {
                exchange.getResponseBody().write(text);
            }
            exchange.close();
        });
        receiver.createContext("/slow", exchange -> {
            exchange.getRequestBody().readAllBytes();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.createContext("/redirect", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Location", url("/hooks/after-redirect"));
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        release.countDown();
        receiver.stop(0);
        receiverThreads.shutdownNow();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    private DeliveryResult deliver(String webhookId, Notification notification) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> channel.deliver(webhookId, notification, 1));
    }

    /** HMAC-SHA256 computed from the specification, not through the class under test. */
    private static String expectedSignature(String secret, String id, String timestamp, byte[] body) {
        return Webhooks.expectedSignature(secret, id, timestamp, body);
    }

    @Test
    void shouldPostTheSignedNotificationJsonToTheReceiver() throws Throwable {
        String team = newCareTeamId();
        JsonPath webhook = created(team, url("/hooks/pager?team=oncology"), null);
        String secret = webhook.getString("secret");
        Notification notification = notification(team);
        long before = Instant.now().getEpochSecond();

        DeliveryResult result = deliver(webhook.getString("id"), notification);

        assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(result.httpStatus()).isEqualTo(204);
        Received request = received.poll(5, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/hooks/pager?team=oncology");
        // Standard Webhooks: {"type", "timestamp", "data"}, the event's time as ISO-8601, its id in webhook-id.
        com.fasterxml.jackson.databind.JsonNode json = Json.mapper().readTree(request.body());
        assertThat(json.path("type").asText()).isEqualTo("alert.raised");
        assertThat(java.time.Instant.parse(json.path("timestamp").asText())).isEqualTo(notification.occurredAt());
        assertThat(json.path("data").path("alertId").asText()).isEqualTo(notification.alertId());
        assertThat(json.path("data").path("severity").asText()).isEqualTo("HIGH");
        assertThat(json.path("data").path("condition").asText()).isEqualTo("FEVER");
        assertThat(json.path("data").has("reason")).isFalse();
        assertThat(Json.mapper().readValue(request.body(), WebhookPayload.class))
                .isEqualTo(WebhookPayload.of(notification));
        assertThat(new String(request.body(), StandardCharsets.UTF_8)).doesNotContain(notification.id());
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("User-Agent")).isEqualTo("portwatch-webhooks");
        assertThat(request.header("webhook-id")).isEqualTo(notification.id());
        long timestamp = Long.parseLong(request.header("webhook-timestamp"));
        assertThat(timestamp).isBetween(before, Instant.now().getEpochSecond());
        assertThat(request.header("webhook-signature"))
                .isEqualTo(expectedSignature(secret, notification.id(), request.header("webhook-timestamp"), request.body()));
        assertThat(WebhookSignature.verify(secret, request.header("webhook-id"), request.header("webhook-timestamp"),
                request.body(), request.header("webhook-signature"))).isTrue();
        // Nothing of the secret travels.
        assertThat(request.headers().toString()).doesNotContain(secret.substring("whsec_".length()));
    }

    @Test
    void shouldMapTheReceiversAnswerToRetryGoneOrRejected() throws Throwable {
        String id = created(newCareTeamId(), url("/hooks/pager"), null).getString("id");
        Map<Integer, Outcome> answers = Map.ofEntries(Map.entry(500, Outcome.RETRY), Map.entry(503, Outcome.RETRY),
                Map.entry(429, Outcome.RETRY), Map.entry(408, Outcome.RETRY), Map.entry(425, Outcome.RETRY),
                Map.entry(400, Outcome.REJECTED), Map.entry(404, Outcome.REJECTED), Map.entry(302, Outcome.REJECTED),
                Map.entry(200, Outcome.DELIVERED));
        // Twice round, more deliveries than the client's pool has connections.
        List<Map.Entry<Integer, Outcome>> rounds = new java.util.ArrayList<>(answers.entrySet());
        rounds.addAll(answers.entrySet());
        for (Map.Entry<Integer, Outcome> answer : rounds) {
            status.set(answer.getKey());
            DeliveryResult result = deliver(id, notification("any"));
            assertThat(result.outcome()).as("receiver answered %d", answer.getKey()).isEqualTo(answer.getValue());
            assertThat(result.httpStatus()).isEqualTo(answer.getKey());
            // The receiver's Retry-After is honoured where it says when to come back.
            assertThat(result.retryAfter()).isEqualTo(answer.getKey() == 429 || answer.getKey() == 503
                    ? java.time.Duration.ofSeconds(7) : null);
            assertThat(received.poll(5, TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void shouldDisableTheWebhookWhenItsReceiverAnswersGone() throws Throwable {
        String team = newCareTeamId();
        String id = created(team, url("/hooks/retired"), null).getString("id");
        status.set(410);

        assertThat(deliver(id, notification("any")).outcome()).isEqualTo(Outcome.GONE);
        assertThat(received.poll(5, TimeUnit.SECONDS)).isNotNull();

        // Disabled: no longer offered to the dispatcher, and what is still queued answers GONE without a request.
        status.set(204);
        assertThat(deliver(id, notification("any")).outcome()).isEqualTo(Outcome.GONE);
        assertThat(received.poll(500, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void shouldNotFollowRedirects() throws Throwable {
        String id = created(newCareTeamId(), url("/redirect"), null).getString("id");

        DeliveryResult result = deliver(id, notification("any"));

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(result.httpStatus()).isEqualTo(307);
        assertThat(received).isEmpty();
    }

    @Test
    void shouldRetryWhenNothingListens() throws Throwable {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String id = created(newCareTeamId(), "http://127.0.0.1:" + closedPort + "/hooks", null).getString("id");

        DeliveryResult result = deliver(id, notification("any"));

        assertThat(result.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(result.httpStatus()).isNull();
        assertThat(result.detail()).isEqualTo("connection refused");
    }

    @Test
    void shouldRetryAReceiverSlowerThanTheTimeout() throws Throwable {
        String id = created(newCareTeamId(), url("/slow"), null).getString("id");
        long start = System.nanoTime();

        DeliveryResult result = deliver(id, notification("any"));

        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(result.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(result.detail()).isEqualTo("no answer within 1000 ms");
        // The configured 1 s, not the receiver's 10 s.
        assertThat(millis).isBetween(900L, 5_000L);
    }

    @Test
    void shouldRejectAtDeliveryAHostThatNowReachesAPrivateAddress() throws Throwable {
        // As if DNS had changed since registration: the row names an address the guard refuses.
        String id = UUID.randomUUID().toString();
        database.preparedQuery("INSERT INTO alerts.webhook (id, care_team_id, url, audience, secret, created_at,"
                        + " created_by) VALUES ($1, $2, $3, 'CARE_TEAM', $4, now(), 'test')")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(UUID.fromString(id), newCareTeamId(),
                        "http://10.11.12.13:" + receiver.getAddress().getPort() + "/hooks", WebhookSignature.newSecret()))
                .await().indefinitely();
        double before = metrics.refusedCount(WebhookMetrics.Stage.DELIVERY, AddressGuard.Reason.PRIVATE);

        DeliveryResult result = deliver(id, notification("any"));

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(result.httpStatus()).isNull();
        // The attempt log (read by administrators through the API) says "non-public", never the address or its kind.
        assertThat(result.detail()).contains("non-public").doesNotContain("private");
        assertThat(metrics.refusedCount(WebhookMetrics.Stage.DELIVERY, AddressGuard.Reason.PRIVATE)).isEqualTo(before + 1);
    }

    @Test
    void shouldAnswerGoneOnceTheWebhookIsDeleted() throws Throwable {
        String team = newCareTeamId();
        String id = created(team, url("/hooks/pager"), null).getString("id");
        assertThat(deliver(id, notification(team)).outcome()).isEqualTo(Outcome.DELIVERED);
        received.clear();

        given().auth().oauth2(admin()).delete(path(team) + "/" + id).then().statusCode(204);

        assertThat(deliver(id, notification(team)).outcome()).isEqualTo(Outcome.GONE);
        assertThat(received).isEmpty();
    }
}
