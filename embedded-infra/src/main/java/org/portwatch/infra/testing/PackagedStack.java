package org.portwatch.infra.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.portwatch.infra.DevJwksServer;
import org.portwatch.infra.DevJwtIssuer;
import org.portwatch.infra.DevVapidKeys;
import org.portwatch.infra.DevWebhookSecretKey;
import org.portwatch.infra.EmbeddedKafka;
import org.portwatch.infra.EmbeddedPostgresServer;
import org.portwatch.infra.ServiceWiring;

/**
 * The system as it ships: the PACKAGED ingest-service and alert-service
 * ({@code target/quarkus-app/quarkus-run.jar}) run as child processes against a real in-process
 * KRaft broker, a real PostgreSQL and a dev JWT issuer whose key set (JWKS, over HTTP) both services fetch, as
 * they fetch the identity provider's in production. Each service serves its API on {@code ...Url()} and its
 * health, metrics and OpenAPI on a management port of its own ({@code ...ManagementUrl()}), as it ships.
 *
 * <p>Each stack has its own broker, database and key, so test classes cannot see each other's
 * offsets, consumer groups or rows. Start one per test class:
 *
 * <pre>{@code
 * static PackagedStack stack;
 * @BeforeAll static void start() { stack = PackagedStack.builder()
 *         .alertProperty("some.alert-service.setting", "value").start(); }
 * @AfterAll static void stop() { stack.close(); }
 * }</pre>
 *
 * <p>For fault injection ({@code fault-injection}) the builder also gives a replicated cluster of
 * brokers ({@link Builder#brokers(int)}), several alert-service replicas in one consumer group
 * ({@link Builder#alertReplicas(int)}), and the stack kills and restarts any process
 * ({@link #killAlertService(int)}, {@link #startAlertService(int)}), the database
 * ({@link #postgres()}) and brokers ({@link #kafka()}).
 *
 * <p>Start it from a thread that lives as long as the stack (the test's main thread): where
 * {@code setpriv} exists the children get SIGTERM from the kernel when that thread's process dies,
 * even by SIGKILL; a shutdown hook covers an orderly JVM exit. Logs go to
 * {@code <module>/target/stack-logs/<stack>-<service>.log} of the module whose tests run; a service
 * that does not get ready fails the start with the tail of its log.
 */
public final class PackagedStack implements AutoCloseable {

    /** The {@code iss} of the stack's tokens. */
    public static final String ISSUER = "https://idp.portwatch.e2e";
    /** The database both services use (each in its own schema), as in production. */
    public static final String DATABASE = "portwatch";
    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    static final Duration STOP_GRACE = Duration.ofSeconds(15);
    static final Duration TOKEN_VALIDITY = Duration.ofHours(1);
    /** The stack's key never rotates: the services may cache the key set for the whole test. */
    static final Duration JWKS_MAX_AGE = Duration.ofMinutes(10);

    private static final AtomicInteger STACKS = new AtomicInteger();

    private final String name;
    private final Path root;
    private final Path workDir;
    private final EmbeddedKafka kafka;
    private final EmbeddedPostgresServer postgres;
    private final DevJwtIssuer jwt;
    private final DevJwksServer jwks;
    private final ChildService ingest;
    private final List<ChildService> alerts;
    private final Thread shutdownHook;
    private boolean closed;

