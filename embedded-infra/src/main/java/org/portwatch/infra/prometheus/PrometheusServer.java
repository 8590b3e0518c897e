package org.portwatch.infra.prometheus;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus server (Debian's {@code prometheus} package, the binary {@code test.sh} installs with
 * promtool) for tests that want to see what SREs would see: it scrapes given targets every second, evaluates the
 * project's alert rules (usually {@linkplain PrometheusRules#timeScaled time-scaled}) every second, and answers
 * instant queries and the list of pending and firing alerts over its HTTP API.
 *
 * <p>Each server is its own OS process on a free loopback port with a fresh data directory; {@link #close()}
 * kills it and deletes the directory (a JVM shutdown hook does the same if a test forgets). Targets are read
 * from a file per job ({@code file_sd_configs}), so {@link #retarget} moves a job to another address at once —
 * a service process restarted on a new port — without restarting Prometheus. Every target carries a
 * {@code pod} label (given, or {@code <job>-<n>}), as the Prometheus operator would attach, because the rules'
 * descriptions name it. Waiting is done with Awaitility: no sleeps.
 */
public final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final String RULES_FILE = "rules.yaml";

    /** One scrape target: {@code host:port}, and the labels Prometheus adds to its series. */
    public record Target(String address, Map<String, String> labels) {
        public Target {
            labels = Map.copyOf(labels);
        }

        public static Target of(String address) {
            return new Target(address, Map.of());
        }
    }

    /** A target as Prometheus reports it: health is {@code up}, {@code down} or {@code unknown}. */
    public record TargetHealth(String job, String scrapeUrl, String health, String lastError) {
        public boolean up() {
            return "up".equals(health);
        }
    }

    /** One series of an instant vector. */
    public record Sample(Map<String, String> labels, double value) {
    }

    /** Prometheus' state of an active alert; an alert that has cleared is not listed at all. */
    public enum AlertState {
        PENDING, FIRING
    }

    /** An alert of {@code GET /api/v1/alerts}. */
    public record ActiveAlert(String name, AlertState state, Map<String, String> labels,
            Map<String, String> annotations, Instant activeAt, String value) {
    }

    private record Job(String name, String metricsPath, Path targetsFile) {
    }

    private final Process process;
    private final Path dir;
    private final int port;
    private final Map<String, Job> jobs;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread shutdownHook;

    private PrometheusServer(Process process, Path dir, int port, Map<String, Job> jobs) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.jobs = jobs;
        this.shutdownHook = new Thread(() -> {
            process.destroyForcibly();
            deleteTree(dir);
        }, "prometheus-server-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The server's base address, e.g. {@code http://127.0.0.1:41234}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** Points a job at other targets (replacing its list); Prometheus picks the change up within a second. */
    public void retarget(String job, List<Target> targets) {
        Job known = jobs.get(job);
        if (known == null) {
            throw new IllegalArgumentException("no scrape job " + job + "; jobs are " + jobs.keySet());
        }
        writeTargets(known, targets);
    }

    /** {@link #retarget(String, List)} for targets without labels of their own. */
    public void retarget(String job, String... addresses) {
        retarget(job, Stream.of(addresses).map(Target::of).toList());
    }

    /** Every active target, with its last scrape's health. */
    public List<TargetHealth> targets() {
        List<TargetHealth> targets = new ArrayList<>();
        for (JsonNode target : get("/api/v1/targets?state=active").path("activeTargets")) {
            targets.add(new TargetHealth(target.path("labels").path("job").asText(), target.path("scrapeUrl").asText(),
                    target.path("health").asText(), target.path("lastError").asText()));
        }
        return targets;
    }

    /** Waits until every job has at least one target and every target's last scrape succeeded. */
    public void awaitTargetsUp(Duration timeout) {
        await("targets of " + jobs.keySet() + " up").atMost(timeout).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> {
                    List<TargetHealth> targets = targets();
                    return targets.stream().map(TargetHealth::job).distinct().count() == jobs.size()
                            && targets.stream().allMatch(TargetHealth::up);
                });
    }

    /** Evaluates an instant query now; a scalar result is one sample without labels. */
    public List<Sample> query(String promql) {
        JsonNode data = get("/api/v1/query?query=" + urlEncoded(promql));
        List<Sample> samples = new ArrayList<>();
        String type = data.path("resultType").asText();
        if (type.equals("scalar")) {
            samples.add(new Sample(Map.of(), Double.parseDouble(data.path("result").get(1).asText())));
            return samples;
        }
        if (!type.equals("vector")) {
            throw new IllegalArgumentException("not an instant vector or scalar (" + type + "): " + promql);
        }
        for (JsonNode series : data.path("result")) {
            samples.add(new Sample(labels(series.path("metric")),
                    Double.parseDouble(series.path("value").get(1).asText())));
        }
        return samples;
    }

    /** Every pending and firing alert. */
    public List<ActiveAlert> alerts() {
        List<ActiveAlert> alerts = new ArrayList<>();
        for (JsonNode alert : get("/api/v1/alerts").path("alerts")) {
            Map<String, String> labels = labels(alert.path("labels"));
            alerts.add(new ActiveAlert(labels.get("alertname"),
                    AlertState.valueOf(alert.path("state").asText().toUpperCase(Locale.ROOT)), labels,
                    labels(alert.path("annotations")), Instant.parse(alert.path("activeAt").asText()),
                    alert.path("value").asText()));
        }
        return alerts;
    }

    /** The firing instances of one alert (one per label set); empty when it does not fire. */
    public List<ActiveAlert> firing(String alertName) {
        return alerts().stream().filter(a -> a.name().equals(alertName) && a.state() == AlertState.FIRING).toList();
    }

    /** The pending instances of one alert: its condition holds, its {@code for} has not elapsed yet. */
    public List<ActiveAlert> pending(String alertName) {
        return alerts().stream().filter(a -> a.name().equals(alertName) && a.state() == AlertState.PENDING).toList();
    }

    /** Waits until the alert fires, returning its firing instances. */
    public List<ActiveAlert> awaitFiring(String alertName, Duration timeout) {
        return await(alertName + " firing").atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> firing(alertName), list -> !list.isEmpty());
    }

    /** Waits until the alert fires with (at least) the given labels, e.g. {@code Map.of("pod", "alert-service-1")}. */
    public List<ActiveAlert> awaitFiring(String alertName, Map<String, String> labels, Duration timeout) {
        return await(alertName + " firing with " + labels).atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> firing(alertName).stream()
                        .filter(a -> a.labels().entrySet().containsAll(labels.entrySet())).toList(),
                        list -> !list.isEmpty());
    }

    /**
     * Whether the alert fired at any evaluation in the last {@code lookback}, from Prometheus' own
     * {@code ALERTS} series: also true for an alert that fired and cleared between two polls, and false for one
     * that was only pending. For "this alert must not fire during that fault".
     */
    public boolean firedWithin(String alertName, Duration lookback) {
        if (!alertName.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not an alert name: " + alertName);
        }
        return !query("max_over_time(ALERTS{alertname=\"" + alertName + "\", alertstate=\"firing\"}["
                + PrometheusRules.format(lookback) + "])").isEmpty();
    }

    /** Waits until the alert is neither firing nor pending: its condition no longer holds. */
    public void awaitCleared(String alertName, Duration timeout) {
        await(alertName + " cleared").atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> alerts().stream().noneMatch(a -> a.name().equals(alertName)));
    }

    /** What the server printed (its log), for a failing test's message. */
    public String log() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Kills the server and deletes its data directory. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteTree(dir);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs anyway; nothing left for it to do.
        }
    }

    private JsonNode get(String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(url().resolve(pathAndQuery)).timeout(Duration.ofSeconds(10))
                .GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
                throw new IllegalStateException("Prometheus answered " + response.statusCode() + " to " + pathAndQuery
                        + ": " + response.body());
            }
            return body.path("data");
        } catch (IOException e) {
            throw new UncheckedIOException("Prometheus did not answer " + pathAndQuery, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String urlEncoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new TreeMap<>();
        node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    /** Written to a temporary file and moved over the old one: Prometheus never reads half a list. */
    private static void writeTargets(Job job, List<Target> targets) {
        List<Map<String, Object>> groups = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Target target = targets.get(i);
            Map<String, String> labels = new TreeMap<>(target.labels());
            labels.putIfAbsent("pod", job.name() + "-" + i);
            Map<String, Object> group = new LinkedHashMap<>();
            group.put("targets", List.of(target.address()));
            group.put("labels", labels);
            groups.add(group);
        }
        try {
            Path tmp = job.targetsFile().resolveSibling(job.targetsFile().getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), groups);
            Files.move(tmp, job.targetsFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException | UncheckedIOException e) {
            // A leftover temp directory is not worth failing a test for.
        }
    }

    /** What to scrape and which rules to evaluate; {@link #start()} runs it. */
    public static final class Builder {

        private record JobSpec(String name, String metricsPath, List<Target> targets) {
        }

        private final List<JobSpec> jobs = new ArrayList<>();
        private PrometheusRules rules;
        private Path binary;
        // A second: the tests' faults last tens of seconds, and a rule needs a few samples to see one.
        private Duration scrapeInterval = Duration.ofSeconds(1);
        private Duration evaluationInterval = Duration.ofSeconds(1);
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** A scrape job, e.g. {@code scrape("ingest-service", "/q/metrics", Target.of("127.0.0.1:8080"))}. */
        public Builder scrape(String job, String metricsPath, List<Target> targets) {
            if (jobs.stream().anyMatch(j -> j.name().equals(job))) {
                throw new IllegalArgumentException("scrape job " + job + " given twice");
            }
            jobs.add(new JobSpec(job, metricsPath, List.copyOf(targets)));
            return this;
        }

        public Builder scrape(String job, String metricsPath, String... addresses) {
            return scrape(job, metricsPath, Stream.of(addresses).map(Target::of).toList());
        }

        /** The alerting rules to evaluate (none by default). */
        public Builder rules(PrometheusRules rules) {
            this.rules = rules;
            return this;
        }

        /** Also the scrape timeout: a target that takes longer to answer counts as down. */
        public Builder scrapeInterval(Duration interval) {
            this.scrapeInterval = interval;
            return this;
        }

        public Builder evaluationInterval(Duration interval) {
            this.evaluationInterval = interval;
            return this;
        }

        /** The server binary; by default {@code prometheus} on the PATH, else {@code /usr/bin/prometheus}. */
        public Builder binary(Path binary) {
            this.binary = binary;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** Starts the server and returns once it is ready to answer queries. */
        public PrometheusServer start() {
            Path executable = binary != null ? binary : findBinary();
            Path dir;
            try {
                dir = Files.createTempDirectory("portwatch-prometheus-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, Job> byName = new LinkedHashMap<>();
            List<Map<String, Object>> scrapeConfigs = new ArrayList<>();
            for (JobSpec spec : jobs) {
                Job job = new Job(spec.name(), spec.metricsPath(), dir.resolve("targets-" + byName.size() + ".json"));
                byName.put(spec.name(), job);
                writeTargets(job, spec.targets());
                Map<String, Object> config = new LinkedHashMap<>();
                config.put("job_name", spec.name());
                config.put("metrics_path", spec.metricsPath());
                config.put("file_sd_configs", List.of(Map.of("files", List.of(job.targetsFile().toString()),
                        "refresh_interval", PrometheusRules.format(scrapeInterval))));
                scrapeConfigs.add(config);
            }
            Map<String, Object> global = new LinkedHashMap<>();
            global.put("scrape_interval", PrometheusRules.format(scrapeInterval));
            global.put("scrape_timeout", PrometheusRules.format(scrapeInterval));
            global.put("evaluation_interval", PrometheusRules.format(evaluationInterval));
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("global", global);
            if (rules != null) {
                rules.writeTo(dir.resolve(RULES_FILE));
                config.put("rule_files", List.of(dir.resolve(RULES_FILE).toString()));
            }
            config.put("scrape_configs", scrapeConfigs);
            Path configFile = dir.resolve("prometheus.yml");
            try {
                YAML.writeValue(configFile.toFile(), config);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }

            int port = freePort();
            Process process;
            try {
                process = new ProcessBuilder(executable.toString(),
                        "--config.file=" + configFile,
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--log.level=warn")
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("prometheus.log").toFile())
                        .start();
            } catch (IOException e) {
                deleteTree(dir);
                throw new UncheckedIOException("cannot run " + executable, e);
            }
            PrometheusServer server = new PrometheusServer(process, dir, port, byName);
            HttpClient http = HttpClient.newHttpClient();
            try {
                await("Prometheus ready on port " + port).atMost(startTimeout).pollInterval(Duration.ofMillis(100))
                        .failFast("Prometheus exited", () -> !process.isAlive())
                        .ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(server.url().resolve("/-/ready")).build(),
                                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
            } catch (RuntimeException e) {
                String log = server.log();
                server.close();
                throw new IllegalStateException("Prometheus did not start: " + e.getMessage() + "\n" + log, e);
            }
            return server;
        }

        private static Path findBinary() {
            return Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)),
                            Stream.of("/usr/bin"))
                    .filter(p -> !p.isEmpty())
                    .map(p -> Path.of(p, "prometheus")).filter(Files::isExecutable).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the Prometheus server is not installed: it comes "
                            + "with the Debian package 'prometheus' (apt-get install prometheus; test.sh installs it)"));
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
