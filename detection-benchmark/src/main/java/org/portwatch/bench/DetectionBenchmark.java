package org.portwatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.portwatch.detection.DetectionTopology.DetectionTopics;
import org.portwatch.infra.EmbeddedKafka;

/**
 * The detection topology alone, on a real broker, against its ceiling. In one run:
 * <ol>
 * <li>a broker: embedded in this JVM, or {@code --bootstrap} (the script runs one in a JVM of its own);</li>
 * <li>topics of their own (a fresh prefix), a monitored profile per patient, and the replay: every patient's
 * readings, interleaved as a live stream carries them;</li>
 * <li>per repeat: (a) the ceiling, a plain consumer that only deserializes the readings topic; (b) the
 * topology with exactly_once_v2 and one stream thread, fresh application id, timed until its committed
 * offsets reach the end of the topic, with CPU per thread group;</li>
 * <li>(c) the live phase: the last detector restarted with its state, readings at a fixed rate, detection
 * latency from its own timer and from the alerts topic;</li>
 * <li>(d) state bytes per patient: the store's values, the detector's summary, RocksDB's files, the
 * changelog, and a 3-hour steady state computed offline with the detector's own code;</li>
 * <li>optionally one more, unmeasured topology run under JFR, summarised.</li>
 * </ol>
 * Prints progress, a table and one JSON line ({@code {"benchmark":"detection",...}}); {@code --json-out}
 * gets the whole result.
 */
public final class DetectionBenchmark {

    private final Options options;
    private final long deadlineNanos;
    private final Instant startedAt = Instant.now();

    private DetectionBenchmark(Options options) {
        this.options = options;
        this.deadlineNanos = System.nanoTime() + TimeUnit.MINUTES.toNanos(options.maxMinutes());
    }