    private PackagedStack(Builder builder) {
        this.root = repositoryRoot();
        Path ingestJar = root.resolve("ingest-service/target/quarkus-app/quarkus-run.jar");
        Path alertJar = root.resolve("alert-service/target/quarkus-app/quarkus-run.jar");
        for (Path jar : List.of(ingestJar, alertJar)) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " does not exist: the services must be packaged first. "
                        + "Run 'mvn -B verify' (or 'mvn -B -pl <this module> -am verify') from " + root);
            }
        }
        this.name = "stack" + STACKS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6);
        Path target = moduleDirectory().resolve("target");
        this.workDir = target.resolve("stack-work").resolve(name);
        Path logs = target.resolve("stack-logs");

        EmbeddedKafka startedKafka = null;
        EmbeddedPostgresServer startedPostgres = null;
        DevJwksServer startedJwks = null;
        ChildService startedIngest = null;
        List<ChildService> startedAlerts = new ArrayList<>();
        try {
            Files.createDirectories(workDir);
            startedKafka = builder.brokers == 1 ? EmbeddedKafka.start() : EmbeddedKafka.startCluster(builder.brokers);
            startedPostgres = EmbeddedPostgresServer.start();
            startedPostgres.createDatabase(DATABASE);
            this.kafka = startedKafka;
            this.postgres = startedPostgres;
            this.jwt = DevJwtIssuer.generate(ISSUER);
            startedJwks = DevJwksServer.start(JWKS_MAX_AGE, jwt);
            this.jwks = startedJwks;

            Map<String, String> ingestProps = common();
            // The start-up warm-up runs, as packaged, but short: 20,000 synthetic requests cost several seconds of
            // a core, which every stack start of the build (2 cores, CI near its time limit) would pay.
            ingestProps.put("ingest.warmup-requests", "1000");
            ingestProps.put("ingest.warmup-registry-lookups", "200");
            ingestProps.putAll(builder.ingestProperties);
            startedIngest = new ChildService("ingest-service", ingestJar, ingestProps,
                    logs.resolve(name + "-ingest-service.log"), root);
            // The production profile refuses to start without a VAPID pair: one per stack, shared by every
            // replica (a pair per replica is what made pushes fail) and kept across restarts.
            Map<String, String> vapid = DevVapidKeys.generate().properties();
            // Likewise the key of the webhook secrets at rest: one per stack, or a replica (or a restart) could not
            // open what another stored.
            Map<String, String> webhookKey = DevWebhookSecretKey.generate().properties();
            for (int replica = 0; replica < builder.alertReplicas; replica++) {
                Map<String, String> alertProps = common();
                alertProps.putAll(vapid);
                alertProps.putAll(webhookKey);
                // Kafka Streams state of this replica only; a restart of it reuses it.
                alertProps.put("kafka-streams.state.dir",
                        workDir.resolve("kafka-streams-" + replica).toString());
                alertProps.putAll(builder.alertProperties);
                String service = replica == 0 ? "alert-service" : "alert-service-" + replica;
                startedAlerts.add(new ChildService(service, alertJar, alertProps,
                        logs.resolve(name + "-" + service + ".log"), root));
            }
            startedIngest.start();
            List<ChildService> startedNow = startedAlerts.subList(0, builder.alertReplicasStarted);
            startedNow.forEach(ChildService::start);
            startedIngest.awaitReady(READY_TIMEOUT);
            for (ChildService alert : startedNow) {
                alert.awaitReady(READY_TIMEOUT);
            }
        } catch (IOException e) {
            stopQuietly(startedAlerts, startedIngest, startedJwks, startedPostgres, startedKafka);
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            stopQuietly(startedAlerts, startedIngest, startedJwks, startedPostgres, startedKafka);
            throw e;
        }
        this.ingest = startedIngest;
        this.alerts = List.copyOf(startedAlerts);
        this.shutdownHook = new Thread(this::close, name + "-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A stack with the services' defaults; see {@link Builder} for extra settings. */
    public static PackagedStack start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Extra system properties for the services (escalation delays, webhook URLs, ...). */
    public static final class Builder {
        private final Map<String, String> ingestProperties = new LinkedHashMap<>();
        private final Map<String, String> alertProperties = new LinkedHashMap<>();
        private int brokers = 1;
        private int alertReplicas = 1;
        private int alertReplicasStarted = 1;

        private Builder() {
        }

        /**
         * How many brokers: 1 (the default, one combined KRaft node) or at least 3, a replicated
         * cluster as {@link EmbeddedKafka#startCluster(int)} makes.
         */
        public Builder brokers(int brokers) {
            if (brokers != 1 && brokers < 3) {
                throw new IllegalArgumentException("1 broker or a cluster of at least 3, not " + brokers);
            }
            this.brokers = brokers;
            return this;
        }

        /** How many alert-service processes share the work (one consumer group, one Streams app). */
        public Builder alertReplicas(int replicas) {
            return alertReplicas(replicas, replicas);
        }

        /**
         * {@code replicas} alert-service replicas of which the first {@code startedNow} start with the
         * stack; the others wait for {@link PackagedStack#startAlertService(int)} (a scale-out).
         */
        public Builder alertReplicas(int replicas, int startedNow) {
            if (replicas < 1 || startedNow < 1 || startedNow > replicas) {
                throw new IllegalArgumentException("1..replicas replicas started of at least one: "
                        + startedNow + " of " + replicas);
            }
            this.alertReplicas = replicas;
            this.alertReplicasStarted = startedNow;
            return this;
        }

        /** Passed to alert-service as {@code -Dkey=value}; overrides the stack's own settings. */
        public Builder alertProperty(String key, String value) {
            alertProperties.put(key, value);
            return this;
        }

        /** Passed to ingest-service as {@code -Dkey=value}; overrides the stack's own settings. */
        public Builder ingestProperty(String key, String value) {
            ingestProperties.put(key, value);
            return this;
        }

        /** Starts infrastructure and both services; returns once both report ready. */
        public PackagedStack start() {
            return new PackagedStack(this);
        }
    }

    private Map<String, String> common() {
        return new LinkedHashMap<>(ServiceWiring.properties(freePort(), freePort(), kafka, postgres, DATABASE,
                jwks.url(), ISSUER));
    }

    // ---- Where things are -----------------------------------------------------------------------

    /** e.g. {@code http://127.0.0.1:41234}, no trailing slash. */
    public String ingestUrl() {
        return ingest.url();
    }

    /** Where ingest-service serves {@code /q/health}, {@code /q/metrics} and {@code /q/openapi}; no trailing slash. */
    public String ingestManagementUrl() {
        return ingest.managementUrl();
    }

    /** e.g. {@code http://127.0.0.1:41235}, no trailing slash; the dashboard is at {@code alertUrl() + "/"}. */
    public String alertUrl() {
        return alertUrl(0);
    }

    /** The base URL of alert-service replica {@code replica} (0 is the first). */
    public String alertUrl(int replica) {
        return alerts.get(replica).url();
    }

    /** Where alert-service replica {@code replica} serves {@code /q/health}, {@code /q/metrics}, {@code /q/openapi}. */
    public String alertManagementUrl(int replica) {
        return alerts.get(replica).managementUrl();
    }

    /** How many alert-service replicas the stack has. */
    public int alertReplicas() {
        return alerts.size();
    }

    public String kafkaBootstrap() {
        return kafka.bootstrapServers();
    }

    /** The broker, e.g. to stop and restart it ({@link EmbeddedKafka#stopBroker()}). */
    public EmbeddedKafka kafka() {
        return kafka;
    }

    /** The database server, e.g. to stop and restart it ({@link EmbeddedPostgresServer#stopServer()}). */
    public EmbeddedPostgresServer postgres() {
        return postgres;
    }

    public String jdbcUrl() {
        return postgres.jdbcUrl(DATABASE);
    }

    public String reactiveUrl() {
        return postgres.reactiveUrl(DATABASE);
    }

    public String dbUsername() {
        return postgres.username();
    }

    public String dbPassword() {
        return postgres.password();
    }

    public int postgresPort() {
        return postgres.port();
    }

    /** The issuer both services trust, to mint any other token (other roles, expired ones). */
    public DevJwtIssuer jwt() {
        return jwt;
    }

    public String adminToken() {
        return jwt.adminToken(TOKEN_VALIDITY);
    }

    /** A token with role {@code clinician}, subject {@code subject} and the {@code care_teams} given. */
    public String clinicianToken(String subject, String... careTeams) {
        return jwt.clinicianToken(subject, Set.of(careTeams), TOKEN_VALIDITY);
    }

    public Path ingestLog() {
        return ingest.log();
    }

    public Path alertLog() {
        return alerts.get(0).log();
    }

    public Path alertLog(int replica) {
        return alerts.get(replica).log();
    }

    // ---- Disturbances -----------------------------------------------------------------------------

    /**
     * Stops alert-service (SIGTERM, SIGKILL after {@link #STOP_GRACE}) and starts it again on the same
     * port with the same settings and Kafka Streams state directory; returns once it is ready.
     *
     * @param kill true to SIGKILL it at once (a crash), false for an orderly shutdown
     */
    public void restartAlertService(boolean kill) {
        restartAlertService(kill, () -> { });
    }

    /**
     * As {@link #restartAlertService(boolean)}, running {@code whileDown} after the process has
     * exited and before it is started again (to observe clients noticing the outage).
     */
    public void restartAlertService(boolean kill, Runnable whileDown) {
        ChildService alert = alerts.get(0);
        alert.stop(kill);
        whileDown.run();
        alert.start();
        alert.awaitReady(READY_TIMEOUT);
    }

    /** As {@link #restartAlertService(boolean)}, for ingest-service. */
    public void restartIngestService(boolean kill) {
        ingest.stop(kill);
        ingest.start();
        ingest.awaitReady(READY_TIMEOUT);
    }

    /** SIGKILLs alert-service replica {@code replica} and returns once the process is gone: a crash. */
    public void killAlertService(int replica) {
        alerts.get(replica).stop(true);
    }

    /**
     * Starts alert-service replica {@code replica} again (same port, settings and Kafka Streams
     * state directory) and returns once it is ready.
     */
    public void startAlertService(int replica) {
        ChildService alert = alerts.get(replica);
        alert.start();
        alert.awaitReady(READY_TIMEOUT);
    }

    /** Whether alert-service replica {@code replica}'s process runs: false after a crash or an exit. */
    public boolean alertServiceAlive(int replica) {
        return alerts.get(replica).alive();
    }

    /** The pid of alert-service replica {@code replica}: the same pid later means it never restarted. */
    public long alertServicePid(int replica) {
        return alerts.get(replica).pid();
    }

    /** Whether ingest-service's process runs. */
    public boolean ingestServiceAlive() {
        return ingest.alive();
    }

    /** Whether ingest-service's last orderly stop exited on SIGTERM within {@code STOP_GRACE}, without a SIGKILL. */
    public boolean ingestStoppedGracefully() {
        return ingest.stoppedGracefully();
    }

    public long ingestServicePid() {
        return ingest.pid();
    }

    /** Stops both services, PostgreSQL and the broker. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Called from the hook itself.
        }
        stopQuietly(alerts, ingest, jwks, postgres, kafka);
    }

    private static void stopQuietly(List<ChildService> alerts, ChildService ingest, DevJwksServer jwks,
                                    EmbeddedPostgresServer postgres, EmbeddedKafka kafka) {
        // Services first (all at once), so none logs a storm of connection errors.
        List<ChildService> services = new ArrayList<>(alerts);
        if (ingest != null) {
            services.add(ingest);
        }
        services.forEach(ChildService::signalStop);
        services.forEach(s -> s.stop(false));
        for (AutoCloseable c : new AutoCloseable[] {jwks, postgres, kafka}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("PackagedStack: stopping " + c + " failed: " + e);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "PackagedStack[" + name + ", ingest " + ingestUrl() + ", alert " + alertUrl() + ", kafka "
                + kafkaBootstrap() + "]";
    }

    /** The module whose tests run: surefire runs in (and names as basedir) the module's directory. */
    static Path moduleDirectory() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    }

    /** The repository root: the parent of the module whose tests run. */
    static Path repositoryRoot() {
        Path module = moduleDirectory();
        Path root = module.getParent();
        if (root == null || !Files.isRegularFile(root.resolve("pom.xml"))
                || !Files.isDirectory(root.resolve("alert-service"))) {
            throw new IllegalStateException("Cannot find the repository root from " + module
                    + "; run the tests through Maven from the repository");
        }
        return root;
    }

    /**
     * Ports this JVM has handed out. A port is picked by binding port 0 and closing it, and the service binds it
     * only seconds later, so the kernel may hand the same port out again meanwhile: a CI run had alert-service given
     * ingest-service's HTTP port, and it exited at start with "port in use". No port is handed out twice.
     */
    private static final Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static int freePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                socket.setReuseAddress(true);
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("no free port", e);
            }
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no port that was not handed out before, in 100 attempts");
    }
}
