package org.portwatch.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;
import org.HdrHistogram.Histogram;
import org.portwatch.bench.Population.Patient;
import org.portwatch.detection.DetectionTopology;
import org.portwatch.detection.PatientStateSerde;
import org.portwatch.detection.rules.PatientDetector;
import org.portwatch.detection.rules.PatientState;
import org.portwatch.model.Thresholds;
import org.portwatch.model.VitalReading;

/**
 * The state a detector holds after it has watched every patient for {@code historyMinutes}: each patient's
 * readings of schedule minutes {@code [0, historyMinutes)} (the same readings {@link ReplayStream} would put on
 * the topic) run through the detector's own {@link PatientDetector#onReading} with detectedAt = receivedAt, as
 * the processor does live, and stored as the bytes of the store's own {@link PatientStateSerde}.
 *
 * <p>Replaying 3 hours of 100,000 patients through Kafka (21.6 M readings, ~7 GB of topic) would take most of a
 * run on this machine, and every repeat needs its own fresh state; so the history is computed once here and
 * written, per detector instance, into that instance's state changelog before it starts, which it then restores
 * exactly as after a restart. The NO_DATA index is seeded alongside, as a detector that has run for hours holds
 * it: every patient filed once, due times spread over one silence period (the lazy re-filing of
 * {@code NoDataIndex} keeps them spread), so a punctuation finds about 1/60 of the patients due every 30 s.
 */
final class WarmState {

    /** The bytes of every patient's state (index = patient index). */
    final byte[][] values;
    /** Each patient's NO_DATA due time, as filed in the seeded index and in the state. */
    final long[] noDataDue;
    final Map<String, Object> stats = new LinkedHashMap<>();

    private WarmState(int patients) {
        values = new byte[patients][];
        noDataDue = new long[patients];
    }

