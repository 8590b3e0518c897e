package org.portwatch.alert.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Escalation rounds and notification retries in fractions of a second, for the tests of escalation and of who
 * owns an alert: delays in seconds there stand for the minutes of docs/clinical-rules.md. One profile class, so the test
 * classes that use it share one application start.
 */
public class FastRounds implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("alerts.escalation.check-interval", "PT0.2S",
                "notification.dispatch.poll-interval", "PT0.2S",
                "notification.dispatch.initial-backoff", "PT0.2S");
    }
}