    public static void main(String[] args) throws Exception {
        BenchLogging.installLogManager();
        if (args.length > 0 && (args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(Options.USAGE);
            return;
        }
        if (args.length > 0 && args[0].equals("broker")) {
            System.exit(BrokerMode.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("detection-benchmark: " + e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        int rc;
        try {
            rc = new DetectionBenchmark(options).run();
        } catch (Exception e) {
            BenchLogging.flush();
            System.err.println("detection-benchmark FAILED: " + e);
            e.printStackTrace();
            rc = 1;
        }
        BenchLogging.flush();
        System.exit(rc);
    }

    private static void progress(String message) {
        System.out.printf("[detection-bench %s] %s%n",
                DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC).format(Instant.now()), message);
        System.out.flush();
    }

    private long secondsLeft() {
        return TimeUnit.NANOSECONDS.toSeconds(deadlineNanos - System.nanoTime());
    }

    private int run() throws Exception {
        Path work = options.workDir() != null ? Files.createDirectories(options.workDir())
                : Files.createTempDirectory("detection-bench-");
        Path logFile = options.jsonOut() != null
                ? options.jsonOut().resolveSibling(options.jsonOut().getFileName().toString()
                        .replaceFirst("\\.json$", "") + ".log")
                : work.resolve("benchmark.log");
        BenchLogging.toFile(logFile);
        progress("log of Kafka, Streams and the detector: " + logFile);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "detection");
        result.put("startedAt", startedAt.toString());
        result.put("machine", Machine.describe(options.gitCommit()));
        result.put("options", options.asMap());
        result.put("streamsConfig", Map.of("processing.guarantee", "exactly_once_v2", "num.stream.threads", 1,
                "commit.interval.ms", Detector.COMMIT_INTERVAL_MS, "statestore.cache.max.bytes",
                Detector.CACHE_MAX_BYTES, "noDataCheckInterval", Detector.NO_DATA_CHECK.toString()));
        List<Map<String, Object>> ceilings = new ArrayList<>();
        List<Map<String, Object>> topologies = new ArrayList<>();
        Map<String, Object> live = null;
        Map<String, Object> steady = null;
        Map<String, Object> flood = null;

        EmbeddedKafka embedded = null;
        try {
            String bootstrap = options.bootstrap();
            if (bootstrap == null) {
                progress("starting the embedded broker in this JVM");
                embedded = EmbeddedKafka.start();
                bootstrap = embedded.bootstrapServers();
            }
            result.put("brokerInThisProcess", embedded != null);
            progress("broker " + bootstrap);
            try (BenchKafka kafka = new BenchKafka(bootstrap)) {
                String prefix = "bench-" + startedAt.getEpochSecond() + ".";
                DetectionTopics topics = DetectionTopics.prefixed(prefix);
                kafka.createTopics(topics, options.partitions());
                result.put("topics", topics.toString());

                int span = options.spanMinutes();
                Population population = Population.create(options.seed(), options.patients(),
                        options.febrileShare(), options.tachycardicShare(), options.liveFeverShare(), span);
                Instant end = Instant.ofEpochMilli(System.currentTimeMillis()).minusSeconds(30);
                Instant scheduleStart = end.minus(Duration.ofMinutes(span));
                Instant replayStart = scheduleStart.plus(Duration.ofMinutes(options.historyMinutes()));
                Map<String, Object> load = new LinkedHashMap<>();
                load.put("mode", options.warm() ? "warm state: " + options.historyMinutes()
                        + " minutes of history per patient, then " + options.replayMinutes() + " minutes replayed"
                        : "fresh state: " + options.readingsPerPatient() + " readings per patient replayed");
                load.put("scheduleMinutes", span);
                load.put("scheduleStart", scheduleStart.toString());
                load.put("replayStart", replayStart.toString());
                load.put("febrilePatients", population.count(Population.Patient::febrile));
                load.put("tachycardicPatients", population.count(Population.Patient::tachycardic));
                load.put("bothPatients", population.count(p -> p.febrile() && p.tachycardic()));
                load.put("liveFeverPatients", population.count(Population.Patient::liveFever));
                result.put("load", load);
                if (options.profiles()) {
                    progress("producing " + options.patients() + " patient profiles");
                    // Warm: enrolled before the history began; fresh (v1): enrolled now.
                    Instant enrolled = options.warm() ? scheduleStart.minus(Duration.ofHours(1))
                            : Instant.ofEpochMilli(System.currentTimeMillis());
                    load.put("profiles", Loader.profiles(bootstrap, topics, population, enrolled,
                            scheduleStart.minus(Duration.ofHours(1))));
                }
                WarmState warm = null;
                if (options.warm()) {
                    progress(String.format("computing the warm state: %,d patients x %d minutes of history through "
                            + "PatientDetector, %d threads", options.patients(), options.historyMinutes(),
                            options.seedThreads()));
                    warm = WarmState.compute(population, scheduleStart.toEpochMilli(), options.historyMinutes(),
                            end.plus(Duration.ofMinutes(5)).toEpochMilli(), options.seedThreads(), 50);
                    load.put("warmState", warm.stats);
                    progress("    " + warm.stats);
                }
                progress(String.format("producing the replay: about %,d readings (%d patients, %s)",
                        options.replayReadings(), options.patients(), options.warm()
                                ? options.replayMinutes() + " minutes after the history"
                                : options.readingsPerPatient() + " readings each"));
                ReplayStream replay = options.warm()
                        ? ReplayStream.window(population, scheduleStart, options.historyMinutes(),
                                options.replayMinutes())
                        : new ReplayStream(population, options.readingsPerPatient(), scheduleStart);
                load.put("replay", Loader.readings(bootstrap, topics, replay, deadlineNanos));
                progress("replay on the broker: " + load.get("replay"));

                Map<TopicPartition, Long> readingsEnd = kafka.endOffsets(
                        BenchKafka.partitions(topics.readings(), options.partitions()));
                Map<TopicPartition, Long> profilesEnd = kafka.endOffsets(
                        BenchKafka.partitions(topics.profiles(), options.partitions()));

                // The live phase and the flood restart the last detector with its state: keep the newest.
                boolean keep = !options.skipLive() || !options.skipFlood();
                long reserveSeconds = (options.skipLive() ? 0 : options.latencySeconds() + 90)
                        + (options.skipFlood() ? 0 : options.floodSeconds() + 120);
                String lastApplicationId = null;
                long repeatSeconds = 0;
                for (int r = 1; r <= options.repeats(); r++) {
                    if (r > 1 && secondsLeft() < repeatSeconds + reserveSeconds) {
                        progress("skipping repeat " + r + ": " + secondsLeft() + " s left of --max-minutes, a repeat "
                                + "took " + repeatSeconds + " s and " + reserveSeconds + " s are kept for live/flood");
                        break;
                    }
                    long repeatStart = System.nanoTime();
                    if (!options.skipCeiling()) {
                        quiesce();
                        progress("(a) ceiling " + r + ": plain consumer, deserialize only");
                        Map<String, Object> c = Ceiling.run(bootstrap, topics.readings(), options.partitions(),
                                readingsEnd, "bench-ceiling-" + r, Duration.ofSeconds(options.ceilingTimeoutSeconds()),
                                options.brokerPid());
                        c.put("repeat", r);
                        ceilings.add(c);
                        progress("    " + c);
                    }
                    quiesce();
                    String applicationId = prefix + "detector-" + r;
                    Map<String, Object> t;
                    if (warm != null) {
                        progress("(b) topology " + r + ": exactly_once_v2, 1 stream thread, application "
                                + applicationId + ": seed its state, warm up (restore, profiles), then the replay");
                        t = WarmRun.run(kafka, topics, warm, population, applicationId, work.resolve(applicationId),
                                options.partitions(), readingsEnd, profilesEnd,
                                Duration.ofSeconds(options.topologyTimeoutSeconds()), options.brokerPid(), null, keep);
                        progress("    warm-up " + t.get("warmUp"));
                    } else {
                        progress("(b) topology " + r + ": exactly_once_v2, 1 stream thread, application "
                                + applicationId + " (fresh state)");
                        t = Throughput.run(kafka, topics, applicationId, work.resolve(applicationId), readingsEnd,
                                profilesEnd, Duration.ofSeconds(options.topologyTimeoutSeconds()), options.brokerPid(),
                                null, keep);
                    }
                    t.put("repeat", r);
                    topologies.add(t);
                    if (lastApplicationId != null) {
                        Throughput.deleteRecursively(work.resolve(lastApplicationId));
                    }
                    lastApplicationId = keep ? applicationId : null;
                    progress("    " + brief(t));
                    repeatSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - repeatStart);
                }

                if (options.jfr() != null) {
                    if (secondsLeft() < repeatSeconds + reserveSeconds) {
                        progress("JFR run skipped: " + secondsLeft() + " s left of --max-minutes");
                    } else {
                        quiesce();
                        String applicationId = prefix + "detector-profiled";
                        progress("profile: one more topology run under JFR (not counted) -> " + options.jfr());
                        Duration timeout = Duration.ofSeconds(Math.min(options.topologyTimeoutSeconds(), secondsLeft()));
                        Map<String, Object> t = warm != null
                                ? WarmRun.run(kafka, topics, warm, population, applicationId,
                                        work.resolve(applicationId), options.partitions(), readingsEnd, profilesEnd,
                                        timeout, options.brokerPid(), options.jfr(), false)
                                : Throughput.run(kafka, topics, applicationId, work.resolve(applicationId),
                                        readingsEnd, profilesEnd, timeout, options.brokerPid(), options.jfr(), false);
                        Map<String, Object> profile = new LinkedHashMap<>();
                        profile.put("run", brief(t));
                        profile.put("streamThread", JfrSummary.summarize(options.jfr(),
                                name -> name.startsWith(applicationId + "-StreamThread-"), 25));
                        result.put("profile", profile);
                        progress("    profiled run " + brief(t));
                    }
                }

                if (!options.skipLive() && options.latencySeconds() > 0) {
                    if (lastApplicationId == null) {
                        progress("live phase skipped: no detector ran");
                    } else if (secondsLeft() < options.latencySeconds() + 75) {
                        progress("live phase skipped: " + secondsLeft() + " s left of --max-minutes");
                    } else {
                        quiesce();
                        // Spread the live fevers' onsets over the rounds of visits the phase makes.
                        double perRound = options.patients() * 1.2 + population.count(Population.Patient::liveFever);
                        int rounds = (int) Math.max(1, Math.min(3, Math.floor(options.liveReadings() / perRound)));
                        progress(String.format("(c) live: %,d readings/s for %d s, detector %s restarted with its state, "
                                + "%d patients coming due for NO_DATA", options.rate(), options.latencySeconds(),
                                lastApplicationId, options.liveSilentPatients()));
                        live = LivePhase.run(kafka, topics, lastApplicationId, work.resolve(lastApplicationId),
                                options.partitions(), new LiveStream(population, span, rounds), options.rate(),
                                options.latencySeconds(), options.brokerPid(), options.liveSilentPatients());
                        live.put("liveFeverOnsetRounds", rounds);
                        progress("    latency received->detected " + live.get("latencyReceivedToDetected"));
                        progress("    alerts on topic " + Report.path(live, "alertsOnTopic",
                                "receivedToVisibleOnTopic"));
                        progress("    NO_DATA " + Report.path(live, "alertsOnTopic", "noDataRaisedDueToDetected")
                                + ", stream thread " + live.get("streamThread"));
                    }
                }

                if (!options.skipFlood()) {
                    if (lastApplicationId == null) {
                        progress("flood skipped: no detector ran");
                    } else if (secondsLeft() < options.floodSeconds() + 60) {
                        progress("flood skipped: " + secondsLeft() + " s left of --max-minutes");
                    } else {
                        quiesce();
                        progress(String.format("(e) flood: %,d heart rates for one patient in %d s, then %d other "
                                + "patients' oral 38.6, detector %s restarted with its state", options.floodReadings(),
                                options.floodSeconds(), options.floodOthers(), lastApplicationId));
                        flood = FloodPhase.run(kafka, topics, lastApplicationId, work.resolve(lastApplicationId),
                                options.partitions(), population, options.floodReadings(), options.floodSeconds(),
                                options.floodOthers(), Duration.ofSeconds(Math.min(options.floodTimeoutSeconds(),
                                        Math.max(30, secondsLeft() - 30))), options.brokerPid());
                        result.put("flood", flood);
                        progress("    " + briefFlood(flood));
                    }
                }
                if (lastApplicationId != null) {
                    Throughput.deleteRecursively(work.resolve(lastApplicationId));
                }
                if (live != null) {
                    result.put("live", live);
                }

                if (options.steadyStatePatients() > 0) {
                    progress("(d) steady state: " + options.steadyStatePatients()
                            + " patients x 200 minutes through the detector's own code, offline");
                    steady = SteadyState.run(options.seed(), options.steadyStatePatients(), options.febrileShare(),
                            options.tachycardicShare());
                    result.put("steadyState", steady);
                    progress("    " + steady.get("byKind"));
                }

            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
        result.put("ceiling", ceilings);
        result.put("topology", topologies);
        Map<String, Object> summary = Report.summary(ceilings, topologies, live, steady, flood);
        result.put("summary", summary);
        result.put("finishedAt", Instant.now().toString());
        result.put("loadAverageAtEnd", Machine.loadAverage());

        Report.table(System.out, ceilings, topologies, live, steady, summary);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("benchmark", "detection");
        line.put("startedAt", startedAt.toString());
        line.putAll(summary);
        System.out.println(Report.JSON.writeValueAsString(line));
        if (options.jsonOut() != null) {
            writeJson(options.jsonOut(), result);
            progress("result: " + options.jsonOut());
        }
        boolean complete = ceilings.stream().allMatch(c -> Boolean.TRUE.equals(c.get("complete")))
                && topologies.stream().allMatch(t -> Boolean.TRUE.equals(t.get("complete")));
        return complete ? 0 : 3;
    }

    private static void writeJson(Path file, Map<String, Object> result) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.writeString(file, Report.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result) + "\n");
    }

    /** The figures of a topology run that fit on a progress line. */
    private static Map<String, Object> brief(Map<String, Object> t) {
        Map<String, Object> b = new LinkedHashMap<>();
        for (String k : new String[] {"complete", "readings", "wallSeconds", "readingsPerSecond",
                "readingsPerStreamThreadCpuSecond", "readingsPerTopologyCpuSecond", "readingsPerProcessCpuSecond",
                "alerts"}) {
            b.put(k, t.get(k));
        }
        b.put("stateValueBytesMean", Report.path(t, "stateStore", "valueBytesMean"));
        return b;
    }

    private static Map<String, Object> briefFlood(Map<String, Object> f) {
        Map<String, Object> b = new LinkedHashMap<>();
        for (String k : new String[] {"floodSendSeconds", "others", "othersMissing", "othersSentToVisibleMaxMs",
                "othersReceivedToDetectedMaxMs", "othersSentToVisibleMedianMs", "floodCommitted",
                "floodStartToCommittedSeconds", "floodedStateBytes"}) {
            b.put(k, f.get(k));
        }
        return b;
    }

    /** Between phases: the previous phase's garbage collected, so it is not billed to the next. */
    private static void quiesce() throws InterruptedException {
        System.gc();
        Thread.sleep(1000);
    }
}
