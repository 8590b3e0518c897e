package org.portwatch.ingest.reading;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.value.registry.ValueRegistry;
import io.quarkus.vertx.http.HttpServer;
import io.quarkus.vertx.http.HttpServerStart;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;
import org.portwatch.ingest.config.IngestConfig;
import org.portwatch.ingest.device.DeviceRepository;
import org.portwatch.ingest.device.DeviceTokenVerifier;
import org.portwatch.ingest.device.DeviceTokens;
import org.portwatch.ingest.device.WarmupToken;
import org.portwatch.model.Json;
import org.portwatch.model.Topics;
import org.portwatch.model.VitalReading;

/**
 * Runs the readings path on synthetic readings once at start-up, before readiness turns UP, so that the JIT has
 * compiled it before the first device is served: a fresh JVM on two cores served its first 10 s at a tenth of its
 * warm rate (docs/benchmarks.md, "Cold start"). First what a request runs in process: the body parsed by
 * {@link ReadingsResource}'s reader, {@link ReadingValidator}, the record serialised by the producer's serializer,
 * the 202 body written; this class has no producer and no rate limiter, and the readings it makes belong to a
 * patient id no device can be registered to ({@link #PATIENT_ID}). Then it looks up random tokens in the device
 * registry (read-only; {@link IngestConfig#warmupRegistryLookups()}), since a fresh instance's first burst is one
 * registry lookup per device; and, first of all, it reads the active devices' verdicts in one query
 * ({@link DeviceTokenVerifier#preload}), so that burst does not happen. Then the readings endpoint over HTTP, from a
 * Vert.x client to this instance's own port on loopback ({@link IngestConfig#warmupHttpRequests()}), with a token only
 * this process knows and only while the warm-up runs ({@link WarmupToken}): the HTTP server, the edge limits, the
 * token check, parsing, validation and the problem+json answer run as for a device, and each request is refused (403)
 * at the last step, before a budget is charged or anything is sent ({@link DeviceGate#refuseWarmup}); this part
 * ends at four fifths of the bound at the latest. Last it waits until the JIT has compiled what all this queued
 * ({@link IngestConfig#warmupJitSettle()}), so that it does not compile it on the cores the first real requests need.
 *
 * <p>Bounded: {@link IngestConfig#warmupMaxDuration()} for all of it, on one thread of its own. A failure ends it
 * early and is logged; readiness then turns UP anyway, since a warm-up is an optimisation and must never keep a
 * healthy service out of its Service.
 */
