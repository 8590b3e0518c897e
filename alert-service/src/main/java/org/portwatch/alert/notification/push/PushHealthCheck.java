package org.portwatch.alert.notification.push;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.portwatch.alert.role.RoleConfig;

/**
 * Shows how Web Push is set up on this replica. Always up (push failures are retried by the dispatcher and show in
 * its metrics), but {@code vapidKey: generated} in production says the key pair was not configured: every
 * subscription stops working at the next restart.
 */
@Readiness
@ApplicationScoped
public class PushHealthCheck implements HealthCheck {

    static final String NAME = "web-push";

    private final Instance<VapidKeys> keys;
    private final PushConfig config;
    private final boolean pushes;

    /** The keys looked up only where pushes are sent: a detector pod has no VAPID key pair and needs none. */
    public PushHealthCheck(Instance<VapidKeys> keys, PushConfig config, RoleConfig role) {
        this.keys = keys;
        this.config = config;
        this.pushes = role.role().runsApi();
    }

    @Override
    public HealthCheckResponse call() {
        if (!pushes) {
            return HealthCheckResponse.named(NAME).withData("vapidKey", "not used by this role").up().build();
        }
        return HealthCheckResponse.named(NAME)
                .withData("vapidKey", keys.get().generated() ? "generated" : "configured")
                .withData("loopbackEndpoints", config.allowLoopback())
                .up()
                .build();
    }
}
