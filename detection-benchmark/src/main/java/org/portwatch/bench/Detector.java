package org.portwatch.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.HdrHistogram.Histogram;
import org.portwatch.detection.DetectionMetrics;
import org.portwatch.detection.DetectionTopology;
import org.portwatch.detection.DetectionTopology.DetectionTopics;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;

/**
 * One instance of the detection topology, configured as alert-service runs it (exactly_once_v2, one stream
 * thread, commit every 100 ms, 16 MiB record cache, NO_DATA check every 30 s), with a registry of its own.
 */
final class Detector implements AutoCloseable {

    /** alert-service's kafka-streams.* settings. */
    static final int COMMIT_INTERVAL_MS = 100;
    static final long CACHE_MAX_BYTES = 16L * 1024 * 1024;
    static final Duration NO_DATA_CHECK = Duration.ofSeconds(30);

    final String applicationId;
    final Path stateDir;
    final SimpleMeterRegistry registry = Meters.registry();
    final KafkaStreams streams;
    private final AtomicLong runningAtNanos = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Detector(String bootstrap, String applicationId, Path stateDir, DetectionTopics topics) {
        this.applicationId = applicationId;
        this.stateDir = stateDir;
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        // The client id names the threads: "<id>-StreamThread-1", "kafka-producer-network-thread | <id>-...".
        props.put(StreamsConfig.CLIENT_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, CACHE_MAX_BYTES);
        props.put(StreamsConfig.METRICS_RECORDING_LEVEL_CONFIG, "INFO");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // Static membership, so that close(leaveGroup) removes the member at once and the live phase's restart
        // of the same application does not wait out the old member's session (45 s). Processing is unchanged.
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), applicationId + "-1");
        streams = new KafkaStreams(DetectionTopology.build(new DetectionMetrics(registry), NO_DATA_CHECK, topics),
                props);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                runningAtNanos.compareAndSet(0, System.nanoTime());
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            failure.compareAndSet(null, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    }

    void start() {
        streams.start();
    }

    /** When the instance first reached RUNNING (System.nanoTime), 0 if not yet. */
    long runningAtNanos() {
        return runningAtNanos.get();
    }

    /** Throws if the instance died. */
    void check() {
        Throwable t = failure.get();
        KafkaStreams.State s = streams.state();
        if (t != null || s == KafkaStreams.State.ERROR || s == KafkaStreams.State.PENDING_ERROR
                || s == KafkaStreams.State.NOT_RUNNING) {
            throw new IllegalStateException("detector " + applicationId + " stopped: " + s, t);
        }
    }

    long readingsProcessed() {
        return Meters.readingsProcessed(registry);
    }

    /** Whether a Java thread belongs to this Streams client (stream thread, its producer, consumer, admin). */
    boolean ownsThread(String name) {
        return name.contains(applicationId);
    }

    boolean isStreamThread(String name) {
        return name.startsWith(applicationId + "-StreamThread-");
    }

    /**
     * Every patient's state as it is now, serialized with the store's own serde: the bytes RocksDB holds as
     * the value (the key, the patientId, adds its own length). Read through interactive queries.
     */
    Map<String, Object> stateScan() {
        ReadOnlyKeyValueStore<String, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(
                DetectionTopology.STATE_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
        Histogram values = new Histogram(3);
        long keys = 0;
        long keyBytes = 0;
        long valueBytes = 0;
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> e = all.next();
                int size = e.value.length;
                values.recordValue(size);
                keys++;
                keyBytes += e.key.length();
                valueBytes += size;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("patients", keys);
        m.put("valueBytesMean", keys == 0 ? 0 : Meters.round((double) valueBytes / keys));
        m.put("valueBytesP50", values.getValueAtPercentile(50));
        m.put("valueBytesP99", values.getValueAtPercentile(99));
        m.put("valueBytesMax", values.getMaxValue());
        m.put("keyBytesMean", keys == 0 ? 0 : Meters.round((double) keyBytes / keys));
        m.put("keyPlusValueBytesMean", keys == 0 ? 0 : Meters.round((double) (keyBytes + valueBytes) / keys));
        return m;
    }

    /** RocksDB's own figures for the patient-state store, summed over tasks (Streams metrics, level INFO). */
    Map<String, Object> rocksDbMetrics() {
        Map<String, Double> sums = new LinkedHashMap<>();
        for (String name : new String[] {"estimate-num-keys", "total-sst-files-size", "live-sst-files-size",
                "size-all-mem-tables", "estimate-table-readers-mem", "block-cache-usage"}) {
            sums.put(name, 0.0);
        }
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName n = e.getKey();
            if (!"stream-state-metrics".equals(n.group()) || !sums.containsKey(n.name())
                    || !DetectionTopology.STATE_STORE.equals(n.tags().get("rocksdb-state-id"))) {
                continue;
            }
            Object v = e.getValue().metricValue();
            if (v instanceof Number number) {
                sums.merge(n.name(), number.doubleValue(), Double::sum);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        sums.forEach((k, v) -> m.put(k, Math.round(v)));
        return m;
    }

    /**
     * The stream thread's own timings (Streams metrics, level INFO): how long a punctuation (the NO_DATA scan
     * over every profile), a commit and a poll took, on average and at most, and how many there were.
     */
    Map<String, Object> threadMetrics() {
        Map<String, Object> m = new java.util.TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName n = e.getKey();
            if (!"stream-thread-metrics".equals(n.group())) {
                continue;
            }
            String name = n.name();
            if (name.matches("(punctuate|commit|poll|process)-(latency-avg|latency-max|total)")) {
                Object v = e.getValue().metricValue();
                if (v instanceof Number number && !Double.isNaN(number.doubleValue())) {
                    m.put(name.endsWith("total") ? name : name + "-ms", Meters.round(number.doubleValue()));
                }
            }
        }
        return m;
    }

    /** What this instance's producer wrote to one topic: records and bytes (record batches as sent). */
    Map<String, Object> producedTo(String topic) {
        double records = 0;
        double bytes = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName n = e.getKey();
            if (!"producer-topic-metrics".equals(n.group()) || !topic.equals(n.tags().get("topic"))) {
                continue;
            }
            Object v = e.getValue().metricValue();
            if (!(v instanceof Number number)) {
                continue;
            }
            if (n.name().equals("record-send-total")) {
                records += number.doubleValue();
            } else if (n.name().equals("byte-total")) {
                bytes += number.doubleValue();
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("records", Math.round(records));
        m.put("bytes", Math.round(bytes));
        return m;
    }

    @Override
    public void close() {
        streams.close(new KafkaStreams.CloseOptions().timeout(Duration.ofSeconds(60)).leaveGroup(true));
    }
}
