package org.portwatch.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.Evidence;
import org.portwatch.model.Json;
import org.portwatch.model.Severity;
import org.portwatch.model.Topics;
import org.portwatch.model.VitalType;
import org.portwatch.model.serde.AlertEventSerde;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How fast the care team hears of an alert, on a running local stack ({@code bench/care-team-benchmark.sh}
 * starts one): RAISED events are written to {@code vitals.alerts} as the detector writes them, at a steady rate,
 * each with {@code detectedAt} = the moment it is sent, and the benchmark measures when each arrives
 * <ul>
 *   <li>on the live feed (an SSE stream of a clinician of the care team): "within a second" is the issue's bar;</li>
 *   <li>at a webhook receiver on loopback (through the durable outbox and the dispatcher).</li>
 * </ul>
 * The path measured is the alert-service's whole care-team side: consumer, database transaction (alert, timeline,
 * feed, outbox), feed wake-up and stream, dispatcher, signed HTTP delivery. Detection itself is measured by the
 * detection benchmark.
 *
 * <p>Arguments: {@code --events N} (default 300), {@code --rate R} events per second (default 10),
 * {@code --out FILE} (JSON result); {@code --help}. Reads {@code .local/credentials.json}.
 */
@Command(name = "care-team-latency", usageHelpWidth = 100,
        description = "How fast the care team hears of an alert, on a running local stack"
                + " (bench/care-team-benchmark.sh runs it).")
