package org.portwatch.local;

import org.portwatch.infra.ServiceWiring;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.portwatch.model.Json;

/**
 * One Quarkus service run as a child process: {@code java -Xms64m -Xmx256m ... -D... -jar quarkus-run.jar},
 * its console to a log file, ready when {@code /q/health/ready} on its management port answers 200.
 */
final class ServiceProcess {

    /**
     * The JVM's footprint for a service of the local run (docs/benchmarks.md, "ingest-service: bottlenecks seen"):
     * with only {@code -Xmx256m}, G1 started at its maximum on a large machine and ingest's RSS reached 380-470 MB for
     * a live set of 30-60 MB. A small initial heap, the serial collector (two cores, small heaps), 512 KiB thread
     * stacks and a 64 MiB code cache measured 305 MB under the same load, with no loss of throughput seen.
     */
    static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-Xss512k",
            "-XX:ReservedCodeCacheSize=64m", "-XX:TrimNativeHeapInterval=5000");
    /*
     * -XX:TrimNativeHeapInterval=5000: glibc keeps what the JIT's compiler arenas and the request path's native
     * buffers freed, and the JVM hands it back every 5 s. Measured under the ingest benchmark's batched, FHIR and
     * single load with NMT (10 MB less at ingest's peak, up to 28 MB less after the load, no throughput lost;
     * docs/benchmarks.md, "Issue 15 (ingest part)") and under the care-team benchmark (alert-service's api role 400 ->
     * 364 MB median; "Two roles against one process").
     */
    /** glibc's malloc arenas (one per thread by default, 64 MiB each reserved) are most of the rest of the RSS. */
    static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");
    static final int TAIL_LINES = 30;
    /** Where Quarkus puts the AppCDS archive ({@code quarkus.package.jar.appcds.enabled}): beside quarkus-run.jar. */
    static final String APPCDS_ARCHIVE = "app-cds.jsa";

    private final String name;
    private final int port;
    private final Path log;
    private final Process process;

    private ServiceProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }


    /** The command line: this JVM's {@code java}, the heap limit, every property as {@code -D}, the jar. */
    static List<String> command(Path java, Path jar, Map<String, String> properties) {
        return command(List.of(), java, jar, properties);
    }

    static List<String> command(List<String> prefix, Path java, Path jar, Map<String, String> properties) {
        List<String> command = new ArrayList<>(prefix);
        command.add(java.toString());
        command.addAll(JVM_OPTIONS);
        // The AppCDS archive beside the jar, when the build made one (mvn package -Pappcds; run-local.sh asks for it):
        // the classes of the start-up come mapped from it instead of loaded and verified one by one. -Xshare:auto:
        // an archive of another JVM or an older jar is ignored with a warning, never a failed start.
        Path archive = jar.resolveSibling(APPCDS_ARCHIVE);
        if (Files.isRegularFile(archive)) {
            command.add("-XX:SharedArchiveFile=" + archive);
            command.add("-Xshare:auto");
        }
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    /**
     * Starts the service; its stdout and stderr go to {@code log}, which is started afresh. Call
     * it from a thread that lives as long as the stack (the main thread): the kernel's
     * parent-death signal follows the thread that started the child.
     */
    static ServiceProcess start(String name, Path jar, int managementPort, Map<String, String> properties, Path log)
            throws StartupException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        try {
            Files.createDirectories(log.getParent());
            // A new file rather than a truncated one: a process of an earlier run that still
            // holds the old file open keeps writing there, not into this run's log.
            Files.deleteIfExists(log);
            ProcessBuilder builder = new ProcessBuilder(command(ServiceWiring.DIE_WITH_PARENT, java, jar, properties));
            builder.environment().putAll(ENVIRONMENT);
            Process process = builder
                    .directory(workingDirectory(jar).toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            return new ServiceProcess(name, managementPort, log, process);
        } catch (IOException e) {
            throw new StartupException("could not start " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * A service runs in its jar's own directory (quarkus-app). The AppCDS archive there was dumped by a JVM started
     * in that directory, and JDK 17 checks the class path against it as seen from the working directory: started
     * from the repository's root, every service logged "Unable to use shared archive. The top archive failed to
     * load" and ran without it (found in the cold-start benchmark's logs). The services take no relative path.
     */
    static Path workingDirectory(Path jar) {
        return jar.toAbsolutePath().getParent();
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    /** Where it serves /q/health and /q/metrics (loopback). */
    int managementPort() {
        return port;
    }

    Process process() {
        return process;
    }

    Path log() {
        return log;
    }

    /**
     * Waits until the service reports ready.
     *
     * @throws StartupException if it exits or is not ready within {@code timeout}, with its log's tail
     */
    void awaitReady(Duration timeout) throws StartupException, InterruptedException {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        int lastStatus = -1;
        String lastBody = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new StartupException(name + " exited with code " + process.exitValue()
                        + " before it was ready. Last lines of " + log + ":\n" + tail(TAIL_LINES));
            }
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                lastStatus = response.statusCode();
                lastBody = response.body();
                if (lastStatus == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            process.waitFor(500, TimeUnit.MILLISECONDS);
        }
        throw new StartupException(name + " was not ready within " + timeout.toSeconds() + " s"
                + (lastStatus > 0 ? " (/q/health/ready answered " + lastStatus + downChecks(lastBody) + ")"
                        : " (port " + port + " never answered)")
                + ". Last lines of " + log + ":\n" + tail(TAIL_LINES));
    }

    /** The checks a MicroProfile Health answer reports DOWN, with their error if any: {@code "; DOWN: a (why), b"}. */
    static String downChecks(String healthJson) {
        if (healthJson == null || healthJson.isBlank()) {
            return "";
        }
        try {
            JsonNode checks = Json.mapper().readTree(healthJson).path("checks");
            List<String> down = new ArrayList<>();
            for (JsonNode check : checks) {
                if ("DOWN".equals(check.path("status").asText())) {
                    String why = check.path("data").path("exceptionMessage").asText(
                            check.path("data").path("rootCause").asText(""));
                    down.add(check.path("name").asText("?") + (why.isEmpty() ? "" : " (" + why + ")"));
                }
            }
            return down.isEmpty() ? "" : "; DOWN: " + String.join(", ", down);
        } catch (IOException e) {
            return "";
        }
    }

    /** Asks the service to stop (SIGTERM). */
    void terminate() {
        if (process.isAlive()) {
            process.destroy();
        }
    }

    /** Waits for it to exit; kills it (and anything it started) if it has not by then. Returns its exit code. */
    int awaitExit(long deadlineNanos) {
        try {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0 && process.waitFor(left, TimeUnit.NANOSECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** The last {@code lines} lines of the service's log. */
    String tail(int lines) {
        return tail(log, lines);
    }

    static String tail(Path file, int lines) {
        try {
            Deque<String> last = new ArrayDeque<>(lines);
            for (String line : new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\\R")) {
                if (last.size() == lines) {
                    last.removeFirst();
                }
                last.addLast(line);
            }
            return last.isEmpty() ? "  (the log is empty)" : "  " + String.join("\n  ", last);
        } catch (IOException e) {
            return "  (could not read " + file + ": " + e.getMessage() + ")";
        }
    }
}
