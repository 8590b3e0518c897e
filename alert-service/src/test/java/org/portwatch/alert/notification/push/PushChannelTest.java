package org.portwatch.alert.notification.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portwatch.alert.notification.push.PushApi.auth;
import static org.portwatch.alert.notification.push.PushApi.clinician;
import static org.portwatch.alert.notification.push.PushApi.list;
import static org.portwatch.alert.notification.push.PushApi.loopbackEndpoint;
import static org.portwatch.alert.notification.push.PushApi.newSubject;
import static org.portwatch.alert.notification.push.PushApi.newTeam;
import static org.portwatch.alert.notification.push.PushApi.onVertx;
import static org.portwatch.alert.notification.push.PushApi.p256dh;
import static org.portwatch.alert.notification.push.PushApi.subscribed;
import static org.portwatch.alert.notification.push.PushApi.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.notification.Audience;
import org.portwatch.alert.notification.Channel;
import org.portwatch.alert.notification.DeliveryResult;
import org.portwatch.alert.notification.DeliveryResult.Outcome;
import org.portwatch.alert.notification.Notification;
import org.portwatch.alert.notification.push.PushServiceStandIn.Device;
import org.portwatch.alert.notification.push.PushServiceStandIn.Received;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.Json;
import org.portwatch.model.Severity;

/**
 * The channel against a push service that checks what a real one checks: what arrives, decrypted, is exactly the
 * notification; the push service's answers become the dispatcher's outcomes.
 */
@QuarkusTest
class PushChannelTest {

    private static PushServiceStandIn pushService;

    @Inject
    PushChannel channel;

    @Inject
    Vertx vertx;

    @Inject
    Pool pool;

    @BeforeAll
    static void start() {
        pushService = PushServiceStandIn.start();
    }

    @AfterAll
    static void stop() {
        pushService.close();
    }

    private static Notification notification(String alertId, String careTeamId, Severity severity) {
        return new Notification(UUID.randomUUID().toString(), Notification.RAISED, alertId, careTeamId,
                AlertCondition.FEVER, severity, "OPEN", Instant.now().truncatedTo(ChronoUnit.MILLIS), "J.D.",
                "https://portwatch.example/alerts/" + alertId);
    }

    /** A browser subscribed with this service's VAPID key, by a clinician of {@code team}. */
    private Subscribed subscribedDevice(String team) {
        Device device = pushService.newDevice(PushApi.vapidPublicKey());
        String subject = newSubject();
        String id = subscribed(subject, device.subscriptionJson(), team);
        return new Subscribed(device, id, subject);
    }

    private record Subscribed(Device device, String id, String subject) {
    }

    private DeliveryResult deliver(String target, Notification notification) {
        return onVertx(vertx, () -> channel.deliver(target, notification, 1));
    }

    private List<String> targets(String careTeamId, Audience audience) {
        // The dispatcher asks inside its transaction; a session is enough here.
        return onVertx(vertx, () -> Panache.withSession(() -> channel.targets(careTeamId, audience)));
    }

    @Test
    void shouldDeliverExactlyTheNotificationJsonEncryptedSignedAndWithTtlUrgencyAndTopic() throws Exception {
        String team = newTeam();
        Subscribed subscribed = subscribedDevice(team);
        String alertId = UUID.randomUUID().toString();
        Notification notification = notification(alertId, team, Severity.HIGH);

        DeliveryResult result = deliver(subscribed.id(), notification);

        assertThat(channel.channel()).isEqualTo(Channel.PUSH);
        assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(result.httpStatus()).isEqualTo(201);
        Received received = pushService.received(subscribed.device()).get(0);
        assertThat(pushService.received(subscribed.device())).hasSize(1);
        assertThat(received.rejection()).isNull();
        JsonNode payload = Json.mapper().readTree(received.plaintext());
        assertThat(payload).isEqualTo(Json.mapper().valueToTree(notification));
        assertThat(Json.mapper().treeToValue(payload, Notification.class)).isEqualTo(notification);
        assertThat(received.headers()).containsEntry("ttl", "86400").containsEntry("urgency", "high")
                .containsEntry("content-encoding", "aes128gcm").doesNotContainKey("crypto-key");
        assertThat(received.headers().get("topic")).matches("[A-Za-z0-9_-]{32}");
        assertThat(received.claims().path("sub").asText()).isEqualTo("mailto:care-alerts@portwatch.invalid");
        assertThat(received.claims().path("exp").asLong())
                .isLessThanOrEqualTo(Instant.now().plus(12, ChronoUnit.HOURS).getEpochSecond() + 5);
    }

