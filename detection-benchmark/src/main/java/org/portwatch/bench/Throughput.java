package org.portwatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.apache.kafka.common.TopicPartition;
import org.portwatch.detection.DetectionMetrics;
import org.portwatch.detection.DetectionTopology;
import org.portwatch.detection.DetectionTopology.DetectionTopics;

/**
 * One throughput run of the topology: a fresh application id (so a fresh consumer group, empty state and
 * new changelogs) replays the whole readings topic, timed from the moment the instance is RUNNING until the
 * offsets it committed (exactly_once_v2: inside its transactions) reach the end of the readings topic.
 */
final class Throughput {

    private Throughput() {
    }

    static Map<String, Object> run(BenchKafka kafka, DetectionTopics topics, String applicationId, Path stateDir,
            Map<TopicPartition, Long> readingsEnd, Map<TopicPartition, Long> profilesEnd, Duration timeout,
            long brokerPid, Path jfr, boolean keepState) throws Exception {
        long expected = readingsEnd.values().stream().mapToLong(Long::longValue).sum();
        Map<TopicPartition, Long> allEnd = new LinkedHashMap<>(readingsEnd);
        allEnd.putAll(profilesEnd);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("applicationId", applicationId);
        Recording recording = null;
        try (Detector detector = new Detector(kafka.bootstrap(), applicationId, stateDir, topics)) {
            CpuSnapshot started = CpuSnapshot.take(brokerPid);
            detector.start();
            long deadline = started.wallNanos + timeout.toNanos();
            CpuSnapshot running = null;
            long processedAt = 0;
            CpuSnapshot done = null;
            boolean complete = false;
            long lastOffsetCheck = 0;
            while (System.nanoTime() < deadline) {
                detector.check();
                if (running == null) {
                    if (detector.runningAtNanos() == 0) {
                        Thread.sleep(10);
                        continue;
                    }
                    running = CpuSnapshot.take(brokerPid);
                    if (jfr != null) {
                        recording = new Recording(Configuration.getConfiguration("profile"));
                        recording.setName("detection-topology");
                        recording.start();
                    }
                }
                Thread.sleep(50);
                long processed = detector.readingsProcessed();
                long now = System.nanoTime();
                if (processed >= expected && processedAt == 0) {
                    processedAt = now;
                }
                if (processed >= expected || now - lastOffsetCheck > 1_000_000_000L) {
                    lastOffsetCheck = now;
                    if (BenchKafka.reached(kafka.committed(applicationId), allEnd)) {
                        done = CpuSnapshot.take(brokerPid);
                        complete = true;
                        break;
                    }
                }
            }
            if (done == null) {
                done = CpuSnapshot.take(brokerPid);
            }
            if (recording != null) {
                recording.stop();
                recording.dump(jfr);
                recording.close();
            }
            if (running == null) {
                throw new IllegalStateException("detector " + applicationId + " never reached RUNNING in "
                        + timeout.toSeconds() + " s");
            }
            long committedReadings = BenchKafka.committedCount(kafka.committed(applicationId), null, readingsEnd);
            long processed = detector.readingsProcessed();
            CpuSnapshot.Delta window = running.to(done);
            m.put("complete", complete);
            m.put("readings", committedReadings);
            m.put("readingsProcessed", processed);
            m.put("profiles", profilesEnd.values().stream().mapToLong(Long::longValue).sum());
            m.put("startupSeconds", Meters.round((running.wallNanos - started.wallNanos) / 1e9));
            m.put("wallSeconds", Meters.round(window.wallSeconds()));
            m.put("processedToCommittedSeconds",
                    processedAt == 0 ? null : Meters.round((done.wallNanos - processedAt) / 1e9));
            m.put("readingsPerSecond", Math.round(committedReadings / window.wallSeconds()));
            m.put("readingsPerSecondFromStart", Math.round(committedReadings / started.to(done).wallSeconds()));
            m.put("fromStartSeconds", Meters.round(started.to(done).wallSeconds()));
            Map<String, Object> cpu = cpu(window, detector, brokerPid);
            m.put("cpu", cpu);
            m.put("readingsPerStreamThreadCpuSecond",
                    Math.round(committedReadings / (double) cpu.get("streamThreadSeconds")));
            m.put("readingsPerTopologyCpuSecond",
                    Math.round(committedReadings / (double) cpu.get("topologySeconds")));
            m.put("readingsPerProcessCpuSecond", Math.round(committedReadings / window.processCpuSeconds()));
            m.put("outcomes", Meters.countsBy(detector.registry, DetectionMetrics.READINGS, "outcome"));
            m.put("alerts", Meters.countsBy(detector.registry, DetectionMetrics.ALERTS, "transition"));
            m.put("alertsByCondition", Meters.countsBy(detector.registry, DetectionMetrics.ALERTS, "condition"));
            m.put("deadLetters", Meters.countsBy(detector.registry, DetectionMetrics.DEAD_LETTERS, "source"));
            m.put("stateBytesSummary", Meters.stateBytes(detector.registry));
            if (complete) {
                m.put("stateStore", detector.stateScan());
            }
            m.put("rocksDb", detector.rocksDbMetrics());
            m.put("streamThread", detector.threadMetrics());
            m.put("changelogWritten", detector.producedTo(changelog(applicationId)));
        }
        // Closed: memtables flushed, the checkpoint written; now the files say what the state takes on disk.
        m.put("stateDir", directorySizes(stateDir));
        // What the detector wrote to its state changelog (producer metrics: every state update, batches as
        // sent), and what the broker still holds of it (after the log cleaner has compacted closed segments).
        long readings = (long) m.get("readings");
        @SuppressWarnings("unchecked")
        Map<String, Object> log = (Map<String, Object>) m.getOrDefault("changelogWritten", new LinkedHashMap<>());
        log.put("topic", changelog(applicationId));
        if (log.get("bytes") instanceof Long written && readings > 0) {
            log.put("bytesWrittenPerReading", Meters.round((double) written / readings));
        }
        long onDisk = kafka.topicBytes(changelog(applicationId));
        log.put("bytesOnBrokerAfterCompaction", onDisk);
        m.remove("changelogWritten");
        m.put("changelog", log);
        if (!keepState) {
            deleteRecursively(stateDir);
        }
        return m;
    }

