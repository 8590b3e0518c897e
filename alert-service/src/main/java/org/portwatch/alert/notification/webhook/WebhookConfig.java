package org.portwatch.alert.notification.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How webhooks are delivered, and which receivers they may reach. */
@ConfigMapping(prefix = "notification.webhook")
public interface WebhookConfig {

    /**
     * How long one delivery may take, from connecting to the receiver's status line. A receiver slower than this
     * gets the notification again later (the dispatcher's backoff): pagers must answer fast, not think.
     */
    @WithDefault("5s")
    Duration timeout();

    /**
     * Whether receivers on the loopback interface (127.0.0.0/8, ::1) are allowed. Off in production: a webhook to
     * localhost would let whoever registers it talk to this service's own host (SSRF). On for a local run and tests.
     */
    @WithDefault("false")
    boolean allowLoopback();

    /**
     * Networks (CIDR, e.g. {@code 10.20.0.0/16}, {@code fd00:1::/64}) whose addresses are allowed although they are
     * private, link-local or otherwise refused: the hospital's own paging gateway inside its network. Empty by
     * default: only public addresses are reachable.
     */
    Optional<List<String>> allowedNetworks();

    /**
     * Only {@code https} receivers (registration and delivery). On in production, where notifications cross networks
     * and the NetworkPolicy lets alert-service out on 443 only; off for tests, dev and the local run, whose receivers
     * listen on plain http on loopback.
     */
    @WithDefault("true")
    boolean requireHttps();

    /**
     * The destination ports receivers may use (registration and delivery): 443 by default, which is what the
     * production NetworkPolicy allows out; {@code *} allows any (tests, dev, local run with receivers on random ports).
     */
    @WithDefault("443")
    List<String> allowedPorts();

    /** The signing secrets: how they are kept in the database, and how a rotation overlaps. */
    Secrets secrets();

    interface Secrets {

        /**
         * The key (AES-256, base64 of 32 bytes) that encrypts every webhook's signing secret at rest (AES-GCM, the
         * webhook's id as associated data). A copy of the database (a backup, a replica, a dump for support) must not
         * be enough to forge alerts to the hospital's pagers. Production reads it from a Secret
         * ({@code WEBHOOK_SECRET_KEY}); dev and test profiles set a fixed development key.
         */
        Optional<String> key();

        /**
         * The id stored with every ciphertext, naming the key that made it: when a new key is introduced under a new
         * id (the former one moved to {@link #oldKeys()}), rows encrypted under the former still open, and the service
         * re-encrypts them under the new one at startup. Letters, digits, {@code -}, {@code _} and {@code .}.
         */
        @WithDefault("1")
        String keyId();

        /**
         * Former keys as {@code <keyId>:<base64 key>}, comma-separated: they still open what they encrypted until the
         * service has re-encrypted it under {@link #key()} (at its next start). Empty by default: one key.
         */
        Optional<List<String>> oldKeys();

        /**
         * Refuse to start without {@link #key()}. On by default (production): without a key the secrets would have
         * to be kept in plaintext, which is what this setting exists to prevent. The dev and test profiles set a key.
         */
        @WithDefault("true")
        boolean required();

        /**
         * After a rotation, how long deliveries are signed with both the new and the former secret (two {@code v1,}
         * signatures in {@code webhook-signature}, as Standard Webhooks allows): a day gives the receiver's operators
         * time to install the new secret without losing a page; past it only the new one signs.
         */
        @WithDefault("24h")
        Duration rotationOverlap();
    }
}
