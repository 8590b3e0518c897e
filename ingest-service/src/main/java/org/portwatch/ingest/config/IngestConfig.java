package org.portwatch.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.portwatch.service.limit.AddressLimits;

/** Settings of the ingest API; every default is what a wearable fleet of a hospital needs. */
@ConfigMapping(prefix = "ingest")
public interface IngestConfig extends AddressLimits {

    /**
     * Synthetic requests the start-up warm-up runs through the readings path in process (JSON parsing, validation,
     * the record's serialisation, the 202 body) before readiness turns UP; never sent anywhere. Why: a fresh JVM
     * runs that path interpreted, and on two cores its first 10 s under load reached a tenth of the warm rate
     * (docs/benchmarks.md, "Cold start"). 20,000 one-reading requests and a tenth as many of 100 readings passed the
     * JIT's compile thresholds for the hot methods several times over, in a few seconds of one core; 5,000
     * are enough now since the HTTP warm-up ({@link #warmupHttpRequests()}) runs parsing and validation again.
     * 0 turns it off.
     */
    @WithDefault("5000")
    int warmupRequests();

    /**
     * Requests the start-up warm-up sends to this instance's own {@code POST /api/v1/readings} over loopback, after
     * the in-process ones, {@link #warmupHttpConnections()} at a time, with a token only it has (WarmupToken): they
     * run what the in-process warm-up cannot, the HTTP server (Netty, Vert.x, RESTEasy Reactive), the edge limits,
     * the token check, parsing, validation and the problem+json answer, and are refused (403) at the last step, before
     * any budget is charged or anything sent. Why: with the in-process warm-up alone the first 10 s after ready still
     * reached only 13 % of the warm rate (docs/benchmarks.md, "Issue 15"), the HTTP path being most of a request's
     * CPU. Counted in {@code portwatch_ingest_warmup_http_requests}, not in the request meters. 0 turns it off.
     */
    @WithDefault("30000")
    int warmupHttpRequests();

    /**
     * Whether the warm-up, once it ran everything else, waits (within {@link #warmupMaxDuration()}) until the JIT
     * has caught up: less than a tenth of a compiler thread busy over half a second. Why: the warm-up queues
     * compilations faster than two cores compile them, and what is still queued at readiness compiles during the
     * first seconds of real traffic, on the same cores.
     */
    @WithDefault("true")
    boolean warmupJitSettle();

    /** Connections (requests in flight) of the HTTP warm-up ({@link #warmupHttpRequests()}). */
    @WithDefault("32")
    int warmupHttpConnections();

    /**
     * Registry lookups (of random tokens no device has; read-only) the start-up warm-up makes, 16 at a time, after
     * the readings. Why: after a start every device's first request asks the registry (its verdict is in memory
     * only), so a fresh instance meets a burst of lookups on a cold Hibernate Reactive path and an empty pool; in the
     * cold-start benchmark that burst held the first 10 s to ~140 requests/s. 3,000 compile that path and open the
     * pool's connections in about a second of a warm database. 0 turns this part off; a failed lookup (the database
     * away at start) ends it.
     */
    @WithDefault("3000")
    int warmupRegistryLookups();

    /**
     * Whether the start-up warm-up reads the verdicts of all active devices (one query, at most
     * {@link #deviceVerdictCacheSize()}) before readiness. Why: a restarted instance is met by every device at once,
     * and one registry lookup each is what held its first 10 s to a few hundred requests/s; a fleet of thousands is
     * one query of milliseconds. Revocation is unchanged: each verdict is refreshed within {@link #deviceCacheTtl()}.
     */
    @WithDefault("true")
    boolean warmupPreloadVerdicts();

    /**
     * The longest the warm-up may hold readiness DOWN, whatever it got through: a slow or busy machine is served
     * less warm rather than later. A pod that is not ready yet is only kept out of the Service (never restarted),
     * and 15 s is well inside the local run's start-up wait.
     */
    @WithDefault("15s")
    Duration warmupMaxDuration();

    /** The most readings one request may carry; a phone syncing a day of backlog sends several. */
    @WithDefault("500")
    int maxReadingsPerRequest();

    /** The largest request body, in bytes (1 MiB). */
    @WithDefault("1048576")
    long maxBodyBytes();

    /**
     * The largest body of any other endpoint (the device registry: a registration is under 200 bytes).
     * 16 KiB leaves room for long ids and a verbose client, and keeps an administrator's request from
     * costing more than a few milliseconds of parsing whatever it holds.
     */
    @WithDefault("16384")
    long adminMaxBodyBytes();

    /**
     * Requests per second one client address may make to the API, counted before any token is looked at,
     * so a client spraying guessed tokens pays this limit and not the database. Sized for the largest
     * honest crowd behind one address: a hospital's NAT or a phone carrier's CGNAT with 500 devices, each
     * sending every few seconds (under 200 requests/s together), a whole ward catching up after an outage
     * (each device up to six full requests back to back, see {@link #deviceReadingsBurst()}), and the
     * administrators registering devices from the same network. 500/s sustained is under a tenth of what
     * one instance serves (docs/operations.md), so one address cannot starve the others.
     */
    @WithDefault("500")
    @Override
    double addressRequestsPerSecond();

