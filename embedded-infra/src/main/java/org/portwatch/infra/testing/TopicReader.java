package org.portwatch.infra.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * What a topic holds at the moment of the call, for tests: every record from the beginning of each partition up to
 * the end offsets read first, by a consumer of its own (assigned partitions, no group, nothing committed); each
 * partition's records in offset order. Records written after the call are not waited for, so a test that expects more polls this with
 * Awaitility.
 *
 * <p>Why the isolation matters: under {@code read_committed} (the services' consumers, and the default here) the end
 * offsets are the last stable offsets, so the read skips aborted transactions and ends even while a transaction is
 * still open; under {@code read_uncommitted} it returns what the log holds, aborted records included.
 */
public final class TopicReader {

    /** A broker that does not answer fails the test with a reason instead of hanging it. */
    public static final Duration AT_MOST = Duration.ofSeconds(60);
    /** Shared topics hold thousands of records by the end of a suite: few polls to read them. */
    private static final int MAX_POLL_RECORDS = 5_000;

    private TopicReader() {
    }

    /** Every committed record of {@code topic} now, as a {@code read_committed} consumer sees it. */
    public static <K, V> List<ConsumerRecord<K, V>> readToEnd(String bootstrap, String topic, Deserializer<K> keys,
                                                             Deserializer<V> values) {
        return readToEnd(bootstrap, topic, IsolationLevel.READ_COMMITTED, keys, values);
    }

    /** Every record of {@code topic} now, as a consumer with this isolation sees it; the deserializers are closed. */
    public static <K, V> List<ConsumerRecord<K, V>> readToEnd(String bootstrap, String topic, IsolationLevel isolation,
                                                             Deserializer<K> keys, Deserializer<V> values) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props, keys, values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, AT_MOST).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, AT_MOST);
            long deadline = System.nanoTime() + AT_MOST.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, AT_MOST) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to " + end + " within " + AT_MOST);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