    /**
     * @param scheduleStartMs when schedule minute 0 begins
     * @param dueFromMs       the earliest NO_DATA due time; due times are spread over one silence period from it
     */
    static WarmState compute(Population population, long scheduleStartMs, int historyMinutes, long dueFromMs,
            int threads, int roundTripCheckPatients) throws Exception {
        long start = System.nanoTime();
        WarmState warm = new WarmState(population.size());
        Thresholds t = Thresholds.DEFAULTS;
        long silenceMs = TimeUnit.MINUTES.toMillis(t.noDataMinutes());
        AtomicLong readings = new AtomicLong();
        AtomicReference<Exception> error = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread th = new Thread(r, "bench-warm-state");
            th.setDaemon(true);
            return th;
        });
        try {
            Future<?>[] parts = new Future<?>[threads];
            for (int k = 0; k < threads; k++) {
                int part = k;
                parts[k] = pool.submit(() -> {
                    Serializer<PatientState> serializer = new PatientStateSerde().serializer();
                    long n = 0;
                    for (int i = part; i < population.size(); i += threads) {
                        Patient p = population.patient(i);
                        PatientState state = new PatientState();
                        n += history(population.seed(), p, scheduleStartMs, historyMinutes, r -> {
                            PatientDetector.onReading(state, r, t, r.receivedAt());
                            return state;
                        });
                        long due = dueFromMs + (long) (Population.unit(population.seed(), i, 40) * silenceMs);
                        state.noDataDue(due);
                        warm.noDataDue[i] = due;
                        warm.values[i] = serializer.serialize(DetectionTopology.STATE_STORE, state);
                    }
                    readings.addAndGet(n);
                    return null;
                });
            }
            for (Future<?> f : parts) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        if (error.get() != null) {
            throw error.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Histogram sizes = new Histogram(3);
        long total = 0;
        for (byte[] v : warm.values) {
            sizes.recordValue(v.length);
            total += v.length;
        }
        warm.stats.put("patients", population.size());
        warm.stats.put("historyMinutes", historyMinutes);
        warm.stats.put("readingsComputed", readings.get());
        warm.stats.put("seconds", Meters.round(seconds));
        warm.stats.put("threads", threads);
        warm.stats.put("valueBytesMean", Meters.round((double) total / Math.max(1, population.size())));
        warm.stats.put("valueBytesP99", sizes.getValueAtPercentile(99));
        warm.stats.put("valueBytesMax", sizes.getMaxValue());
        warm.stats.put("noDataDueFrom", java.time.Instant.ofEpochMilli(dueFromMs).toString());
        warm.stats.put("roundTripCheck", roundTripCheck(population, scheduleStartMs, historyMinutes, warm,
                roundTripCheckPatients));
        return warm;
    }

    /**
     * The state above keeps the object between readings; the processor reads it back from the store's bytes
     * for nearly every reading (100,000 patients interleaved). For a few patients, do it the processor's way
     * (deserialize, rules, serialize, per reading) and compare the final bytes: they must be identical.
     */
    private static Map<String, Object> roundTripCheck(Population population, long scheduleStartMs,
            int historyMinutes, WarmState warm, int patients) {
        Serializer<PatientState> serializer = new PatientStateSerde().serializer();
        Deserializer<PatientState> deserializer = new PatientStateSerde().deserializer();
        int checked = 0;
        int mismatches = 0;
        for (int i = 0; i < Math.min(patients, population.size()); i++) {
            Patient p = population.patient(i);
            byte[][] stored = new byte[1][];
            history(population.seed(), p, scheduleStartMs, historyMinutes, r -> {
                PatientState state = stored[0] == null ? new PatientState()
                        : deserializer.deserialize(DetectionTopology.STATE_STORE, stored[0]);
                PatientDetector.onReading(state, r, Thresholds.DEFAULTS, r.receivedAt());
                stored[0] = serializer.serialize(DetectionTopology.STATE_STORE, state);
                return state;
            });
            PatientState last = deserializer.deserialize(DetectionTopology.STATE_STORE, stored[0]);
            last.noDataDue(warm.noDataDue[i]);
            checked++;
            if (!Arrays.equals(serializer.serialize(DetectionTopology.STATE_STORE, last), warm.values[i])) {
                mismatches++;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("patients", checked);
        m.put("mismatches", mismatches);
        return m;
    }

    /** Feeds one patient's readings of minutes [0, minutes) in measurement order; returns how many. */
    static long history(long seed, Patient p, long scheduleStartMs, int minutes,
            java.util.function.Function<VitalReading, PatientState> onReading) {
        long n = 0;
        boolean temperatureFirst = ReplayStream.temperatureSecond(p) < p.phaseSeconds();
        for (int minute = 0; minute < minutes; minute++) {
            boolean temperature = minute % 5 == p.temperatureSlot();
            if (temperature && temperatureFirst) {
                onReading.apply(ReplayStream.reading(seed, p, minute, true, scheduleStartMs));
                n++;
            }
            onReading.apply(ReplayStream.reading(seed, p, minute, false, scheduleStartMs));
            n++;
            if (temperature && !temperatureFirst) {
                onReading.apply(ReplayStream.reading(seed, p, minute, true, scheduleStartMs));
                n++;
            }
        }
        return n;
    }

    /** The partition a patient's records go to: the producer's default for a String key. */
    static int partition(String patientId, int partitions) {
        return Utils.toPositive(Utils.murmur2(patientId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    static String changelog(String applicationId, String store) {
        return applicationId + "-" + store + "-changelog";
    }

    /**
     * Writes this state into a detector instance's changelogs (patient state and NO_DATA index), created here
     * as Streams would (compacted, co-partitioned), before that instance first starts: it restores them.
     */
    Map<String, Object> seed(BenchKafka kafka, Population population, String applicationId, int partitions)
            throws Exception {
        long start = System.nanoTime();
        String stateTopic = changelog(applicationId, DetectionTopology.STATE_STORE);
        String indexTopic = changelog(applicationId, DetectionTopology.NO_DATA_STORE);
        kafka.createCompacted(stateTopic, partitions);
        kafka.createCompacted(indexTopic, partitions);
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        long bytes = 0;
        byte[] present = new byte[0];
        // Not idempotent: every key is written once, so a retried batch is harmless, and a new topic's first
        // NOT_LEADER answer cannot wedge the producer's sequence numbers (seen: OUT_OF_ORDER_SEQUENCE_NUMBER).
        Map<String, Object> config = new java.util.HashMap<>(Loader.producerConfig(kafka.bootstrap(),
                "bench-seed-" + applicationId));
        config.put(org.apache.kafka.clients.producer.ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < population.size(); i++) {
                String id = population.patient(i).patientId();
                byte[] key = id.getBytes(StandardCharsets.UTF_8);
                int partition = partition(id, partitions);
                producer.send(new ProducerRecord<>(stateTopic, partition, key, values[i]), (md, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                        firstError.compareAndSet(null, e);
                    }
                });
                byte[] indexKey = ByteBuffer.allocate(8 + key.length).putLong(noDataDue[i]).put(key).array();
                producer.send(new ProducerRecord<>(indexTopic, partition, indexKey, present), (md, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                        firstError.compareAndSet(null, e);
                    }
                });
                bytes += key.length + values[i].length;
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " seed records were not written", firstError.get());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stateRecords", population.size());
        m.put("stateBytes", bytes);
        m.put("seconds", Meters.round((System.nanoTime() - start) / 1e9));
        return m;
    }

    static NewTopic compacted(String name, int partitions) {
        return new NewTopic(name, partitions, (short) 1).configs(Map.of("cleanup.policy", "compact"));
    }
}
