package org.portwatch.ingest.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.portwatch.infra.testing.SharedInfra;
import org.portwatch.model.Topics;
import org.portwatch.model.VitalReading;
import org.portwatch.model.serde.VitalReadingSerde;

/**
 * Reads {@code vitals.readings} back from the real broker, from the beginning, the way a downstream
 * consumer would (read_committed, our own deserializer).
 */
public final class ReadingsTopic implements AutoCloseable {

    private final KafkaConsumer<String, VitalReading> consumer;
    private final List<ConsumerRecord<String, VitalReading>> seen = new ArrayList<>();

    public ReadingsTopic() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.kafka().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "ingest-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The budget tests put thousands of readings on the shared topic; catch up on them in few polls.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new VitalReadingSerde.Deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.VITALS_READINGS, Duration.ofSeconds(10)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls once more and returns every record seen so far for this patient. */
    public List<ConsumerRecord<String, VitalReading>> recordsOf(String patientId) {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        return seen.stream().filter(r -> patientId.equals(r.key())).toList();
    }

    /** Every record on the topic up to its end offsets as of this call (bounded: 30 s). */
    public List<ConsumerRecord<String, VitalReading>> upToTheEnd() {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(10));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("did not reach the end of " + Topics.VITALS_READINGS + " in 30 s");
            }
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
