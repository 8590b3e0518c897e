package org.portwatch.local;

import org.portwatch.infra.ServiceWiring;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Exit;
import org.portwatch.infra.DevJwksServer;
import org.portwatch.infra.DevJwtIssuer;
import org.portwatch.infra.DevVapidKeys;
import org.portwatch.infra.DevWebhookSecretKey;
import org.portwatch.infra.EmbeddedKafka;
import org.portwatch.infra.EmbeddedPostgresServer;
import org.portwatch.local.simulator.EpisodeKind;
import org.portwatch.local.simulator.SimulatedDevice;
import org.portwatch.local.simulator.WearableSimulator;

/**
 * The one-command local run: a real Kafka and PostgreSQL in this JVM, ingest-service and
 * alert-service as child processes, devices registered through the public API, credentials in
 * {@code .local/}, and simulated wearables posting readings. Ctrl-C stops everything.
 *
 * <p>Paths are relative to the working directory, which {@code run-local.sh} sets to the
 * repository root.
 */
public final class LocalStack {

    static final String ISSUER = "https://idp.portwatch.local";
    static final String DATABASE = "portwatch";
    static final Duration TOKEN_VALIDITY = Duration.ofHours(24);
    /** The dev issuer's key never changes during a run: the services may keep its key set for ten minutes. */
    static final Duration JWKS_MAX_AGE = Duration.ofMinutes(10);
    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    static final Duration STOP_GRACE = Duration.ofSeconds(15);
    static final Duration KAFKA_CLOSE_WAIT = Duration.ofSeconds(30);
    /** How long a Ctrl-C during start-up waits for the step under way (a broker start) to finish. */
    static final Duration STARTUP_ABORT_WAIT = Duration.ofSeconds(90);

    static final String INGEST = "ingest-service";
    static final String ALERT = "alert-service";
    /** alert-service's detector role, with {@code --split-roles}: a process of its own, as in Kubernetes. */
    static final String DETECTOR = "alert-service-detector";
    /** With {@code --split-roles}, the detector's port is the alert port + this (it serves only management, + the offset). */
    static final int DETECTOR_PORT_OFFSET = 2;

    private final Options options;
    private final Path root;
    private final Path localDir;
    private final Path logsDir;
    private final PrintStream out;

    private final Object lock = new Object();
    private final CountDownLatch startupDone = new CountDownLatch(1);
    private volatile boolean closing;
    private volatile Thread startupThread;
    private boolean closed;

    private EmbeddedKafka kafka;
    private EmbeddedPostgresServer postgres;
    private DevJwksServer jwks;
    private final List<ServiceProcess> services = new ArrayList<>();
    private WearableSimulator simulator;
    private AlertTail alertTail;

    LocalStack(Options options, Path root, PrintStream out) {
        this.options = options;
        this.root = root;
        this.localDir = root.resolve(".local");
        this.logsDir = localDir.resolve("logs");
        this.out = out;
    }

