package org.portwatch.alert.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.kafka.Admins;
import org.portwatch.alert.kafka.ConsumerBacklog;
import org.portwatch.infra.testing.SharedInfra;

/**
 * The backlog {@code PortwatchAlertsConsumerLagHigh} reads, on the real broker: counted from the group's committed
 * offsets (not from where its consumer has fetched to), as a read_committed consumer sees the topic.
 */
class AlertsBacklogTest {

    private static final String TOPIC = "backlog-" + UUID.randomUUID();
    private static final String GROUP = "backlog-group-" + UUID.randomUUID();
    private static Admin admin;

    @BeforeAll
    static void topic() throws Exception {
        admin = Admins.create(Map.of("bootstrap.servers", SharedInfra.kafka().bootstrapServers()), "backlog-test");
        admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
        // A new topic's partitions take a moment to be known to every broker's metadata.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> backlog() == 0);
    }

    @AfterAll
    static void close() {
        admin.close();
    }

    private static long backlog() {
        return ConsumerBacklog.measure(admin, TOPIC, GROUP).toCompletableFuture().join();
    }

    private static void send(KafkaProducer<String, String> producer, int partition, int events) {
        for (int i = 0; i < events; i++) {
            producer.send(new ProducerRecord<>(TOPIC, partition, "patient", "event-" + i));
        }
        producer.flush();
    }

    @Test
    void shouldCountFromTheCommittedOffsetsAndOnlyWhatAReadCommittedConsumerCanSee() throws Exception {
        try (KafkaProducer<String, String> plain = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.kafka().bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            send(plain, 0, 30);
            send(plain, 1, 20);
        }
        assertThat(backlog()).as("a group that never committed starts at the beginning").isEqualTo(50);

        admin.alterConsumerGroupOffsets(GROUP, Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(10),
                new TopicPartition(TOPIC, 1), new OffsetAndMetadata(20))).all().get();
        assertThat(backlog()).as("committed past 10 of 30 and 20 of 20").isEqualTo(20);

        try (KafkaProducer<String, String> transactional = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.kafka().bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "backlog-" + UUID.randomUUID()),
                new StringSerializer(), new StringSerializer())) {
            transactional.initTransactions();
            transactional.beginTransaction();
            send(transactional, 0, 40);
            assertThat(backlog()).as("events of an open transaction are not there yet for the consumer")
                    .isEqualTo(20);
            transactional.commitTransaction();
        }
        // The 40 events and the transaction's commit marker, which takes an offset of its own; the coordinator writes
        // the markers just after the commit returns.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(backlog()).as("once committed").isEqualTo(20 + 40 + 1));
    }
}