    @Test
    void shouldGiveMessagesAboutOneAlertOneTopicAndLowSeveritiesNormalUrgency() {
        String team = newTeam();
        Subscribed subscribed = subscribedDevice(team);
        String alertId = UUID.randomUUID().toString();

        deliver(subscribed.id(), notification(alertId, team, Severity.MEDIUM));
        deliver(subscribed.id(), notification(alertId, team, Severity.CRITICAL));
        deliver(subscribed.id(), notification(UUID.randomUUID().toString(), team, Severity.LOW));

        List<Received> received = pushService.received(subscribed.device());
        assertThat(received).extracting(r -> r.headers().get("urgency")).containsExactly("normal", "high", "normal");
        assertThat(received.get(0).headers().get("topic")).isEqualTo(received.get(1).headers().get("topic"));
        assertThat(received.get(2).headers().get("topic")).isNotEqualTo(received.get(0).headers().get("topic"));
    }

    @Test
    void shouldAnswerGoneAndDeleteTheSubscriptionWhenThePushServiceAnswers410Or404() {
        for (int status : new int[] {410, 404}) {
            String team = newTeam();
            Subscribed subscribed = subscribedDevice(team);
            pushService.answer(subscribed.device(), status);

            DeliveryResult result = deliver(subscribed.id(), notification(UUID.randomUUID().toString(), team, Severity.HIGH));

            assertThat(result.outcome()).as("after %s", status).isEqualTo(Outcome.GONE);
            assertThat(result.httpStatus()).isEqualTo(status);
            list(clinician(subscribed.subject(), team)).then().statusCode(200).body("id", org.hamcrest.Matchers.empty());
            assertThat(targets(team, Audience.CARE_TEAM)).isEmpty();
            String actor = pool.preparedQuery("SELECT actor FROM alerts.audit_entry WHERE target_type = 'push-subscription'"
                            + " AND target_id = $1 AND action = 'push-subscription.delete'")
                    .execute(Tuple.of(subscribed.id())).await().atMost(Duration.ofSeconds(10)).iterator().next()
                    .getString("actor");
            assertThat(actor).isEqualTo(PushSubscriptionService.PUSH_SERVICE_ACTOR);

            // Deleted: the next message is gone at once, without a request.
            assertThat(deliver(subscribed.id(), notification(UUID.randomUUID().toString(), team, Severity.HIGH)).outcome())
                    .isEqualTo(Outcome.GONE);
            assertThat(pushService.received(subscribed.device())).hasSize(1);
        }
    }

    @Test
    void shouldAnswerRetryAndKeepTheSubscriptionWhenThePushServiceAnswers500Or429() {
        String team = newTeam();
        Subscribed subscribed = subscribedDevice(team);
        for (int status : new int[] {500, 429}) {
            pushService.answer(subscribed.device(), status);
            DeliveryResult result = deliver(subscribed.id(), notification(UUID.randomUUID().toString(), team, Severity.HIGH));
            assertThat(result.outcome()).as("after %s", status).isEqualTo(Outcome.RETRY);
            assertThat(result.httpStatus()).isEqualTo(status);
        }
        assertThat(targets(team, Audience.CARE_TEAM)).containsExactly(subscribed.id());
    }

