package org.portwatch.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the ingest API; every default is what a wearable fleet of a hospital needs. */
@ConfigMapping(prefix = "ingest")
public interface IngestConfig {

    /** The most readings one request may carry; a phone syncing a day of backlog sends several. */
    @WithDefault("500")
    int maxReadingsPerRequest();

    /** The largest request body, in bytes (1 MiB). */
    @WithDefault("1048576")
    long maxBodyBytes();

    /** Requests per second one device may make before it gets 429; a device measures every few seconds at most. */
    @WithDefault("20")
    double deviceRequestsPerSecond();

    /**
     * Readings per second one device may send on, sustained (its readings budget refills at this rate).
     * A continuous patch sampling at 1 Hz and sending both vital types needs 2/s; 5/s leaves room for its
     * retries and for a gap it catches up on, and still bounds what one patient costs the detector
     * (CLINICAL.md, "Bounded"): a flood of 70,000 readings takes hours, not seconds.
     */
    @WithDefault("5")
    double deviceReadingsPerSecond();

    /**
     * The most readings one device may send on at once (the budget's capacity). A phone syncing 24 h of
     * backlog at minute cadence sends 24 × (60 heart rates + 12 temperatures) = 1,728 readings in one go;
     * 3,000 covers that with room for a denser day (or a sync shortly after an earlier one), is six full
     * requests, and is small enough that one device's burst is seconds of the detector's work. Keep it at
     * least {@link #maxReadingsPerRequest()}: a request larger than the burst can never be accepted (413).
     */
    @WithDefault("3000")
    int deviceReadingsBurst();

    /**
     * How long a verified device token is trusted without asking the database again.
     * Revocation must reach every instance within 60 s, so keep this well under a minute.
     */
    @WithDefault("30s")
    Duration deviceCacheTtl();

    /** How long an unknown token is remembered as unknown, so guessing costs no database round-trip. */
    @WithDefault("5s")
    Duration unknownTokenCacheTtl();

    /** How long to wait for the broker's acknowledgement before answering 503 (the issue: within 5 s). */
    @WithDefault("4s")
    Duration publishTimeout();

    /** The Retry-After of a 503 while the broker is unreachable. */
    @WithDefault("5")
    int unavailableRetryAfterSeconds();

    /** How far in the future a measurement may be (device clocks drift) before it is rejected. CLINICAL.md. */
    @WithDefault("5m")
    Duration maxClockSkew();

    /** Readings older than this are rejected outright. CLINICAL.md: 7 days. */
    @WithDefault("7d")
    Duration maxAge();
}