    static String changelog(String applicationId) {
        return applicationId + "-" + DetectionTopology.STATE_STORE + "-changelog";
    }

    /**
     * What each group of threads spent in the measured window, in CPU seconds. "topology" is what the
     * detector costs: its Streams client's Java threads (the stream thread, its producer's I/O thread, the
     * consumer's heartbeat, the admin client) plus RocksDB's native background threads. GC and JIT of this
     * JVM are shown beside it; with the broker in another process they are the detector's too.
     */
    static Map<String, Object> cpu(CpuSnapshot.Delta d, Detector detector, long brokerPid) {
        Map<String, Object> cpu = new LinkedHashMap<>();
        double stream = d.javaSeconds(detector::isStreamThread);
        double client = d.javaSeconds(detector::ownsThread);
        double rocks = d.nativeSeconds(g -> g.startsWith("rocksdb"));
        cpu.put("streamThreadSeconds", Meters.round(Math.max(stream, 0.001)));
        cpu.put("streamsClientOtherThreadsSeconds", Meters.round(client - stream));
        cpu.put("rocksDbNativeSeconds", Meters.round(rocks));
        cpu.put("topologySeconds", Meters.round(Math.max(client + rocks, 0.001)));
        cpu.put("gcSeconds", Meters.round(d.nativeSeconds(g -> g.startsWith("GC Thread") || g.startsWith("G1 "))));
        cpu.put("jitSeconds", Meters.round(d.nativeSeconds(g -> g.startsWith("C1 Compiler")
                || g.startsWith("C2 Compiler"))));
        cpu.put("processSeconds", Meters.round(d.processCpuSeconds()));
        cpu.put("wallSeconds", Meters.round(d.wallSeconds()));
        cpu.put("processCoresBusy", Meters.round(d.processCpuSeconds() / d.wallSeconds()));
        if (brokerPid > 0 && d.otherProcessCpuNanos() >= 0) {
            cpu.put("brokerProcessSeconds", Meters.round(d.otherProcessCpuNanos() / 1e9));
        }
        cpu.put("topNativeThreadGroups", d.topNativeGroups(8));
        return cpu;
    }

    /** Bytes under a Streams state directory: all files, and the SST files of the patient-state store. */
    static Map<String, Object> directorySizes(Path stateDir) throws IOException {
        long total = 0;
        long sst = 0;
        long patientStateFiles = 0;
        if (Files.exists(stateDir)) {
            try (Stream<Path> files = Files.walk(stateDir)) {
                for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    long size = Files.size(p);
                    total += size;
                    boolean patientState = p.toString().contains("/" + DetectionTopology.STATE_STORE + "/");
                    if (patientState) {
                        patientStateFiles += size;
                        if (p.getFileName().toString().endsWith(".sst")) {
                            sst += size;
                        }
                    }
                }
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("allFilesBytes", total);
        m.put("patientStateFilesBytes", patientStateFiles);
        m.put("patientStateSstBytes", sst);
        return m;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