    /**
     * The most requests one client address may make at once (its bucket's capacity). 5,000 lets 500
     * devices behind one NAT each send a day of backlog (six requests of 500 readings, see
     * {@link #deviceReadingsBurst()}) within the same few seconds after a network outage.
     */
    @WithDefault("5000")
    @Override
    int addressRequestsBurst();

    /**
     * The most client addresses (IPv4 addresses, IPv6 /64 networks) with a bucket at once. 100,000 is far
     * more than the gateways and NATs of any deployment (about 100 bytes each: 10 MB); a client rotating
     * through more addresses than that evicts only the least recently seen, and a bucket that comes back
     * starts full, so memory stays bounded and a real client is never throttled by an eviction.
     */
    @WithDefault("100000")
    @Override
    int addressBucketsMax();

    /**
     * Networks (CIDR, or single addresses) of the reverse proxies in front of ingest (the ingress
     * controller, a load balancer) whose {@code X-Forwarded-For} is believed. Empty by default: the
     * client address is the connection's, because a header from anyone else is whatever the client
     * wrote. Trusting a network that clients can reach directly would let each request pick its address.
     */
    @Override
    Optional<List<String>> trustedProxies();

    /** Requests per second one device may make before it gets 429; a device measures every few seconds at most. */
    @WithDefault("20")
    double deviceRequestsPerSecond();

    /**
     * Readings per second one device may send on, sustained (its readings budget refills at this rate).
     * A continuous patch sampling at 1 Hz and sending both vital types needs 2/s; 5/s leaves room for its
     * retries and for a gap it catches up on, and still bounds what one patient costs the detector
     * (docs/clinical-rules.md, "Bounded"): a flood of 70,000 readings takes hours, not seconds.
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

    /**
     * How long a device's last verdict from the registry is still honoured while PostgreSQL cannot be
     * reached (once the database answers, the fresh verdict replaces it at once, so a revocation holds).
     * 6 h outlasts a database failover (minutes) and a restore from backup (docs/runbook.md, about an hour)
     * with room to spare, so fever monitoring goes on through any outage the runbook plans for; it is
     * bounded because a token revoked on another instance just before a longer outage must not be trusted
     * for ever. Past it the device hears 503 and keeps its readings: delayed, not lost.
     */
    @WithDefault("6h")
    Duration deviceVerdictMaxStale();

    /**
     * The most device verdicts kept. A hospital's fleet is a few thousand devices; 200,000 holds every
     * device of the largest deployment many times over (about 200 bytes each: 40 MB at worst), so no real
     * device's verdict is evicted. Unknown tokens are kept apart ({@link #unknownTokenCacheSize()}), so a
     * token-spraying client cannot push real devices out.
     */
    @WithDefault("200000")
    int deviceVerdictCacheSize();

    /** The most unknown tokens remembered; a separate bound, so guessing evicts only other guesses. */
    @WithDefault("100000")
    int unknownTokenCacheSize();

    /**
     * The longest a request waits for the device registry (pool acquisition, connect and query together)
     * before the stale verdict is used or, for a token never seen, 503 is answered. A lookup takes
     * milliseconds; 2 s is far beyond a healthy database and keeps the whole request (plus the publish)
     * within what a device's HTTP client waits.
     */
    @WithDefault("2s")
    Duration registryTimeout();

    /**
     * After the registry failed, how long requests skip it (known devices: last verdict at once; unknown
     * tokens: 503 at once) before one request probes it again. 1 s keeps an outage from costing every
     * request the {@link #registryTimeout()}, and a recovered database is used again within a second.
     */
    @WithDefault("1s")
    Duration registryRetryInterval();

    /** The Retry-After of a 503 while the device registry (PostgreSQL) is unreachable. */
    @WithDefault("5")
    int registryRetryAfterSeconds();

    /** How long to wait for the broker's acknowledgement before answering 503 (the issue: within 5 s). */
    @WithDefault("4s")
    Duration publishTimeout();

    /** The Retry-After of a 503 while the broker is unreachable. */
    @WithDefault("5")
    int unavailableRetryAfterSeconds();

    /**
     * The most readings handed to the producer and not yet acknowledged or failed, across all requests.
     * Beyond it a request is answered 503 at once instead of queueing: memory stays bounded through a broker
     * outage, and no request waits behind work that can no longer succeed. Healthy, a reading is in flight
     * for milliseconds (~9,700 requests/s per core, docs/operations.md: about 100 in flight); during an outage each
     * waits up to the publish timeout, so 20,000 (about 10 MB of records) lets a full pod's traffic wait
     * out a short broker hiccup before shedding starts.
     */
    @WithDefault("20000")
    int publishMaxInFlightReadings();

    /** How far in the future a measurement may be (device clocks drift) before it is rejected. docs/clinical-rules.md. */
    @WithDefault("5m")
    Duration maxClockSkew();

    /** Readings older than this are rejected outright. docs/clinical-rules.md: 7 days. */
    @WithDefault("7d")
    Duration maxAge();
}