    @Test
    void shouldAnswerRetryWhenThePushServiceCannotBeReached() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String team = newTeam();
        String id = subscribed(newSubject(), subscription("http://127.0.0.1:" + closedPort + "/push/" + UUID.randomUUID(),
                p256dh(), auth()), team);

        DeliveryResult result = deliver(id, notification(UUID.randomUUID().toString(), team, Severity.HIGH));

        assertThat(result.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(result.httpStatus()).isNull();
        assertThat(result.detail()).doesNotContain("/push/");
    }

    @Test
    void shouldAnswerGoneForATargetThatIsNoSubscription() {
        assertThat(deliver(UUID.randomUUID().toString(), notification("a", "t", Severity.LOW)).outcome())
                .isEqualTo(Outcome.GONE);
        assertThat(deliver("webhook-7", notification("a", "t", Severity.LOW)).outcome()).isEqualTo(Outcome.GONE);
    }

    @Test
    void shouldTargetTheCareTeamsSubscriptionsAndForEscalationTheOnCallContactsOrTheWholeTeam() {
        String team = newTeam();
        String otherTeam = newTeam();
        String onCall = newSubject();
        String colleague = newSubject();
        String onCallElsewhere = newSubject();
        String onCallPhone = subscribed(onCall, subscription(loopbackEndpoint(), p256dh(), auth()), team);
        String onCallLaptop = subscribed(onCall, subscription(loopbackEndpoint(), p256dh(), auth()), team, otherTeam);
        String colleaguePhone = subscribed(colleague, subscription(loopbackEndpoint(), p256dh(), auth()), team);
        // On call for the team by policy, but their token no longer names the team: not theirs to see.
        subscribed(onCallElsewhere, subscription(loopbackEndpoint(), p256dh(), auth()), otherTeam);
        String otherTeamsPhone = subscribed(newSubject(), subscription(loopbackEndpoint(), p256dh(), auth()), otherTeam);

        assertThat(targets(team, Audience.CARE_TEAM)).containsExactly(onCallPhone, onCallLaptop, colleaguePhone);
        assertThat(targets(otherTeam, Audience.CARE_TEAM)).contains(onCallLaptop, otherTeamsPhone)
                .doesNotContain(onCallPhone, colleaguePhone);
        // No escalation policy yet, so nobody named on call: an escalation pages the whole care team.
        assertThat(targets(team, Audience.ESCALATION)).containsExactly(onCallPhone, onCallLaptop, colleaguePhone);

        pool.preparedQuery("INSERT INTO alerts.escalation_policy (care_team_id, high_after_seconds, medium_after_seconds,"
                        + " repeat_every_seconds, contacts, updated_at, updated_by)"
                        + " VALUES ($1, 300, 900, 300, CAST(CAST($2 AS text) AS jsonb), now(), 'test')")
                .execute(Tuple.of(team, Json.mapper().valueToTree(List.of(onCall, onCallElsewhere)).toString()))
                .await().atMost(Duration.ofSeconds(10));

        assertThat(targets(team, Audience.ESCALATION)).containsExactly(onCallPhone, onCallLaptop);
        assertThat(targets(otherTeam, Audience.ESCALATION)).isEqualTo(targets(otherTeam, Audience.CARE_TEAM));
    }

    @Test
    void shouldLeaveOutSubscriptionsPastTheirAnnouncedExpiry() {
        String team = newTeam();
        Map<String, Object> body = new java.util.HashMap<>(subscription(loopbackEndpoint(), p256dh(), auth()));
        body.put("expirationTime", Instant.now().plusSeconds(3600).toEpochMilli());
        String id = subscribed(newSubject(), body, team);
        assertThat(targets(team, Audience.CARE_TEAM)).containsExactly(id);

        pool.preparedQuery("UPDATE alerts.push_subscription SET expires_at = now() - interval '1 minute' WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().atMost(Duration.ofSeconds(10));
        assertThat(targets(team, Audience.CARE_TEAM)).isEmpty();
    }
}
