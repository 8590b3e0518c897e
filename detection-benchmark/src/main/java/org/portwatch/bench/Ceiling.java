package org.portwatch.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.portwatch.model.VitalReading;
import org.portwatch.model.serde.VitalReadingSerde;

/**
 * The ceiling: one plain consumer on this thread reads the whole readings topic and deserializes every
 * value into a {@link VitalReading}, as the detector must before anything else, and does nothing more. Same
 * isolation level and batch size as the Streams consumer under exactly_once_v2.
 */
final class Ceiling {

    private Ceiling() {
    }

    static Map<String, Object> run(String bootstrap, String topic, int partitions, Map<TopicPartition, Long> end,
            String clientId, Duration timeout, long brokerPid) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<TopicPartition> assigned = BenchKafka.partitions(topic, partitions);
        long expected = end.values().stream().mapToLong(Long::longValue).sum();
        long count = 0;
        double checksum = 0;
        boolean complete = false;
        CpuSnapshot before;
        CpuSnapshot after;
        long threadBefore;
        long threadAfter;
        try (KafkaConsumer<String, VitalReading> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new VitalReadingSerde.Deserializer())) {
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            before = CpuSnapshot.take(brokerPid);
            threadBefore = CpuSnapshot.currentThreadCpuNanos();
            long deadline = before.wallNanos + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerRecords<String, VitalReading> records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<String, VitalReading> r : records) {
                    count++;
                    checksum += r.value().value(); // use the value, so nothing is optimised away
                }
                if (count >= expected && assigned.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp))) {
                    complete = true;
                    break;
                }
            }
            threadAfter = CpuSnapshot.currentThreadCpuNanos();
            after = CpuSnapshot.take(brokerPid);
        }
        CpuSnapshot.Delta d = before.to(after);
        double threadSeconds = (threadAfter - threadBefore) / 1e9;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("complete", complete);
        m.put("readings", count);
        m.put("wallSeconds", Meters.round(d.wallSeconds()));
        m.put("readingsPerSecond", Math.round(count / d.wallSeconds()));
        m.put("consumerThreadCpuSeconds", Meters.round(threadSeconds));
        m.put("readingsPerCpuSecond", Math.round(count / threadSeconds));
        m.put("processCpuSeconds", Meters.round(d.processCpuSeconds()));
        m.put("readingsPerProcessCpuSecond", Math.round(count / d.processCpuSeconds()));
        if (d.otherProcessCpuNanos() >= 0 && brokerPid > 0) {
            m.put("brokerCpuSeconds", Meters.round(d.otherProcessCpuNanos() / 1e9));
        }
        m.put("checksum", Math.round(checksum));
        return m;
    }
}
