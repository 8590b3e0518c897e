package org.portwatch.infra.testing;

import org.portwatch.infra.ServiceWiring;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One packaged Quarkus service as a child process: {@code java -Xmx256m -D... -jar quarkus-run.jar},
 * console appended to its log, ready when {@code /q/health/ready} on its management port answers 200.
 * Restartable with the same ports and settings.
 */
final class ChildService {

    static final String HEAP = "-Xmx256m";
    static final int TAIL_LINES = 40;


    private final String name;
    private final Path jar;
    private final Map<String, String> properties;
    private final Path log;
    private final Path workDir;
    private final int port;
    private final int managementPort;
    private Process process;
    /** How the last stop ended: true when SIGTERM was enough, false when it took a SIGKILL. */
    private volatile boolean stoppedGracefully;

    ChildService(String name, Path jar, Map<String, String> properties, Path log, Path workDir) {
        this.name = name;
        this.jar = jar;
        this.properties = Map.copyOf(properties);
        this.log = log;
        this.workDir = workDir;
        this.port = Integer.parseInt(properties.get("quarkus.http.port"));
        this.managementPort = Integer.parseInt(properties.get("quarkus.management.port"));
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Where {@code /q/health}, {@code /q/metrics} and {@code /q/openapi} are (never on {@link #url()}). */
    String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    Path log() {
        return log;
    }

    /** Whether its process runs now (a crash, or a kill not yet followed by a start, says no). */
    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** The operating-system pid of the running process, -1 when none runs. */
    synchronized long pid() {
        return alive() ? process.pid() : -1;
    }

    synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is running");
        }
        List<String> command = new ArrayList<>(ServiceWiring.DIE_WITH_PARENT);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(HEAP);
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        try {
            Files.createDirectories(log.getParent());
            // Appended: a restart's log follows the first run's, so a test failure shows both.
            Files.writeString(log, "==== starting " + name + " ====\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /** Waits for {@code /q/health/ready} (management port) to answer 200; fails with the log's tail if it exits or times out. */
    void awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "port " + managementPort + " never answered";
        Process p;
        synchronized (this) {
            p = process;
        }
        try {
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(name + " exited with code " + p.exitValue()
                            + " before it was ready. Last lines of " + log + ":\n" + tail());
                }
                try {
                    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        return;
                    }
                    last = "/q/health/ready answered " + response.statusCode() + ": " + response.body();
                } catch (IOException notListeningYet) {
                    // Still starting.
                }
                // Waiting on the process: returns at once if it dies, else paces the polling.
                p.waitFor(300, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s (" + last
                + "). Last lines of " + log + ":\n" + tail());
    }

    /** Whether the last {@link #stop(boolean) stop(false)} ended within the grace, without a SIGKILL. */
    boolean stoppedGracefully() {
        return stoppedGracefully;
    }

    /** SIGTERM without waiting, so several services can shut down at once. */
    synchronized void signalStop() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    /** Stops it: SIGKILL at once when {@code kill}, else SIGTERM and SIGKILL after {@link PackagedStack#STOP_GRACE}. */
    synchronized void stop(boolean kill) {
        if (process == null) {
            return;
        }
        try {
            stoppedGracefully = false;
            if (kill) {
                process.destroyForcibly();
            } else {
                process.destroy();
                if (process.waitFor(PackagedStack.STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    stoppedGracefully = true;
                    return;
                }
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "  (could not read " + log + ": " + e.getMessage() + ")";
        }
    }

}