public final class CareTeamLatency implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    private CommandSpec spec;
    @Option(names = "--events", paramLabel = "N", defaultValue = "300",
            description = "RAISED events to send (default ${DEFAULT-VALUE})")
    private int events;
    @Option(names = "--rate", paramLabel = "R", defaultValue = "10",
            description = "events per second (default ${DEFAULT-VALUE})")
    private double rate;
    @Option(names = "--wait-seconds", paramLabel = "S", defaultValue = "60",
            description = "how long to wait for the last arrivals after sending (default ${DEFAULT-VALUE})")
    private int waitSeconds;
    @Option(names = "--out", paramLabel = "FILE", description = "also write the JSON result there")
    private Path out;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
    private boolean help;

    public static void main(String[] args) {
        // The HTTP client's and the feed reader's threads must not keep the JVM once the result is written.
        System.exit(new CommandLine(new CareTeamLatency()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (events < 1 || !(rate > 0)) {
            throw new ParameterException(spec.commandLine(), "--events must be at least 1 and --rate positive");
        }
        JsonNode credentials = JSON.readTree(Path.of(".local", "credentials.json").toFile());
        String alertUrl = credentials.path("alertUrl").asText();
        String admin = credentials.path("adminToken").asText();
        String bootstrap = credentials.path("kafkaBootstrapServers").asText(null);
        if (bootstrap == null) {
            bootstrap = JSON.readTree(Path.of(".local", "stack.json").toFile()).path("kafkaBootstrapServers").asText();
        }
        JsonNode team = credentials.path("careTeams").path(0);
        String careTeam = team.path("careTeamId").asText();
        String clinician = team.path("clinicianToken").asText();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        // The patients the alerts are about: under monitoring by the care team.
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> patients = new ArrayList<>();
        int patientCount = Math.min(events, 50);
        for (int i = 0; i < patientCount; i++) {
            String patientId = "bench-" + run + "-" + i;
            ObjectNode body = JSON.createObjectNode().put("displayName", "Bench Patient " + i).put("careTeamId", careTeam)
                    .put("portSite", "CHEST");
            expect(http.send(HttpRequest.newBuilder(URI.create(alertUrl + "/api/v1/patients/" + patientId))
                    .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString()), 201);
            patients.add(patientId);
        }

        // A webhook receiver on loopback, registered for the care team.
        Map<String, Long> webhookAt = new ConcurrentHashMap<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            long now = System.currentTimeMillis();
            try (exchange; InputStream in = exchange.getRequestBody()) {
                JsonNode n = JSON.readTree(in.readAllBytes());
                if ("alert.raised".equals(n.path("type").asText())) {
                    webhookAt.putIfAbsent(n.path("data").path("alertId").asText(), now);
                }
                exchange.sendResponseHeaders(204, -1);
            }
        });
        java.util.concurrent.ExecutorService handlers = java.util.concurrent.Executors.newFixedThreadPool(4);
        receiver.setExecutor(handlers);
        receiver.start();
        HttpResponse<String> hook = http.send(HttpRequest.newBuilder(
                        URI.create(alertUrl + "/api/v1/care-teams/" + careTeam + "/webhooks"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode()
                        .put("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook").toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        expect(hook, 201);
        String webhookId = JSON.readTree(hook.body()).path("id").asText();

        // The live feed, as the dashboard reads it.
        Map<String, Long> feedAt = new ConcurrentHashMap<>();
        HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(URI.create(alertUrl + "/api/v1/alerts/stream"))
                .header("Authorization", "Bearer " + clinician).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        expect(stream.statusCode(), 200);
        Thread feed = new Thread(() -> {
            try {
                stream.body().forEach(line -> {
                    if (line.startsWith("data:") && line.contains("\"RAISED\"")) {
                        long now = System.currentTimeMillis();
                        try {
                            feedAt.putIfAbsent(JSON.readTree(line.substring(5)).path("alert").path("alertId").asText(), now);
                        } catch (java.io.IOException e) {
                            // not an event of ours
                        }
                    }
                });
            } catch (RuntimeException closed) {
                // end of the run
            }
        }, "feed");
        feed.setDaemon(true);
        feed.start();

        // The baseline of the same run: a plain read_committed consumer of vitals.alerts (its own group, no database),
        // positioned at the end before the first event is sent.
        Map<String, Long> plainAt = new ConcurrentHashMap<>();
        PlainConsumer plain = new PlainConsumer(bootstrap, plainAt);
        plain.start();

        // The events, at a steady rate, each decided "now".
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        long intervalNanos = (long) (1_000_000_000L / rate);
        long start = System.nanoTime();
        try (KafkaProducer<String, AlertEvent> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new AlertEventSerde.Serializer())) {
            for (int i = 0; i < events; i++) {
                long due = start + i * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                String patientId = patients.get(i % patients.size());
                Instant now = Instant.now();
                Instant episodeStart = now.minus(10, ChronoUnit.MINUTES).plusMillis(i);
                String alertId = AlertEvent.alertId(patientId, AlertCondition.FEVER, episodeStart);
                AlertEvent event = new AlertEvent(AlertEvent.eventId(alertId, AlertTransition.RAISED, Severity.MEDIUM),
                        alertId, patientId, AlertCondition.FEVER, Severity.MEDIUM, AlertTransition.RAISED, episodeStart, now,
                        false, "benchmark", Map.of("feverCelsius", 38.0),
                        List.of(new Evidence("b-" + i, VitalType.BODY_TEMPERATURE, 38.4, "Cel", episodeStart)),
                        episodeStart, episodeStart);
                sentAt.put(alertId, now.toEpochMilli());
                producer.send(new ProducerRecord<>(Topics.VITALS_ALERTS, patientId, event));
            }
            producer.flush();
        }
        long sent = System.nanoTime();
        long deadline = System.currentTimeMillis() + waitSeconds * 1000L;
        while (System.currentTimeMillis() < deadline
                && (feedAt.keySet().containsAll(sentAt.keySet()) == false || webhookAt.keySet().containsAll(sentAt.keySet()) == false
                    || plainAt.keySet().containsAll(sentAt.keySet()) == false)) {
            Thread.sleep(200); // waiting for the last arrivals, bounded: this is a measurement, not a test
        }
        plain.close();
        stream.body().close();
        http.send(HttpRequest.newBuilder(URI.create(alertUrl + "/api/v1/care-teams/" + careTeam + "/webhooks/" + webhookId))
                .header("Authorization", "Bearer " + admin).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        receiver.stop(0);
        handlers.shutdownNow();

        ObjectNode result = JSON.createObjectNode();
        result.put("events", events).put("ratePerSecond", rate).put("careTeam", careTeam);
        result.set("liveFeed", summary(sentAt, feedAt));
        result.set("webhook", summary(sentAt, webhookAt));
        result.set("plainConsumer", summary(sentAt, plainAt));
        // Throughput: events that arrived per second from the first send to the last arrival. The feed row commits in
        // the transaction that records the alert, so its arrival on the stream bounds the recording from above.
        long firstSent = sentAt.values().stream().mapToLong(Long::longValue).min().orElse(0);
        ObjectNode throughput = result.putObject("throughput");
        throughput.put("sendSeconds", (sent - start) / 1e9);
        double recorded = rate(firstSent, feedAt, sentAt);
        double baseline = rate(firstSent, plainAt, sentAt);
        throughput.put("recordedPerSecond", recorded).put("plainConsumerPerSecond", baseline)
                .put("recordedToPlainConsumer", baseline > 0 ? recorded / baseline : 0)
                .put("webhooksPerSecond", rate(firstSent, webhookAt, sentAt))
                // The dispatcher's own pace: deliveries per second from its first to its last, once recording is
                // ahead of it (a burst), so that the figure is not recording's pace again.
                .put("webhookDrainPerSecond", drain(webhookAt, sentAt));
        String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result);
        System.out.println(text);
        if (out != null) {
            Files.writeString(out, text);
        }
        return 0;
    }

    /** Latency from detectedAt to arrival: count, lost, median, p95, p99, max (ms). */
    static ObjectNode summary(Map<String, Long> sent, Map<String, Long> arrived) {
        List<Long> latencies = new ArrayList<>();
        sent.forEach((id, at) -> {
            Long got = arrived.get(id);
            if (got != null) {
                latencies.add(got - at);
            }
        });
        Collections.sort(latencies);
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("arrived", latencies.size()).put("missing", sent.size() - latencies.size());
        if (!latencies.isEmpty()) {
            node.put("medianMs", percentile(latencies, 50)).put("p95Ms", percentile(latencies, 95))
                    .put("p99Ms", percentile(latencies, 99)).put("maxMs", latencies.get(latencies.size() - 1));
        }
        return node;
    }

    /** Events of {@code sent} that arrived, per second from {@code firstSent} to the last of them to arrive. */
    static double rate(long firstSent, Map<String, Long> arrived, Map<String, Long> sent) {
        long count = sent.keySet().stream().filter(arrived::containsKey).count();
        long last = sent.keySet().stream().map(arrived::get).filter(java.util.Objects::nonNull)
                .mapToLong(Long::longValue).max().orElse(firstSent);
        return last > firstSent ? count * 1000.0 / (last - firstSent) : 0;
    }

    /** Events of {@code sent} that arrived, per second from the first of them to arrive to the last. */
    static double drain(Map<String, Long> arrived, Map<String, Long> sent) {
        long[] times = sent.keySet().stream().map(arrived::get).filter(java.util.Objects::nonNull)
                .mapToLong(Long::longValue).sorted().toArray();
        return times.length > 1 && times[times.length - 1] > times[0]
                ? (times.length - 1) * 1000.0 / (times[times.length - 1] - times[0]) : 0;
    }

    /**
     * Reads vitals.alerts as fast as a consumer can (read_committed, as alert-service), recording when each alertId
     * arrived: what the alerts of record would reach if recording cost nothing.
     */
    static final class PlainConsumer implements AutoCloseable {

        private final org.apache.kafka.clients.consumer.KafkaConsumer<String, AlertEvent> consumer;
        private final Map<String, Long> arrivals;
        private final Thread thread;
        private volatile boolean running = true;

        PlainConsumer(String bootstrap, Map<String, Long> arrivals) {
            this.arrivals = arrivals;
            consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(Map.of(
                    org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    org.apache.kafka.clients.consumer.ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                    new org.apache.kafka.common.serialization.StringDeserializer(), new AlertEventSerde.Deserializer());
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(Topics.VITALS_ALERTS).stream()
                    .map(info -> new org.apache.kafka.common.TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolved now, before anything is sent
            thread = new Thread(this::run, "plain-consumer");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            while (running) {
                for (var record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.value() != null) {
                        arrivals.putIfAbsent(record.value().alertId(), System.currentTimeMillis());
                    }
                }
            }
            consumer.close();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5_000);
        }
    }

    static long percentile(List<Long> sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static void expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("expected " + status + " but got " + response.statusCode() + ": " + response.body());
        }
    }

    private static void expect(int actual, int status) {
        if (actual != status) {
            throw new IllegalStateException("expected " + status + " but got " + actual);
        }
    }
}
