package org.portwatch.infra;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The key that encrypts webhook signing secrets at rest, for one run of the packaged alert-service: its production
 * profile refuses to start without one, so whoever starts it — {@code ./run-local.sh}, the end-to-end and
 * fault-injection stacks — makes one per stack run with this and passes {@link #properties()} to every replica and
 * every restart (a key per process would leave the secrets stored by another unreadable).
 *
 * @param key base64 of 32 random bytes (AES-256)
 */
public record DevWebhookSecretKey(String key) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static DevWebhookSecretKey generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new DevWebhookSecretKey(Base64.getEncoder().encodeToString(bytes));
    }

    /** The service's settings: {@code notification.webhook.secrets.key} and its id. */
    public Map<String, String> properties() {
        return Map.of("notification.webhook.secrets.key", key, "notification.webhook.secrets.key-id", "run");
    }

    @Override
    public String toString() {
        return "DevWebhookSecretKey[(hidden)]";
    }
}
