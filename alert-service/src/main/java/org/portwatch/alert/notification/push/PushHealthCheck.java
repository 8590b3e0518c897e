package org.portwatch.alert.notification.push;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Shows how Web Push is set up on this replica. Always up (push failures are retried by the dispatcher and show in
 * its metrics), but {@code vapidKey: generated} in production says the key pair was not configured: every
 * subscription stops working at the next restart.
 */
@Readiness
@ApplicationScoped
public class PushHealthCheck implements HealthCheck {

    static final String NAME = "web-push";

    private final VapidKeys keys;
    private final PushConfig config;

    public PushHealthCheck(VapidKeys keys, PushConfig config) {
        this.keys = keys;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME)
                .withData("vapidKey", keys.generated() ? "generated" : "configured")
                .withData("loopbackEndpoints", config.allowLoopback())
                .up()
                .build();
    }
}
