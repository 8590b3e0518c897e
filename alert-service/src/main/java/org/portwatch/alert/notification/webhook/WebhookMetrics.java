package org.portwatch.alert.notification.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Webhook meters beyond the dispatcher's deliveries by channel and outcome. A refusal at delivery means a host that
 * passed at registration now points somewhere it must not (DNS changed): worth a look, possibly an attack.
 */
@ApplicationScoped
@Startup // every series at zero from the start, not from the first refusal
public class WebhookMetrics {

    public static final String REFUSED = "portwatch.webhooks.refused";
    public static final String ROTATIONS = "portwatch.webhooks.secret.rotations";
    public static final String UNREADABLE = "portwatch.webhooks.secret.unreadable";
    public static final String SEALED = "portwatch.webhooks.secrets.sealed";

    /** Where an address was refused. */
    public enum Stage {
        REGISTRATION,
        DELIVERY
    }

    private final Map<Stage, Map<AddressGuard.Reason, Counter>> refused = new EnumMap<>(Stage.class);
    private final Counter rotations;
    private final Counter unreadable;
    private final Counter sealed;

    public WebhookMetrics(MeterRegistry registry) {
        rotations = Counter.builder(ROTATIONS)
                .description("Webhook signing secrets rotated (each starts an overlap with two signatures)")
                .register(registry);
        // Not zero means deliveries are failing: a key id in the database that the configuration lacks.
        unreadable = Counter.builder(UNREADABLE)
                .description("Deliveries not sent because the webhook's secret could not be decrypted")
                .register(registry);
        sealed = Counter.builder(SEALED)
                .description("Stored webhook secrets encrypted at startup: former plaintext, or under a former key")
                .register(registry);
        for (Stage stage : Stage.values()) {
            Map<AddressGuard.Reason, Counter> byReason = new EnumMap<>(AddressGuard.Reason.class);
            for (AddressGuard.Reason reason : AddressGuard.Reason.values()) {
                byReason.put(reason, Counter.builder(REFUSED)
                        .description("Webhook hosts refused by the address guard (SSRF), by stage and reason")
                        .tag("stage", stage.name().toLowerCase(Locale.ROOT))
                        .tag("reason", reason.tag())
                        .register(registry));
            }
            refused.put(stage, byReason);
        }
    }

    /** How many refusals so far (for tests and diagnostics). */
    public double refusedCount(Stage stage, AddressGuard.Reason reason) {
        return refused.get(stage).get(reason).count();
    }

    void rotated() {
        rotations.increment();
    }

    void unreadable() {
        unreadable.increment();
    }

    void sealed(int count) {
        sealed.increment(count);
    }

    public void refused(Stage stage, AddressGuard.Reason reason) {
        refused.get(stage).get(reason).increment();
    }
}