@ApplicationScoped
@Readiness
public class ReadingWarmup implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(ReadingWarmup.class);

    static final String CHECK = "ingest warm-up";
    /** Spaces are not allowed in registered ids, so no reading of a real device carries this patient. */
    public static final String PATIENT_ID = WarmupToken.PATIENT_ID;
    static final String DEVICE_ID = "warm-up";
    /** Every tenth synthetic request carries 100 readings (the batched path), the rest one (the single path). */
    static final int BATCH_EVERY = 10;
    static final int BATCH_SIZE = 100;

    private final ReadingValidator validator;
    private final ObjectReader reader;
    private final ReadingRecordSerializer recordSerializer = new ReadingRecordSerializer();
    private final ObjectWriter answerWriter = Json.mapper().writerFor(IngestResult.class);
    private final int requests;
    private final Duration maxDuration;

    private volatile boolean done;
    private volatile int requestsDone;
    private volatile long readingsDone;
    /** Seconds the warm-up took; NaN until it ended. */
    private volatile double seconds = Double.NaN;

    /** One read-only lookup of the device registry by token hash, as a request's token verification makes it. */
    @FunctionalInterface
    interface RegistryLookup {
        Uni<?> find(String tokenHash);
    }

    /** Lookups in flight at once: the reactive pool's size (16), so the warm-up opens every connection. */
    static final int LOOKUPS_AT_ONCE = 16;

    /** Reads the active devices' verdicts into the token verifier; how many. */
    @FunctionalInterface
    interface VerdictPreload {
        Uni<Integer> load();
    }

    /** Null when off ({@link IngestConfig#warmupPreloadVerdicts()}). */
    private VerdictPreload preload;
    private volatile int verdictsPreloaded;
    private RegistryLookup registryLookup = hash -> Uni.createFrom().nullItem();
    private int registryLookups;
    private Duration lookupTimeout = Duration.ofSeconds(2);
    private volatile int lookupsDone;

    /** One warm-up request to this instance's readings endpoint over loopback; the status it was answered. */
    interface LoopbackClient extends AutoCloseable {
        CompletionStage<Integer> post(byte[] body);

        @Override
        void close();
    }

    /** Opens the loopback client to the HTTP server's port. */
    @FunctionalInterface
    interface LoopbackClients {
        LoopbackClient open(int port);
    }

    /** The status every HTTP warm-up request must get: refused at the last step, nothing sent (WarmupToken). */
    static final int REFUSED = 403;

    /** Null when the HTTP warm-up is off (no token, or {@link IngestConfig#warmupHttpRequests()} 0). */
    private WarmupToken token;
    private LoopbackClients loopback;
    private int httpRequests;
    private int httpConnections = 32;
    /** Completed with the API's port when the HTTP server listens (it starts after the StartupEvent). */
    private final CompletableFuture<Integer> httpPort = new CompletableFuture<>();
    private final AtomicInteger httpDone = new AtomicInteger();
    /** HTTP warm-up requests not answered {@link #REFUSED} (errors, timeouts, another status): should stay 0. */
    private final AtomicInteger httpUnexpected = new AtomicInteger();
    private Instance<ValueRegistry> values;
    /** Whether the warm-up ends by waiting for the JIT to catch up ({@link IngestConfig#warmupJitSettle()}). */
    private boolean jitSettle;
    /** Seconds the warm-up waited for the JIT at its end; NaN until then. */
    private volatile double jitSettleSeconds = Double.NaN;
    /** The JIT's accumulated compilation time (ms), or -1 where the JVM does not tell. */
    private java.util.function.LongSupplier compilationMillis = ReadingWarmup::jvmCompilationMillis;
    static final long SETTLE_STEP_MILLIS = 500;
    /** Quiet: the compiler threads together spent less than this share of a step compiling. */
    static final double QUIET_SHARE = 0.1;

    @Inject
    public ReadingWarmup(ReadingValidator validator, IngestConfig config, MeterRegistry registry,
            DeviceRepository devices, DeviceTokenVerifier verifier, Vertx vertx, WarmupToken token,
            Instance<ValueRegistry> values) {
        this(validator, ReadingsResource.BATCH_READER, config.warmupRequests(), config.warmupMaxDuration());
        this.values = values;
        this.jitSettle = config.warmupJitSettle();
        if (config.warmupHttpRequests() > 0) {
            this.token = token;
            this.httpRequests = config.warmupHttpRequests();
            this.httpConnections = Math.max(1, config.warmupHttpConnections());
            this.loopback = port -> new VertxLoopbackClient(vertx, port, httpConnections, token.authorization());
        }
        this.registryLookups = config.warmupRegistryLookups();
        this.lookupTimeout = config.registryTimeout();
        this.registryLookup = devices::findActiveByTokenHash;
        if (config.warmupPreloadVerdicts()) {
            this.preload = () -> devices.listActive(config.deviceVerdictCacheSize()).map(verifier::preload);
        }
        Gauge.builder("portwatch.ingest.warmup.seconds", this, w -> w.seconds)
                .description("How long the start-up warm-up of the readings path took (readiness was DOWN meanwhile);"
                        + " NaN while it runs")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder("portwatch.ingest.warmup.requests", this, w -> w.requestsDone)
                .description("Synthetic requests the start-up warm-up ran in process (none is ever sent on)")
                .register(registry);
        Gauge.builder("portwatch.ingest.warmup.http.requests", this, w -> w.httpDone.get())
                .description("Requests the start-up warm-up sent to this instance's readings endpoint over loopback,"
                        + " each refused (403) before anything is charged or sent; not in the request meters")
                .register(registry);
        Gauge.builder("portwatch.ingest.warmup.http.unexpected", this, w -> w.httpUnexpected.get())
                .description("Of those, answered otherwise than refused (another status, an error, a timeout);"
                        + " should stay 0")
                .register(registry);
        Gauge.builder("portwatch.ingest.warmup.jit.settle.seconds", this, w -> w.jitSettleSeconds)
                .description("How long the start-up warm-up waited at its end for the JIT to compile what it had"
                        + " queued; NaN until then")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder("portwatch.ingest.warmup.verdicts.preloaded", this, w -> w.verdictsPreloaded)
                .description("Active devices whose verdict the start-up warm-up read in one query")
                .register(registry);
        Gauge.builder("portwatch.ingest.warmup.registry.lookups", this, w -> w.lookupsDone)
                .description("Registry lookups of tokens no device has, made by the start-up warm-up (read-only)")
                .register(registry);
    }

    /** With a verdict preload and registry lookups through {@code lookup} (tests). */
    ReadingWarmup(ReadingValidator validator, ObjectReader reader, int requests, Duration maxDuration,
            VerdictPreload preload, RegistryLookup lookup, int lookups) {
        this(validator, reader, requests, maxDuration, lookup, lookups);
        this.preload = preload;
    }

    /** With registry lookups through {@code lookup} (tests). */
    ReadingWarmup(ReadingValidator validator, ObjectReader reader, int requests, Duration maxDuration,
            RegistryLookup lookup, int lookups) {
        this(validator, reader, requests, maxDuration);
        this.registryLookup = lookup;
        this.registryLookups = lookups;
    }

    /** With an HTTP warm-up of {@code httpRequests} through {@code loopback}, once {@link #serverListening} (tests). */
    ReadingWarmup(ReadingValidator validator, ObjectReader reader, int requests, Duration maxDuration,
            WarmupToken token, LoopbackClients loopback, int httpRequests, int httpConnections) {
        this(validator, reader, requests, maxDuration);
        this.token = token;
        this.loopback = loopback;
        this.httpRequests = httpRequests;
        this.httpConnections = httpConnections;
    }

    ReadingWarmup(ReadingValidator validator, ObjectReader reader, int requests, Duration maxDuration) {
        this.validator = validator;
        this.reader = reader;
        this.requests = requests;
        this.maxDuration = maxDuration;
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    /** The API's HTTP server listens (Quarkus starts it after the StartupEvent): the HTTP warm-up may begin. */
    void onHttpServerStart(@ObservesAsync HttpServerStart started) {
        int port = started.options().getPort();
        if (port <= 0 && values != null && values.isResolvable()) {
            // A random port (the tests' quarkus.http.test-port=0): the one it got.
            port = values.get().getOrDefault(HttpServer.HTTP_PORT, 0);
        }
        serverListening(port);
    }

    void serverListening(int port) {
        httpPort.complete(port);
    }

    private boolean httpOn() {
        return token != null && loopback != null && httpRequests > 0;
    }

    /** Starts the warm-up on a thread of its own; readiness is DOWN until it ended. */
    void start() {
        if (requests <= 0 && registryLookups <= 0 && preload == null && !httpOn()) {
            done = true;
            seconds = 0;
            return;
        }
        Thread thread = new Thread(this::run, "ingest-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    void run() {
        long started = System.nanoTime();
        long deadline = started + maxDuration.toNanos();
        String stoppedBy = "done";
        try {
            // First what matters most to a fresh instance's first requests: its devices' verdicts.
            try {
                if (preload != null) {
                    // One query; bounded like five lookups, and by the warm-up's own bound.
                    long left = Math.max(1, Math.min(deadline - System.nanoTime(), lookupTimeout.toNanos() * 5));
                    verdictsPreloaded = preload.load().await().atMost(Duration.ofNanos(left));
                }
            } catch (RuntimeException e) {
                // The database away at start: each device's first request asks it then, as without a preload.
                LOG.warnf("Ingest warm-up: device verdicts not preloaded (%s)", e.getClass().getSimpleName());
            }
            byte[][] bodies = bodies(Instant.now());
            int n = 0;
            while (n < requests) {
                if (System.nanoTime() >= deadline) {
                    stoppedBy = "stopped at its time bound of " + maxDuration.toMillis() + " ms";
                    break;
                }
                readingsDone += handle(bodies[n % bodies.length]);
                requestsDone = ++n;
            }
            if (!stoppedBy.startsWith("stopped")) {
                stoppedBy = lookUp(deadline);
            }
            if (!stoppedBy.startsWith("stopped") && httpOn()) {
                // A fifth of the bound stays for the JIT to compile what the requests queued: on a busy machine
                // the requests alone would use all of it, and their compilations would run under real traffic.
                long httpDeadline = jitSettle ? deadline - maxDuration.toNanos() / 5 : deadline;
                stoppedBy = overHttp(httpDeadline);
                if (stoppedBy.startsWith("stopped") && jitSettle) {
                    stoppedBy = "done (the HTTP part cut at " + (maxDuration.toMillis() * 4 / 5) + " ms)";
                }
            }
            if (!stoppedBy.startsWith("stopped") && jitSettle) {
                String settled = settle(deadline);
                stoppedBy = settled.startsWith("stopped") || stoppedBy.equals("done") ? settled : stoppedBy;
            }
        } catch (RuntimeException | Error e) {
            // Not a reason to stay unready: the service works, it is only colder.
            stoppedBy = "stopped by " + e;
            LOG.warnf(e, "Ingest warm-up failed after %d synthetic requests; serving without it", requestsDone);
        } finally {
            if (token != null) {
                // From now on the warm-up's token is as unknown as any other (401).
                token.close();
            }
            seconds = (System.nanoTime() - started) / 1e9;
            done = true;
            LOG.infof("Ingest warm-up %s in %d ms: %d synthetic requests (%d readings) parsed, validated and "
                    + "serialised in process, none sent; %d over HTTP to this instance, all refused before sending "
                    + "(%d answered otherwise); %d registry lookups of tokens no device has; %d device verdicts "
                    + "preloaded; %d ms waiting for the JIT; readiness UP", stoppedBy, Math.round(seconds * 1000),
                    requestsDone, readingsDone, httpDone.get(), httpUnexpected.get(), lookupsDone, verdictsPreloaded,
                    Double.isNaN(jitSettleSeconds) ? 0 : Math.round(jitSettleSeconds * 1000));
        }
    }

    /**
     * The readings endpoint over loopback, {@link #httpConnections} requests in flight, with the warm-up's token
     * (open only meanwhile): the HTTP server, the edge limits, the token check, parsing, validation and the
     * problem+json answer run as for a device, and every request is refused at the last step (403), before a budget
     * is charged or anything sent. Waits for the server to listen; ends at {@code deadline}; how it ended.
     */
    private String overHttp(long deadline) {
        int port;
        try {
            port = httpPort.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return "stopped at its time bound of " + maxDuration.toMillis() + " ms (the HTTP server did not listen)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (java.util.concurrent.ExecutionException e) {
            return "done without HTTP (" + e.getCause().getClass().getSimpleName() + ")";
        }
        if (port <= 0) {
            return "done without HTTP (no port)";
        }
        // Only single-reading bodies and every tenth a batch: the shapes of the traffic; no body all invalid (422).
        byte[][] bodies = bodies(Instant.now());
        Semaphore inFlight = new Semaphore(httpConnections);
        // Requests still in flight when the bound cuts the HTTP part end when the client closes: not "unexpected"
        // answers (that gauge is for a server that took a warm-up request; it must stay 0).
        java.util.concurrent.atomic.AtomicBoolean abandoned = new java.util.concurrent.atomic.AtomicBoolean();
        token.open();
        try (LoopbackClient client = loopback.open(port)) {
            int sent = 0;
            while (sent < httpRequests) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !inFlight.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                    abandoned.set(true);
                    return "stopped at its time bound of " + maxDuration.toMillis() + " ms";
                }
                byte[] body = bodies[sent % bodies.length];
                sent++;
                CompletionStage<Integer> answer;
                try {
                    answer = client.post(body);
                } catch (RuntimeException e) {
                    inFlight.release();
                    throw e;
                }
                answer.whenComplete((status, error) -> {
                    if (!abandoned.get() && (error != null || status == null || status != REFUSED)) {
                        httpUnexpected.incrementAndGet();
                    }
                    httpDone.incrementAndGet();
                    inFlight.release();
                });
            }
            // The last ones' answers, within the bound.
            long left = Math.max(0, deadline - System.nanoTime());
            if (!inFlight.tryAcquire(httpConnections, left, TimeUnit.NANOSECONDS)) {
                abandoned.set(true);
                return "stopped at its time bound of " + maxDuration.toMillis() + " ms";
            }
            return "done";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            token.close();
        }
    }

    /**
     * Waits, within {@code deadline}, until the JIT has compiled what the warm-up queued: a step of
     * {@link #SETTLE_STEP_MILLIS} in which the compiler threads together spent less than {@link #QUIET_SHARE} of it
     * compiling. How the warm-up ended.
     */
    String settle(long deadline) {
        long started = System.nanoTime();
        try {
            long last = compilationMillis.getAsLong();
            if (last < 0) {
                return "done";
            }
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return "stopped at its time bound of " + maxDuration.toMillis() + " ms (the JIT still compiling)";
                }
                Thread.sleep(Math.min(SETTLE_STEP_MILLIS, Math.max(1, left / 1_000_000)));
                long now = compilationMillis.getAsLong();
                if (now - last < SETTLE_STEP_MILLIS * QUIET_SHARE) {
                    return "done";
                }
                last = now;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            jitSettleSeconds = (System.nanoTime() - started) / 1e9;
        }
    }

    private static long jvmCompilationMillis() {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    /** With the JIT's compilation time read from {@code compilationMillis} (tests). */
    void jitSettle(java.util.function.LongSupplier compilationMillis) {
        this.jitSettle = true;
        this.compilationMillis = compilationMillis;
    }

    double jitSettleSeconds() {
        return jitSettleSeconds;
    }

    /** The warm-up's loopback client: Vert.x's own (the server's event loops, no second HTTP stack). */
    static final class VertxLoopbackClient implements LoopbackClient {

        private final HttpClient client;
        private final RequestOptions request;

        VertxLoopbackClient(Vertx vertx, int port, int connections, String authorization) {
            this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                    .setConnectTimeout(2_000).setIdleTimeout(10), new PoolOptions().setHttp1MaxSize(connections));
            this.request = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                    .setURI("/api/v1/readings").setTimeout(5_000)
                    .putHeader(HttpHeaders.AUTHORIZATION, authorization)
                    .putHeader(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON)
                    .putHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON);
        }

        @Override
        public CompletionStage<Integer> post(byte[] body) {
            return client.request(request)
                    .compose(sending -> sending.send(Buffer.buffer(body)))
                    .compose(response -> response.body().map(ignored -> response.statusCode()))
                    .toCompletionStage();
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /**
     * Registry lookups of random, well-formed tokens (no device has them, so nothing is found and nothing cached),
     * {@link #LOOKUPS_AT_ONCE} at a time; how the warm-up ended.
     */
    private String lookUp(long deadline) {
        int done = 0;
        while (done < registryLookups) {
            if (System.nanoTime() >= deadline) {
                return "stopped at its time bound of " + maxDuration.toMillis() + " ms";
            }
            int at = Math.min(LOOKUPS_AT_ONCE, registryLookups - done);
            List<Uni<Void>> lookups = new ArrayList<>(at);
            for (int i = 0; i < at; i++) {
                lookups.add(registryLookup.find(DeviceTokens.hash(DeviceTokens.newToken())).replaceWithVoid());
            }
            try {
                Uni.join().all(lookups).andFailFast().await().atMost(lookupTimeout);
            } catch (RuntimeException e) {
                // The database away at start: requests will say so themselves (503); readiness does not wait for it.
                return "done without the registry (" + e.getClass().getSimpleName() + ")";
            }
            done += at;
            lookupsDone = done;
        }
        return "done";
    }

    /** One synthetic request through what {@code POST /api/v1/readings} runs in process; the readings it would send. */
    private int handle(byte[] body) {
        try {
            ReadingBatch batch = reader.readValue(body);
            ReadingValidator.Outcome outcome = validator.validate(batch.readings(), DEVICE_ID, PATIENT_ID,
                    Instant.now());
            int bytes = 0;
            for (VitalReading reading : outcome.accepted()) {
                bytes += recordSerializer.serialize(Topics.VITALS_READINGS, reading).length;
            }
            bytes += answerWriter.writeValueAsBytes(IngestResult.of(outcome.accepted().size(),
                    outcome.superseded().size(), outcome.rejected())).length;
            if (bytes == 0) {
                throw new IllegalStateException("the warm-up's synthetic readings serialised to nothing");
            }
            return outcome.accepted().size();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a synthetic warm-up body did not parse: " + e.getMessage(), e);
        }
    }

    /**
     * A few request bodies of the shapes devices send: both vital types, both temperature units, whole and
     * fractional times, and some readings the validator rejects (so its rejection path is compiled too).
     */
    static byte[][] bodies(Instant now) {
        List<byte[]> bodies = new ArrayList<>();
        for (int b = 0; b < BATCH_EVERY * 4; b++) {
            int size = b % BATCH_EVERY == BATCH_EVERY - 1 ? BATCH_SIZE : 1;
            StringBuilder json = new StringBuilder("{\"readings\":[");
            for (int i = 0; i < size; i++) {
                if (i > 0) {
                    json.append(',');
                }
                json.append(reading(b * BATCH_SIZE + i, now.minus(b * BATCH_SIZE + i, ChronoUnit.SECONDS)));
            }
            bodies.add(json.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        }
        return bodies.toArray(byte[][]::new);
    }

    private static String reading(int k, Instant at) {
        String measuredAt = k % 3 == 0 ? at.toString() : at.plusMillis(k % 1000).toString();
        String id = "\"readingId\":\"warmup-" + k + "\",";
        return switch (k % 4) {
            case 0 -> String.format(Locale.ROOT, "{%s\"type\":\"BODY_TEMPERATURE\",\"value\":%.1f,\"unit\":\"Cel\","
                    + "\"measuredAt\":\"%s\",\"site\":\"SKIN\",\"activity\":\"RESTING\",\"sensorStatus\":\"ON_BODY\"}",
                    id, 36.0 + (k % 30) / 10.0, measuredAt);
            case 1 -> String.format(Locale.ROOT, "{%s\"type\":\"HEART_RATE\",\"value\":%d,\"unit\":\"/min\","
                    + "\"measuredAt\":\"%s\",\"activity\":\"SLEEPING\"}", id, 55 + k % 60, measuredAt);
            case 2 -> String.format(Locale.ROOT, "{\"type\":\"BODY_TEMPERATURE\",\"value\":%.1f,\"unit\":\"[degF]\","
                    + "\"measuredAt\":\"%s\",\"site\":\"ORAL\"}", 97.0 + (k % 40) / 10.0, measuredAt);
            // Every 20th reading is implausible (a rejection), the others plain heart rates.
            default -> String.format(Locale.ROOT, "{%s\"type\":\"HEART_RATE\",\"value\":%d,\"unit\":\"bpm\","
                    + "\"measuredAt\":\"%s\",\"sensorStatus\":\"ON_BODY\"}", id, k % 20 == 3 ? 400 : 70 + k % 50,
                    measuredAt);
        };
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(CHECK).status(done)
                .withData("requests", requestsDone)
                .withData("readings", readingsDone)
                .withData("httpRequests", httpDone.get())
                .build();
    }

    int httpDone() {
        return httpDone.get();
    }

    int httpUnexpected() {
        return httpUnexpected.get();
    }

    int verdictsPreloaded() {
        return verdictsPreloaded;
    }

    int lookupsDone() {
        return lookupsDone;
    }

    boolean done() {
        return done;
    }

    int requestsDone() {
        return requestsDone;
    }

    long readingsDone() {
        return readingsDone;
    }

    double seconds() {
        return seconds;
    }
}