    public static void main(String[] args) throws InterruptedException {
        InfraLogging.installLogManager();
        Options options;
        try {
            options = Options.parse(Arrays.asList(args));
        } catch (Options.UsageException e) {
            System.err.println("local-stack: " + e.getMessage());
            System.err.println();
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(Options.USAGE);
            return;
        }
        LocalStack stack = new LocalStack(options, Path.of("").toAbsolutePath(), System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-stop"));
        // A broker that fails fatally (say, its log directory vanished) halts the JVM, which
        // skips shutdown hooks and would leave the services and PostgreSQL running: exit instead.
        Exit.setHaltProcedure(stack::onKafkaFatal);
        Exit.setExitProcedure(stack::onKafkaFatal);
        try {
            stack.start();
        } catch (StartupException e) {
            System.err.println();
            System.err.println("local-stack: " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            // Ctrl-C during start-up: the shutdown hook is cleaning up.
            return;
        } catch (Exception e) {
            System.err.println();
            System.err.println("local-stack: unexpected failure while starting: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        // Run until Ctrl-C (or SIGTERM): the shutdown hook stops everything, then the JVM exits.
        new CountDownLatch(1).await();
    }

    /** Starts everything and prints the banner; returns once the stack runs. */
    void start() throws Exception {
        startupThread = Thread.currentThread();
        try {
            doStart();
        } finally {
            startupThread = null;
            startupDone.countDown();
        }
    }

    private void doStart() throws Exception {
        Path ingestJar = root.resolve("ingest-service/target/quarkus-app/quarkus-run.jar");
        Path alertJar = root.resolve("alert-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(ingestJar)) {
            throw new StartupException(ingestJar + " does not exist. Build first: ./run-local.sh does, "
                    + "or run 'mvn -B -q install -DskipTests' in " + root);
        }
        boolean alertBuilt = Files.isRegularFile(alertJar);
        List<Integer> ports = new ArrayList<>(List.of(options.ingestPort(), managementPort(options.ingestPort())));
        if (alertBuilt) {
            ports.addAll(List.of(options.alertPort(), managementPort(options.alertPort())));
            if (options.splitRoles()) {
                ports.add(managementPort(detectorPort()));
            }
        }
        if (java.util.Set.copyOf(ports).size() != ports.size()) {
            throw new StartupException("ports " + ports + " overlap: each service's management port is its API port + "
                    + options.managementPortOffset() + "; choose --ingest-port / --alert-port further apart, or"
                    + " another --management-port-offset.");
        }
        for (int port : ports) {
            if (!Ports.isFree(port)) {
                throw new StartupException("port " + port + " is already in use (another local stack, or something else?). "
                        + "Stop it, or choose other ports with --ingest-port / --alert-port (management: the port + "
                        + options.managementPortOffset() + ").");
            }
        }

        Files.createDirectories(logsDir);
        Path credentialsFile = localDir.resolve("credentials.json");
        Path stackFile = localDir.resolve("stack.json");
        Files.deleteIfExists(credentialsFile);
        Files.deleteIfExists(stackFile);
        Path infraLog = logsDir.resolve("infra.log");
        InfraLogging.toFile(infraLog);

        long t0 = System.nanoTime();
        step("Starting Kafka (KRaft, in-process) and PostgreSQL 14 (embedded)");
        startInfrastructure();
        postgres.createDatabase(DATABASE);
        out.printf("  Kafka at %s, PostgreSQL on port %d (%d s)%n", kafka.bootstrapServers(), postgres.port(), seconds(t0));

        // The dev identity provider publishes its key set over HTTP, and both services fetch and cache it from
        // there, as they fetch the hospital's JWKS in production.
        DevJwtIssuer issuer = DevJwtIssuer.generate(ISSUER);
        DevJwksServer keySet = DevJwksServer.start(JWKS_MAX_AGE, issuer);
        synchronized (lock) {
            jwks = keySet;
        }
        out.printf("  dev identity provider's keys at %s%n", keySet.url());

        String ingestUrl = "http://localhost:" + options.ingestPort();
        String alertUrl = alertBuilt ? "http://localhost:" + options.alertPort() : null;
        step("Starting " + INGEST + (alertBuilt ? " and " + ALERT : "") + " (logs in " + root.relativize(logsDir) + "/)");
        long t1 = System.nanoTime();
        ServiceProcess ingest = launch(INGEST, ingestJar, options.ingestPort(), keySet.url(), Map.of());
        // The production profile refuses to start without a VAPID pair: one per stack run, like the JWT key.
        DevVapidKeys vapid = DevVapidKeys.generate();
        // And without a key for the webhook secrets at rest: one per stack run too.
        DevWebhookSecretKey webhookKey = DevWebhookSecretKey.generate();
        ServiceProcess alert = alertBuilt ? launch(ALERT, alertJar, options.alertPort(), keySet.url(), Map.of(
                // Links in notifications point at this dashboard.
                "alerts.dashboard-url", "http://localhost:" + options.alertPort() + "/",
                // A developer's webhook receiver and push stand-ins listen on this machine, on plain http and any
                // port: allowed here only (production: public https on 443).
                "notification.webhook.allow-loopback", "true",
                "notification.webhook.require-https", "false",
                "notification.webhook.allowed-ports", "*",
                "notification.push.allow-loopback", "true",
                "notification.push.vapid.public-key", vapid.publicKey(),
                "notification.push.vapid.private-key", vapid.privateKey(),
                "notification.webhook.secrets.key", webhookKey.key(),
                "portwatch.role", options.splitRoles() ? "api" : "all")) : null;
        // The detector role needs no database, VAPID pair or webhook key; it serves only health and metrics.
        ServiceProcess detector = alertBuilt && options.splitRoles()
                ? launch(DETECTOR, alertJar, detectorPort(), keySet.url(), Map.of("portwatch.role", "detector"))
                : null;
        ingest.awaitReady(READY_TIMEOUT);
        if (alert != null) {
            alert.awaitReady(READY_TIMEOUT);
        }
        if (detector != null) {
            detector.awaitReady(READY_TIMEOUT);
        }
        out.printf("  ready (%d s)%n", seconds(t1));
        if (!alertBuilt) {
            out.println("  " + ALERT + " is not built (" + root.relativize(alertJar) + "): not started");
        }

        step("Registering devices through " + ingestUrl + "/api/v1/devices");
        String adminToken = issuer.adminToken(TOKEN_VALIDITY);
        DeviceRegistrar registrar = new DeviceRegistrar(URI.create(ingestUrl), adminToken);
        List<StackFiles.DeviceCredential> devices = registerAll(registrar, DevicePlan.plan(options.simulatedPatients()));
        List<StackFiles.CareTeamCredential> careTeams = new ArrayList<>();
        for (String team : DevicePlan.CARE_TEAMS) {
            careTeams.add(new StackFiles.CareTeamCredential(team,
                    issuer.clinicianToken(DevicePlan.clinicianOf(team), Set.of(team), TOKEN_VALIDITY)));
        }
        Map<String, String> careTeamByPatient = new LinkedHashMap<>();
        DevicePlan.plan(options.simulatedPatients()).forEach(p -> careTeamByPatient.put(p.patientId(), p.careTeamId()));
        if (alert != null) {
            step("Putting " + careTeamByPatient.size() + " patients under monitoring through " + alertUrl
                    + "/api/v1/patients");
            PatientEnroller enroller = new PatientEnroller(URI.create(alertUrl), adminToken);
            for (Map.Entry<String, String> patient : careTeamByPatient.entrySet()) {
                enroller.enroll(patient.getKey(), "Simulated " + patient.getKey(), patient.getValue());
            }
            AlertTail tail = new AlertTail(kafka.bootstrapServers(), careTeamByPatient, out);
            synchronized (lock) {
                alertTail = tail;
            }
            tail.start();
        }
        StackFiles.write(credentialsFile, StackFiles.credentials(ingestUrl, alertUrl, kafka.bootstrapServers(),
                adminToken, careTeams, devices));
        Map<String, Long> pids = new LinkedHashMap<>();
        Map<String, String> managementUrls = new LinkedHashMap<>();
        synchronized (lock) {
            for (ServiceProcess s : services) {
                pids.put(s.name(), s.pid());
                managementUrls.put(s.name(), "http://127.0.0.1:" + s.managementPort());
            }
        }
        StackFiles.write(stackFile, StackFiles.stack(kafka.bootstrapServers(), postgres.jdbcUrl(DATABASE),
                postgres.username(), postgres.password(), pids, managementUrls, ProcessHandle.current().pid()));

        List<SimulatedDevice> simulated = devices.stream().filter(StackFiles.DeviceCredential::simulated)
                .map(d -> new SimulatedDevice(d.deviceId(), d.patientId(), d.token())).toList();
        WearableSimulator sim = null;
        if (!simulated.isEmpty()) {
            sim = WearableSimulator.create(URI.create(ingestUrl), simulated, System.nanoTime(), out);
        }
        watchServices();
        printBanner(ingestUrl, alertUrl, devices.get(0), careTeams.get(0), sim, seconds(t0));
        if (sim != null) {
            synchronized (lock) {
                if (closing) {
                    return;
                }
                simulator = sim;
                sim.start(true);
            }
        }
    }

    private void startInfrastructure() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "postgres-start");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<EmbeddedPostgresServer> pg = pool.submit(() -> {
                EmbeddedPostgresServer server = EmbeddedPostgresServer.start();
                synchronized (lock) {
                    postgres = server;
                }
                return server;
            });
            Exception failure = null;
            try {
                EmbeddedKafka broker = InfraLogging.withStdoutToLog(EmbeddedKafka::start);
                synchronized (lock) {
                    kafka = broker;
                }
            } catch (Exception e) {
                failure = new StartupException("Kafka did not start: " + e.getMessage()
                        + " (details in " + root.relativize(logsDir.resolve("infra.log")) + ")", e);
            }
            try {
                // Even on Ctrl-C: a PostgreSQL that finishes starting must be known, to be stopped.
                getUninterruptibly(pg);
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = new StartupException("PostgreSQL did not start: " + e.getCause().getMessage()
                            + " (details in " + root.relativize(logsDir.resolve("infra.log")) + ")", e.getCause());
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            pool.shutdown();
        }
    }

    /** The detector role's (unbound) HTTP port with {@code --split-roles}; its management port is this + the offset. */
    private int detectorPort() {
        return options.alertPort() + DETECTOR_PORT_OFFSET;
    }

    /** {@code http://localhost:8080} becomes {@code http://localhost:9080} (with the default offset). */
    private String managementUrl(String apiUrl) {
        URI api = URI.create(apiUrl);
        return api.getScheme() + "://" + api.getHost() + ":" + managementPort(api.getPort());
    }

    /**
     * Where a service on {@code port} serves /q/health, /q/metrics and /q/openapi: never on its API port, but
     * {@code --management-port-offset} above it (9080 and 9081 by default).
     */
    private int managementPort(int port) {
        return port + options.managementPortOffset();
    }

    private ServiceProcess launch(String name, Path jar, int port, String keyLocation, Map<String, String> extra)
            throws StartupException {
        Map<String, String> props = new LinkedHashMap<>(ServiceWiring.properties(port, managementPort(port), kafka,
                postgres, DATABASE, keyLocation, ISSUER));
        props.putAll(extra);
        Path log = logsDir.resolve(name + ".log");
        synchronized (lock) {
            if (closing) {
                throw new StartupException("stopping");
            }
            ServiceProcess service = ServiceProcess.start(name, jar, managementPort(port), props, log);
            services.add(service);
            return service;
        }
    }

    private List<StackFiles.DeviceCredential> registerAll(DeviceRegistrar registrar, List<DevicePlan.Planned> plan)
            throws Exception {
        // A few at a time: registration is quick, and hundreds of patients should not take long.
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "device-registration");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<String>> tokens = new ArrayList<>(plan.size());
            for (DevicePlan.Planned p : plan) {
                tokens.add(pool.submit(() -> registrar.register(p.deviceId(), p.patientId(), p.model())));
            }
            List<StackFiles.DeviceCredential> devices = new ArrayList<>(plan.size());
            for (int i = 0; i < plan.size(); i++) {
                DevicePlan.Planned p = plan.get(i);
                try {
                    devices.add(new StackFiles.DeviceCredential(p.deviceId(), p.patientId(), p.careTeamId(),
                            tokens.get(i).get(), p.simulated()));
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof StartupException s) {
                        throw s;
                    }
                    throw new StartupException("registering " + p.deviceId() + " failed: " + e.getCause(), e.getCause());
                }
            }
            out.printf("  %d devices registered (%d simulated, 2 demo)%n", devices.size(), plan.size() - 2);
            return devices;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Says so if a service dies while the stack runs (a benchmark may also stop one on purpose). */
    private void watchServices() {
        synchronized (lock) {
            for (ServiceProcess s : services) {
                // A Ctrl-C in the terminal reaches the children too; give our shutdown hook a
                // moment to say that it is stopping them before calling an exit unexpected.
                s.process().onExit().thenAcceptAsync(p -> {
                    if (!closing) {
                        out.println("[local-stack] " + s.name() + " (pid " + p.pid() + ") exited with code "
                                + p.exitValue() + "; see " + root.relativize(s.log()));
                    }
                }, CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS));
            }
        }
    }

