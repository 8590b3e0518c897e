package org.portwatch.alert.notification.push;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The Web Push channel: who we say we are to push services, how long a message may wait, where we may send. */
@ConfigMapping(prefix = "notification.push")
public interface PushConfig {

    /**
     * The VAPID key pair (RFC 8292) that signs every request and that browsers bind their subscriptions to. Set both
     * in production (from a Secret): without them a pair is generated at startup, and every subscription made with
     * it stops working at the next restart (the push service refuses a message signed by another key).
     */
    Vapid vapid();

    /**
     * The VAPID {@code sub} claim: a contact the push service's operators can reach when our traffic misbehaves
     * (RFC 8292 §2.1), a {@code mailto:} or {@code https:} URI.
     */
    @WithDefault("mailto:care-alerts@portwatch.invalid")
    String subject();

    /**
     * How long the push service keeps a message for a device that is offline (header {@code TTL}). An alert still
     * matters hours later, when the phone comes back on the network; a newer message about the same alert replaces
     * an older one still waiting (header {@code Topic}).
     */
    @WithDefault("86400s")
    Duration ttl();

    /** The longest one request to the push service may take before the attempt counts as failed (and is retried). */
    @WithDefault("5s")
    Duration timeout();

    /**
     * Hosts of push services that subscriptions may point at: a host matches an entry equal to it or ending in
     * {@code .entry}. Browsers only ever hand out endpoints of their vendor's push service, so any other URL is not a
     * browser's subscription and would make this service send requests wherever a client asks. {@code *} allows any
     * https host. The defaults are the services of Chrome/Edge/Android (FCM), Firefox, Safari and Windows.
     */
    @WithDefault("fcm.googleapis.com,push.services.mozilla.com,push.apple.com,notify.windows.com")
    List<String> allowedHosts();

    /**
     * Accept endpoints on the loopback interface ({@code localhost}, {@code 127.0.0.0/8}, {@code [::1]}), over
     * http as well: for tests and the local run, whose push service stand-in listens there. Never in production.
     */
    @WithDefault("false")
    boolean allowLoopback();

    /**
     * How long a subscription outlives the token of the clinician who made or last renewed it. Pushes are for when
     * the dashboard is closed, so they must outlast a short-lived token (1 h in production): 12 h covers a shift
     * after one visit to the dashboard at its start. It is also how long a clinician moved off a team (or no longer a
     * clinician) may still get the team's alerts if they never open the dashboard again; a visit with the new token
     * corrects it at once.
     */
    @WithDefault("PT12H")
    Duration ownerGrace();

    /**
     * How often subscriptions past their validity are deleted. Nothing is sent to them from the moment they expire
     * (the query leaves them out); pruning only keeps the table and the gauge to what is live.
     */
    @WithDefault("PT5M")
    Duration pruneInterval();

    /** How often the subscription count gauge ({@value PushMetrics#SUBSCRIPTIONS}) is read from the database. */
    @WithDefault("30s")
    Duration gaugeRefresh();

    interface Vapid {

        /** The public key: the uncompressed P-256 point (65 bytes), base64url, as web-push libraries print it. */
        Optional<String> publicKey();

        /** The private key: the 32-byte P-256 scalar, base64url, as web-push libraries print it. A secret. */
        Optional<String> privateKey();

        /**
         * Refuse to start without a configured pair. On by default (production): a pair generated per process makes
         * every push to a subscription made on another replica, or before a restart, fail, while the service looks
         * healthy. Dev and test profiles turn it off and get a generated pair.
         */
        @io.smallrye.config.WithDefault("true")
        boolean required();
    }
}
