package org.portwatch.infra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.portwatch.model.Topics;

/** Three brokers for the whole class: the tests kill and restart brokers but leave all three running. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EmbeddedKafkaClusterTest {

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startCluster() {
        long t0 = System.nanoTime();
        kafka = EmbeddedKafka.startCluster(3);
        System.out.printf("3-broker cluster started in %d ms at %s%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), kafka.bootstrapServers());
    }

    @AfterAll
    static void closeCluster() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldReplicateEveryTopicThreeTimesWithTwoInSync() throws Exception {
        assertEquals(3, kafka.bootstrapServers().split(",").length);
        assertEquals(3, kafka.brokerIds().length);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            for (Topics.TopicSpec spec : Topics.ALL) {
                TopicDescription d = admin.describeTopics(List.of(spec.name())).allTopicNames().get().get(spec.name());
                d.partitions().forEach(p -> assertEquals(3, p.replicas().size(), spec.name()));
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
                Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
                assertEquals("2", config.get("min.insync.replicas").value(), spec.name());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> EmbeddedKafka.startCluster(2));
    }

    @Test
    void shouldKeepAcknowledgedRecordsWhenTheLeaderIsKilledAndWhenAllBrokersRestart() throws Exception {
        String topic = Topics.VITALS_READINGS;
        List<String> acknowledged = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer()) {
            send(producer, "before", acknowledged);

            int leader = kafka.leaderOf(topic, 0);
            assertNotEquals(-1, leader);
            kafka.stopBroker(leader);
            // acks=all with two of three replicas left: the producer only sees a leader change.
            send(producer, "leader-down", acknowledged);
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> kafka.leaderOf(topic, 0) != leader && kafka.leaderOf(topic, 0) != -1);
            kafka.restartBroker(leader);

            String bootstrap = kafka.bootstrapServers();
            kafka.stopBroker();
            kafka.restartBroker();
            assertEquals(bootstrap, kafka.bootstrapServers());
            send(producer, "after-full-restart", acknowledged);
        }
        assertArrayEquals(acknowledged.toArray(), readAll(topic, acknowledged.size()).toArray());
    }

    private static void send(KafkaProducer<String, String> producer, String phase, List<String> acknowledged)
            throws Exception {
        for (int i = 0; i < 5; i++) {
            String value = phase + "-" + i;
            // Key that hashes to partition 0 is not needed: the record names its partition.
            producer.send(new ProducerRecord<>(Topics.VITALS_READINGS, 0, "patient-cluster", value))
                    .get(60, TimeUnit.SECONDS);
            acknowledged.add(value);
        }
    }

    private static List<String> readAll(String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "cluster-check");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key().equals("patient-cluster")) {
                        read.add(record.value());
                    }
                }
                return read.size() >= expected;
            });
        }
        return read;
    }

    private static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
}