    private void printBanner(String ingestUrl, String alertUrl, StackFiles.DeviceCredential demo,
                             StackFiles.CareTeamCredential team, WearableSimulator sim, long startSeconds) {
        String rule = "=".repeat(78);
        StringBuilder b = new StringBuilder();
        b.append('\n').append(rule).append('\n');
        b.append(" PortWatch local stack is up (").append(startSeconds).append(" s)\n\n");
        b.append(String.format("   ingest API    %s/api/v1   (devices, readings)%n", ingestUrl));
        if (alertUrl != null) {
            b.append(String.format("   alert API     %s/api/v1%n", alertUrl));
        } else {
            b.append("   alert API     not started (alert-service is not built)\n");
        }
        // Management ports: health, metrics and OpenAPI are never on the API's port, as in production.
        List<String> urls = new ArrayList<>(List.of(managementUrl(ingestUrl)));
        if (alertUrl != null) {
            urls.add(managementUrl(alertUrl));
            if (options.splitRoles()) {
                urls.add(managementUrl("http://localhost:" + detectorPort()));
            }
        }
        for (String[] endpoint : new String[][] {{"health", "/q/health"}, {"metrics", "/q/metrics"},
                {"OpenAPI", "/q/openapi"}}) {
            StringBuilder line = new StringBuilder(String.format("   %-13s", endpoint[0]));
            for (String url : urls) {
                line.append(String.format(" %-36s", url + endpoint[1]));
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        b.append(String.format("   Kafka         %s   PostgreSQL %s%n", kafka.bootstrapServers(), postgres.jdbcUrl(DATABASE)));
        b.append(String.format("   credentials   %s   (admin, clinician and device tokens, valid %d h)%n",
                root.relativize(localDir.resolve("credentials.json")), TOKEN_VALIDITY.toHours()));
        b.append(String.format("   stack info    %s   (addresses and pids, for scripts)%n",
                root.relativize(localDir.resolve("stack.json"))));
        b.append(String.format("   logs          %s/{%s,%s,infra}.log%n", root.relativize(logsDir), INGEST,
                options.splitRoles() ? ALERT + "," + DETECTOR : ALERT));
        if (alertUrl != null && options.splitRoles()) {
            b.append(String.format("   roles         %s: api, %s: detector (management only, on %s)%n", ALERT, DETECTOR,
                    managementUrl("http://localhost:" + detectorPort())));
        }
        if (sim != null) {
            b.append(String.format("   simulator     %d patients posting in real time; after a 30-minute history sync, "
                    + "these are in an episode:%n", options.simulatedPatients()));
            for (Map.Entry<String, EpisodeKind> e : sim.episodes().entrySet()) {
                b.append(String.format("                   %s  %s%n", e.getKey(), e.getValue().label()));
            }
        } else {
            b.append("   simulator     off\n");
        }
        b.append('\n');
        if (alertUrl != null) {
            b.append(" Dashboard of care team ").append(team.careTeamId()).append(" (signed in as its clinician; the ")
                    .append("other team's token is in the credentials file):\n\n");
            b.append("   ").append(dashboardLink(alertUrl, team.clinicianToken())).append("\n\n");
            b.append(" Webhooks: in another terminal run ./webhook-receiver.sh — it listens on loopback, registers\n")
                    .append(" itself for ").append(team.careTeamId())
                    .append(" and prints every delivery with its signature checked.\n\n");
        }
        b.append(" Try it: post a reading as ").append(demo.deviceId()).append(" (patient ").append(demo.patientId())
                .append("), expect 202:\n\n");
        b.append("   curl -i -X POST ").append(ingestUrl).append("/api/v1/readings \\\n");
        b.append("     -H 'Authorization: Bearer ").append(demo.token()).append("' \\\n");
        b.append("     -H 'Content-Type: application/json' \\\n");
        b.append("     -d '{\"readings\":[{\"type\":\"BODY_TEMPERATURE\",\"value\":38.4,\"unit\":\"Cel\",\"site\":\"ORAL\",")
                .append("\"measuredAt\":\"'\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"'\"}]}'\n\n");
        b.append(" Ctrl-C stops everything.\n");
        b.append(rule).append('\n');
        out.print(b);
        out.flush();
    }

    /** The dashboard, signed in: the token travels in the fragment, which browsers never send to a server. */
    static String dashboardLink(String alertUrl, String clinicianToken) {
        return alertUrl.replace("127.0.0.1", "localhost") + "/#token=" + clinicianToken;
    }

    /** Kafka wants the JVM gone: stop everything the orderly way, then exit. Does not return. */
    private void onKafkaFatal(int statusCode, String message) {
        out.println("\n[local-stack] Kafka stopped itself (status " + statusCode
                + (message != null ? ": " + message : "") + "); see "
                + root.relativize(logsDir.resolve("infra.log")) + ". Stopping everything.");
        Thread exit = new Thread(() -> System.exit(statusCode == 0 ? 1 : statusCode), "local-stack-kafka-exit");
        exit.start();
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // Keep this Kafka thread parked until the JVM is gone, as a halt would.
            }
        }
    }

    /** Stops everything that was started, in reverse order. Idempotent; the shutdown hook calls it. */
    void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closing = true;
        }
        Thread starting = startupThread;
        if (starting != null) {
            out.println("\n[local-stack] interrupted during start-up; cleaning up");
            starting.interrupt();
            try {
                startupDone.await(STARTUP_ABORT_WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<ServiceProcess> running;
        WearableSimulator sim;
        AlertTail tail;
        EmbeddedPostgresServer pg;
        EmbeddedKafka broker;
        DevJwksServer keySet;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            running = new ArrayList<>(services);
            sim = simulator;
            tail = alertTail;
            pg = postgres;
            broker = kafka;
            keySet = jwks;
        }
        if (keySet != null) {
            keySet.close();
        }
        if (running.isEmpty() && pg == null && broker == null) {
            return;
        }
        out.println("\n[local-stack] stopping ...");
        if (sim != null) {
            sim.close();
            out.println("[local-stack] " + sim.summary());
        }
        if (tail != null) {
            tail.close();
        }
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (ServiceProcess s : running) {
            s.terminate();
        }
        for (ServiceProcess s : running) {
            int code = s.awaitExit(deadline);
            out.println("[local-stack] " + s.name() + " stopped (exit code " + code + ")");
        }
        if (pg != null) {
            try {
                pg.close();
                out.println("[local-stack] PostgreSQL stopped");
            } catch (Exception e) {
                out.println("[local-stack] stopping PostgreSQL failed: " + e);
            }
        }
        if (broker != null) {
            // Bounded: a broker that failed fatally may never finish closing.
            Thread closer = new Thread(() -> {
                try {
                    broker.close();
                    out.println("[local-stack] Kafka stopped");
                } catch (Exception e) {
                    out.println("[local-stack] stopping Kafka failed: " + e);
                }
            }, "local-stack-kafka-close");
            closer.setDaemon(true);
            closer.start();
            try {
                closer.join(KAFKA_CLOSE_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (closer.isAlive()) {
                out.println("[local-stack] Kafka did not stop within " + KAFKA_CLOSE_WAIT.toSeconds() + " s; exiting anyway");
            }
        }
        StackFiles.deleteIfOwnedBy(localDir.resolve("stack.json"), ProcessHandle.current().pid());
        out.println("[local-stack] stopped at " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
        out.flush();
    }

    private void step(String what) throws InterruptedException {
        if (closing || Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("stopping");
        }
        out.println("[local-stack] " + what + " ...");
    }

    private static <T> T getUninterruptibly(Future<T> future) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static long seconds(long sinceNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - sinceNanos);
    }
}
