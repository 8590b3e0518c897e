package org.portwatch.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

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

/**
 * One broker for the whole class: starting it is the expensive part, and each test uses its
 * own keys or read-only admin calls.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class EmbeddedKafkaTest {

    private static EmbeddedKafka kafka;
    private static long startMillis;

    @BeforeAll
    static void startBroker() {
        long t0 = System.nanoTime();
        kafka = EmbeddedKafka.start();
        startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.printf("EmbeddedKafka started in %d ms at %s%n", startMillis, kafka.bootstrapServers());
    }

    @AfterAll
    static void closeBroker() {
        if (kafka != null) {
            kafka.close();
            kafka.close(); // idempotent
        }
    }

    @Test
    void createsEveryTopicWithItsPartitionsAndConfigs() throws Exception {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Set<String> expected = Topics.ALL.stream().map(Topics.TopicSpec::name).collect(Collectors.toSet());
            Map<String, TopicDescription> topics = admin.describeTopics(expected).allTopicNames().get();
            List<ConfigResource> resources = expected.stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
            for (Topics.TopicSpec spec : Topics.ALL) {
                TopicDescription description = topics.get(spec.name());
                assertEquals(spec.partitions(), description.partitions().size(), spec.name());
                description.partitions().forEach(p -> assertEquals(1, p.replicas().size()));
                Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
                spec.configs().forEach((key, value) ->
                        assertEquals(value, config.get(key).value(), spec.name() + " " + key));
            }
        }
    }

    @Test
    void doesNotAutoCreateTopics() {
        try (KafkaProducer<String, String> producer = producer(Duration.ofSeconds(3))) {
            ExecutionException failure = assertThrows(ExecutionException.class, () -> producer
                    .send(new ProducerRecord<>("no.such.topic", "k", "v")).get(10, TimeUnit.SECONDS));
            assertTrue(failure.getCause() instanceof org.apache.kafka.common.errors.TimeoutException
                    || failure.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException,
                    failure.getCause().toString());
        }
    }

    @Test
    void survivesABrokerRestartOnTheSameAddress() throws Exception {
        String topic = Topics.VITALS_READINGS;
        String bootstrap = kafka.bootstrapServers();
        List<String> acknowledged = new ArrayList<>();
        // The same producer instance lives through the outage, as the ingest service's does.
        try (KafkaProducer<String, String> producer = producer(Duration.ofSeconds(3))) {
            for (int i = 0; i < 5; i++) {
                String value = "before-" + i;
                producer.send(new ProducerRecord<>(topic, "patient-restart", value)).get(10, TimeUnit.SECONDS);
                acknowledged.add(value);
            }

            long stop0 = System.nanoTime();
            kafka.stopBroker();
            System.out.printf("stopBroker took %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stop0));

            ExecutionException failure = assertThrows(ExecutionException.class, () -> producer
                    .send(new ProducerRecord<>(topic, "patient-restart", "during-outage")).get(15, TimeUnit.SECONDS));
            assertTrue(failure.getCause() instanceof org.apache.kafka.common.errors.TimeoutException,
                    "expected a delivery timeout, got " + failure.getCause());

            long restart0 = System.nanoTime();
            kafka.restartBroker();
            System.out.printf("restartBroker took %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restart0));
            assertEquals(bootstrap, kafka.bootstrapServers());

            for (int i = 0; i < 5; i++) {
                String value = "after-" + i;
                producer.send(new ProducerRecord<>(topic, "patient-restart", value)).get(20, TimeUnit.SECONDS);
                acknowledged.add(value);
            }
        }

        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "restart-check");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<String> read = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key().equals("patient-restart")) {
                        read.add(record.value());
                    }
                }
                return read.size() >= acknowledged.size();
            });
            assertEquals(acknowledged, read, "every acknowledged record, in order, nothing else");
        }
    }

    private static KafkaProducer<String, String> producer(Duration deliveryTimeout) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(deliveryTimeout.toMillis()));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(deliveryTimeout.toMillis()));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(deliveryTimeout.toMillis()));
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
}
