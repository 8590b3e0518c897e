package org.portwatch.alert.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.alerts.AlertEvents;
import org.portwatch.alert.notification.webhook.Webhooks;
import org.portwatch.alert.support.FastRounds;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.Severity;

/**
 * Alert events reach a care team's webhook once each, signed, with only what a clinician needs — and a failing
 * receiver gets them later from the durable outbox, every attempt logged.
 */
@QuarkusTest
@TestProfile(FastRounds.class)
class NotificationDeliveryTest {

    @Test
    void shouldDeliverEachEventOnceSignedAndWithoutPatientData() throws Exception {
        String team = AlertEvents.team();
        try (LoopbackReceiver receiver = new LoopbackReceiver()) {
            String secret = Webhooks.created(team, receiver.url(), "CARE_TEAM").getString("secret");
            AlertEvent raised = AlertEvents.raised(AlertEvents.enrol(team), Severity.MEDIUM);
            AlertEvent escalated = AlertEvents.next(raised, AlertTransition.ESCALATED, Severity.HIGH);
            AlertEvents.publish(raised, raised, escalated, raised);

            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.of(raised.alertId()).size() >= 2);
            String token = AlertEvents.clinician("dr-n", team);
            given().auth().oauth2(token).when().post("/api/v1/alerts/" + raised.alertId() + "/acknowledge")
                    .then().statusCode(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.of(raised.alertId()).size() >= 3);

            assertThat(receiver.countByType(raised.alertId())).isEqualTo(Map.of(
                    "alert.raised", 1L, "alert.escalated", 1L, "alert.acknowledged", 1L));
            List<LoopbackReceiver.Delivery> deliveries = receiver.of(raised.alertId());
            assertThat(deliveries.get(0).id()).isEqualTo(raised.eventId());
            assertThat(deliveries.get(1).id()).isEqualTo(escalated.eventId());
            for (LoopbackReceiver.Delivery delivery : deliveries) {
                assertThat(delivery.signature()).isEqualTo(Webhooks.expectedSignature(secret, delivery));
                // Standard Webhooks' shape; the event's id is the webhook-id header, its time the timestamp.
                assertThat(fields(delivery.json())).containsExactlyInAnyOrder("type", "timestamp", "data");
                assertThat(fields(delivery.data())).containsExactlyInAnyOrder("alertId", "careTeamId", "condition",
                        "severity", "status", "patientLabel", "link");
                assertThat(delivery.data().path("patientLabel").asText()).isEqualTo("J.D.");
                assertThat(delivery.data().path("careTeamId").asText()).isEqualTo(team);
                assertThat(new String(delivery.body(), java.nio.charset.StandardCharsets.UTF_8))
                        .doesNotContain("Jane").doesNotContain(raised.patientId());
                // No reading's value: looked for in the data only, as the timestamp may hold the digits (":38.4...").
                assertThat(delivery.data().toString()).doesNotContain("38.4").doesNotContain("38.6");
                assertThat(delivery.data().path("link").asText()).endsWith("#/alerts/" + raised.alertId());
            }
            assertThat(java.time.Instant.parse(deliveries.get(0).json().path("timestamp").asText()))
                    .isEqualTo(raised.detectedAt());
            assertThat(deliveries.get(2).data().path("status").asText()).isEqualTo("ACKNOWLEDGED");
        }
    }

    @Test
    void shouldRetryAFailingReceiverFromTheOutboxAndLogEveryAttempt() throws Exception {
        String team = AlertEvents.team();
        try (LoopbackReceiver receiver = new LoopbackReceiver()) {
            JsonPath webhook = Webhooks.created(team, receiver.url(), "CARE_TEAM");
            receiver.failNext(2, 503);
            double retriesBefore = metric("portwatch_notification_retries_total{channel=\"WEBHOOK\"");
            AlertEvent raised = AlertEvents.raised(AlertEvents.enrol(team), Severity.HIGH);
            AlertEvents.publish(raised);

            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.of(raised.alertId()).size() == 1);
            // The receiver has the delivery before the dispatcher has its answer: the DELIVERED attempt, and the
            // meters counted with it, are recorded after that (in a transaction with the round's other outcomes).
            String attempts = "/api/v1/care-teams/" + team + "/webhooks/" + webhook.getString("id") + "/attempts";
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(given().auth().oauth2(AlertEvents.admin()).when().get(attempts).then().statusCode(200)
                        .extract().jsonPath().getList("outcome"))
                        .containsExactlyInAnyOrder("RETRY", "RETRY", "DELIVERED");
                assertThat(metric("portwatch_notification_retries_total{channel=\"WEBHOOK\""))
                        .isGreaterThanOrEqualTo(retriesBefore + 2);
                assertThat(metric("portwatch_notification_delivery_latency_seconds_count{channel=\"WEBHOOK\""))
                        .isPositive();
            });
        }
    }

    @Test
    void shouldDeliverAnAlertsTransitionsInOrderAfterTheReceiverRecovers() throws Exception {
        String team = AlertEvents.team();
        try (LoopbackReceiver receiver = new LoopbackReceiver()) {
            Webhooks.created(team, receiver.url(), "CARE_TEAM");
            // The receiver is down for the first attempts: the RAISED delivery fails while the later ones are queued.
            receiver.failNext(3, 503);
            AlertEvent raised = AlertEvents.raised(AlertEvents.enrol(team), Severity.HIGH);
            AlertEvent escalated = AlertEvents.next(raised, AlertTransition.ESCALATED, Severity.CRITICAL);
            AlertEvent resolved = AlertEvents.next(raised, AlertTransition.RESOLVED, Severity.CRITICAL);
            AlertEvents.publish(raised, escalated, resolved);

            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.of(raised.alertId()).size() == 3);
            assertThat(receiver.of(raised.alertId())).extracting(LoopbackReceiver.Delivery::type)
                    .containsExactly("alert.raised", "alert.escalated", "alert.resolved");
        }
    }

    private static Set<String> fields(com.fasterxml.jackson.databind.JsonNode node) {
        return Set.copyOf(StreamSupport.stream(
                java.util.Spliterators.spliteratorUnknownSize(node.fieldNames(), 0), false).toList());
    }

    static double metric(String prefix) {
        String body = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return body.lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
