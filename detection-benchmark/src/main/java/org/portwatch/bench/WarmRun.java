package org.portwatch.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.portwatch.detection.DetectionTopology.DetectionTopics;

/**
 * One throughput run on a warm state: a detector instance that has watched every patient for hours, then was
 * down while the replay (the next minutes of the stream) accumulated, and starts again with its local state.
 * <ol>
 * <li>its changelogs are seeded with the {@link WarmState} (fresh application id: its own group, state and
 * changelogs);</li>
 * <li>warm-up, not measured as throughput: the group's readings offsets are set to the end of the replay, and
 * the instance starts, restores the seeded state from the changelogs (timed: a fresh instance's full
 * restore), takes the 100,000 profiles, commits and closes cleanly, leaving its RocksDB state and checkpoint
 * on disk;</li>
 * <li>the readings offsets are set back to the start of the replay, and the instance starts again on its
 * local state: {@link Throughput#run} times it from start (catch-up: start to committed offsets at the end)
 * and from RUNNING (throughput), with CPU per thread.</li>
 * </ol>
 */
final class WarmRun {

    private WarmRun() {
    }

    static Map<String, Object> run(BenchKafka kafka, DetectionTopics topics, WarmState warm, Population population,
            String applicationId, Path stateDir, int partitions, Map<TopicPartition, Long> readingsEnd,
            Map<TopicPartition, Long> profilesEnd, Duration timeout, long brokerPid, Path jfr, boolean keepState)
            throws Exception {
        Map<String, Object> warmUp = new LinkedHashMap<>();
        warmUp.put("seed", warm.seed(kafka, population, applicationId, partitions));
        kafka.setOffsets(applicationId, readingsEnd);
        try (Detector detector = new Detector(kafka.bootstrap(), applicationId, stateDir, topics)) {
            long t0 = System.nanoTime();
            long deadline = t0 + timeout.toNanos();
            detector.start();
            while (detector.runningAtNanos() == 0) {
                detector.check();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("warm-up of " + applicationId + ": not RUNNING after "
                            + timeout.toSeconds() + " s (restoring the seeded state)");
                }
                Thread.sleep(10);
            }
            warmUp.put("restoreSeconds", Meters.round((detector.runningAtNanos() - t0) / 1e9));
            Map<TopicPartition, Long> all = new HashMap<>(readingsEnd);
            all.putAll(profilesEnd);
            while (!BenchKafka.reached(kafka.committed(applicationId), all)) {
                detector.check();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("warm-up of " + applicationId + ": profiles not committed after "
                            + timeout.toSeconds() + " s");
                }
                Thread.sleep(100);
            }
            warmUp.put("restoreAndProfilesSeconds", Meters.round((System.nanoTime() - t0) / 1e9));
            warmUp.put("readingsProcessed", detector.readingsProcessed());
            long closing = System.nanoTime();
            detector.close();
            warmUp.put("closeSeconds", Meters.round((System.nanoTime() - closing) / 1e9));
        }
        Map<TopicPartition, Long> start = new HashMap<>();
        readingsEnd.keySet().forEach(tp -> start.put(tp, 0L));
        kafka.setOffsets(applicationId, start);
        Thread.sleep(TimeUnit.SECONDS.toMillis(1));
        Map<String, Object> m = Throughput.run(kafka, topics, applicationId, stateDir, readingsEnd, profilesEnd,
                timeout, brokerPid, jfr, keepState);
        m.put("warmUp", warmUp);
        return m;
    }
}
