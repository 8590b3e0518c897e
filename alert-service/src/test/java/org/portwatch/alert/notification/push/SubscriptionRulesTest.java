package org.portwatch.alert.notification.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portwatch.service.problem.Problem;
import org.portwatch.service.problem.ProblemException;

/** Where subscriptions may point: the table the API's 422s come from, without a server. */
class SubscriptionRulesTest {

    private static final Instant NOW = Instant.parse("2025-03-01T08:00:00Z");
    private static final List<String> DEFAULT_HOSTS =
            List.of("fcm.googleapis.com", "push.services.mozilla.com", "push.apple.com", "notify.windows.com");

    private static List<String> reasons(SubscriptionRules rules, String endpoint) {
        try {
            rules.validate(new PushSubscriptionInput(endpoint, null,
                    new PushSubscriptionInput.Keys(PushApi.p256dh(), PushApi.auth())), NOW);
            return List.of();
        } catch (ProblemException e) {
            return e.errors().stream().map(Problem.FieldError::reason).toList();
        }
    }

    @Test
    void shouldAcceptTheBrowserVendorsPushServicesOverHttpsOnly() {
        SubscriptionRules production = new SubscriptionRules(DEFAULT_HOSTS, false);

        assertThat(reasons(production, "https://fcm.googleapis.com/fcm/send/abc")).isEmpty();
        assertThat(reasons(production, "https://updates.push.services.mozilla.com/wpush/v2/abc")).isEmpty();
        assertThat(reasons(production, "https://web.push.apple.com/QGz")).isEmpty();
        assertThat(reasons(production, "https://wns2-par02p.notify.windows.com/w/?token=abc")).isEmpty();
        assertThat(reasons(production, "http://fcm.googleapis.com/fcm/send/abc")).containsExactly("NOT_HTTPS");
        assertThat(reasons(production, "https://evilfcm.googleapis.com.example/x")).containsExactly("PUSH_SERVICE_NOT_ALLOWED");
        assertThat(reasons(production, "https://notgoogleapis.com/x")).containsExactly("PUSH_SERVICE_NOT_ALLOWED");
        assertThat(reasons(production, "https://user@fcm.googleapis.com/x")).containsExactly("NOT_A_URL");
        assertThat(reasons(production, "/fcm/send/abc")).containsExactly("NOT_A_URL");
    }

    @Test
    void shouldAcceptLoopbackEndpointsOnlyWhenAllowed() {
        SubscriptionRules production = new SubscriptionRules(List.of("*"), false);
        SubscriptionRules test = new SubscriptionRules(DEFAULT_HOSTS, true);

        for (String endpoint : List.of("http://127.0.0.1:8080/push/a", "https://localhost/push/a", "http://[::1]:9/push/a",
                "http://127.8.9.10/push/a")) {
            assertThat(reasons(production, endpoint)).as(endpoint).containsExactly("PUSH_SERVICE_NOT_ALLOWED");
            assertThat(reasons(test, endpoint)).as(endpoint).isEmpty();
        }
        // Not loopback, and never looked up: an http URL of another host stays refused in tests too.
        assertThat(reasons(test, "http://127.0.0.300/push/a")).containsExactly("NOT_A_URL");
        assertThat(reasons(test, "http://127.example/push/a")).containsExactly("NOT_HTTPS");
        assertThat(reasons(test, "http://push.example/push/a")).containsExactly("NOT_HTTPS");
        // "*" opens every https host, and only https.
        assertThat(reasons(production, "https://push.example/push/a")).isEmpty();
    }

    @Test
    void shouldRefuseASubscriptionThatHasAlreadyExpired() {
        SubscriptionRules rules = new SubscriptionRules(DEFAULT_HOSTS, true);
        PushSubscriptionInput expired = new PushSubscriptionInput("http://127.0.0.1/push/a", NOW.toEpochMilli(),
                new PushSubscriptionInput.Keys(PushApi.p256dh(), PushApi.auth()));

        assertThatThrownBy(() -> rules.validate(expired, NOW)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.errors()).extracting(Problem.FieldError::field).containsExactly("expirationTime"));
        assertThat(rules.validate(new PushSubscriptionInput("http://127.0.0.1/push/a", NOW.toEpochMilli() + 1,
                new PushSubscriptionInput.Keys(PushApi.p256dh(), PushApi.auth())), NOW).expiresAt())
                .isEqualTo(NOW.plusMillis(1));
    }
}
