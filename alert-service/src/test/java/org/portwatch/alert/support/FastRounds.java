package org.portwatch.alert.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Background rounds and notification retries in fractions of a second, for the tests of escalation, of who owns an
 * alert and of notification delivery: one profile, so those test classes share one application start. Escalation
 * delays themselves are tested in minutes on {@link TestClock}; what is fast here is how soon a round notices.
 */
public class FastRounds implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "alerts.escalation.check-interval", "PT0.2S",
                "notification.dispatch.poll-interval", "PT0.2S",
                "notification.dispatch.initial-backoff", "PT0.2S",
                // UrgentAfterOutageTest: a MEDIUM row in a long backoff, HIGH rows at a 1 s pace.
                "notification.dispatch.max-backoff-medium", "PT1H",
                "notification.dispatch.max-backoff-high", "PT1S",
                // LeaseReleaseTest: a delivery that outlasts the shutdown grace (the receiver answers at the end).
                "notification.webhook.timeout", "PT30S",
                "alerts.rounds.shutdown-grace", "PT1S");
    }
}
