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
}
