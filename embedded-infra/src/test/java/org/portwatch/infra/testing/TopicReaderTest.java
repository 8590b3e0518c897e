package org.portwatch.infra.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** On the shared broker, each test on a topic of its own with two partitions. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TopicReaderTest {

    private static String bootstrap() {
        return SharedInfra.kafka().bootstrapServers();
    }

    @Test
    void shouldReadEveryCommittedRecordInOffsetOrderAndStopAtTheEndEvenWithATransactionOpen() throws Exception {
        String topic = newTopic();
        try (KafkaProducer<String, String> plain = producer(null);
                KafkaProducer<String, String> committed = producer("committed-" + topic);
                KafkaProducer<String, String> aborted = producer("aborted-" + topic);
                KafkaProducer<String, String> open = producer("open-" + topic)) {
            plain.send(new ProducerRecord<>(topic, 0, "a", "1")).get();
            plain.send(new ProducerRecord<>(topic, 1, "b", "1")).get();
            plain.send(new ProducerRecord<>(topic, 0, "a", "2")).get();
            committed.beginTransaction();
            committed.send(new ProducerRecord<>(topic, 1, "b", "2"));
            committed.commitTransaction();
            aborted.beginTransaction();
            aborted.send(new ProducerRecord<>(topic, 0, "a", "aborted")).get(); // on the log, then aborted
            aborted.abortTransaction();
            open.beginTransaction();
            open.send(new ProducerRecord<>(topic, 1, "b", "open")).get();

            // read_committed stops at the last stable offset: before the open transaction, without waiting for it.
            assertEquals(Map.of(0, List.of("a=1", "a=2"), 1, List.of("b=1", "b=2")), byPartition(
                    TopicReader.readToEnd(bootstrap(), topic, new StringDeserializer(), new StringDeserializer())));
            assertEquals(Map.of(0, List.of("a=1", "a=2", "a=aborted"), 1, List.of("b=1", "b=2", "b=open")),
                    byPartition(TopicReader.readToEnd(bootstrap(), topic, IsolationLevel.READ_UNCOMMITTED,
                            new StringDeserializer(), new StringDeserializer())));

            open.commitTransaction();
            assertEquals(List.of("b=1", "b=2", "b=open"), byPartition(TopicReader.readToEnd(bootstrap(), topic,
                    new StringDeserializer(), new StringDeserializer())).get(1));
        }
    }

    @Test
    void shouldReadAnEmptyTopicAsEmpty() throws Exception {
        assertEquals(List.of(), TopicReader.readToEnd(bootstrap(), newTopic(), new StringDeserializer(),
                new StringDeserializer()));
    }

    private static Map<Integer, List<String>> byPartition(List<ConsumerRecord<String, String>> records) {
        return records.stream().collect(java.util.stream.Collectors.groupingBy(ConsumerRecord::partition,
                java.util.stream.Collectors.mapping(r -> r.key() + "=" + r.value(),
                        java.util.stream.Collectors.toList())));
    }

    private static String newTopic() throws Exception {
        String topic = "topic-reader-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return topic;
    }

    private static KafkaProducer<String, String> producer(String transactionalId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        if (transactionalId != null) {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        if (transactionalId != null) {
            producer.initTransactions();
        }
        return producer;
    }
}
