package org.portwatch.alert.notification;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the outbox is sent: how often, how many at once, and how long a failing target is retried. */
@ConfigMapping(prefix = "notification.dispatch")
public interface NotificationConfig {

    /** How often each replica looks for due rows (besides being woken right after an event is recorded). */
    @WithDefault("PT1S")
    Duration pollInterval();

    /** Rows claimed per round. */
    @WithDefault("50")
    int batchSize();

    /**
     * How long a claimed row is this replica's: if it dies mid-delivery, another replica retries after this.
     * Longer than any channel's timeout.
     */
    @WithDefault("PT60S")
    Duration lease();

    /** The wait after the first failed attempt; it doubles each attempt (with jitter) up to {@link #maxBackoff()}. */
    @WithDefault("PT10S")
    Duration initialBackoff();

    /** The longest wait between attempts of a LOW notification (and the ceiling of every severity's cap). */
    @WithDefault("PT1H")
    Duration maxBackoff();

    /**
     * The longest wait between attempts of a HIGH or CRITICAL notification: after a receiver's outage, however long,
     * its deliveries arrive within this (plus jitter) of its return — well inside a minute, as a pager must.
     */
    @WithDefault("PT30S")
    Duration maxBackoffHigh();

    /** The longest wait between attempts of a MEDIUM notification. */
    @WithDefault("PT5M")
    Duration maxBackoffMedium();

    /** A row not delivered within this since it was queued is given up (status FAILED, counted, logged). */
    @WithDefault("PT24H")
    Duration giveUpAfter();
}
