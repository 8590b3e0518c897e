package org.portwatch.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.portwatch.infra.EmbeddedKafka;
import org.portwatch.model.Topics;
import org.portwatch.service.kafka.AckedBatchSender.Refused;

/**
 * On a real in-process broker: a batch completes only once every record is on the topic, and the bounds hold — over
 * the in-flight limit or past the send window a batch is refused with nothing handed over, with the broker down it
 * fails within the timeout, and a refused batch never reaches the topic. The outage test stops the broker, so it
 * runs last.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AckedBatchSenderTest {

    private static final String TOPIC = Topics.VITALS_READINGS;

    private static EmbeddedKafka kafka;
    private static Producer<String, String> producer;
    private final List<Refused.Reason> refusals = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // The producer's verdict on a record handed over (blocked on metadata, or waiting for a broker) comes after
        // the sender's 1.5 s timeout in the outage test, so the batch is still waiting when the next one is refused;
        // yet soon enough to see the permits return.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3000);
        producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void stopBroker() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private AckedBatchSender<String, String, String> sender(int maxInFlight, Duration sendWindow, Duration timeout) {
        // One thread: records of a batch, and batches, keep their order.
        return new AckedBatchSender<>("acked-batch-sender-test", 1, producer,
                key -> new ProducerRecord<>(TOPIC, key, "value of " + key),
                new AckedBatchSender.Limits(maxInFlight, sendWindow, timeout), refusals::add);
    }

    private static List<String> keys(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
    }

    private static Throwable failureOf(CompletableFuture<Void> sent) throws Exception {
        try {
            sent.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the batch completed");
    }

    /** The keys of every record on the topic starting with {@code prefix}, in partition order. */
    private static List<String> onTopic(String prefix) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(info -> new TopicPartition(TOPIC, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> keys = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key().startsWith(prefix)) {
                        keys.add(record.key());
                    }
                }
            }
            return keys;
        }
    }

    @Test
    @Order(1)
    void shouldCompleteOnlyOnceTheBrokerAcknowledgedEveryRecord() {
        // A wide window: the producer's first send also fetches metadata and its idempotent producer id.
        AckedBatchSender<String, String, String> sender = sender(100, Duration.ofSeconds(8), Duration.ofSeconds(10));
        String prefix = "acked-" + UUID.randomUUID();
        List<String> batch = keys(prefix, 50);

        sender.send(batch).await().atMost(Duration.ofSeconds(15));

        // Completed means on the broker: a read_committed consumer reading to the end finds every record.
        assertThat(onTopic(prefix)).containsExactlyInAnyOrderElementsOf(batch);
        assertThat(sender.inFlight()).isZero();
        assertThat(refusals).isEmpty();
        sender.close(Duration.ofSeconds(1));
    }

    @Test
    @Order(2)
    void shouldRefuseABatchWhoseSendWindowPassedBeforeItsFirstRecordAndNeverSendIt() throws Exception {
        AckedBatchSender<String, String, String> sender = sender(100, Duration.ZERO, Duration.ofSeconds(10));
        String prefix = "expired-" + UUID.randomUUID();

        Throwable failure = failureOf(sender.send(keys(prefix, 5)).subscribeAsCompletionStage());

        assertThat(failure).isInstanceOfSatisfying(Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo(Refused.Reason.EXPIRED));
        assertThat(refusals).containsExactly(Refused.Reason.EXPIRED);
        assertThat(sender.inFlight()).isZero();
        producer.flush();
        assertThat(onTopic(prefix)).isEmpty();
        sender.close(Duration.ofSeconds(1));
    }

    @Test
    @Order(3)
    void shouldRefuseNewBatchesOnceClosedAndCompleteAnEmptyOneAtOnce() throws Exception {
        AckedBatchSender<String, String, String> sender = sender(100, Duration.ofSeconds(1), Duration.ofSeconds(10));
        sender.send(List.of()).await().atMost(Duration.ofSeconds(1));
        sender.close(Duration.ofSeconds(1));

        Throwable failure = failureOf(sender.send(keys("closed", 1)).subscribeAsCompletionStage());

        assertThat(failure).isInstanceOfSatisfying(Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo(Refused.Reason.SHUTTING_DOWN));
        assertThat(refusals).containsExactly(Refused.Reason.SHUTTING_DOWN);
    }

    @Test
    @Order(4)
    void shouldShedBeyondTheInFlightLimitAndFailWithinTheTimeoutWhileTheBrokerIsDown() throws Exception {
        AckedBatchSender<String, String, String> sender = sender(10, Duration.ofSeconds(1), Duration.ofMillis(1500));
        // Metadata known, so with the broker gone records wait in the producer rather than blocking send.
        sender.send(keys("warm-" + UUID.randomUUID(), 1)).await().atMost(Duration.ofSeconds(15));
        kafka.stopBroker();
        try {
            String waiting = "waiting-" + UUID.randomUUID();
            String shed = "shed-" + UUID.randomUUID();
            long started = System.nanoTime();
            CompletableFuture<Void> first = sender.send(keys(waiting, 8)).subscribeAsCompletionStage();
            await().atMost(Duration.ofSeconds(5)).until(() -> sender.inFlight() == 8);

            // 8 + 5 > 10: refused at once, while the first batch still waits.
            Throwable refused = failureOf(sender.send(keys(shed, 5)).subscribeAsCompletionStage());
            assertThat(refused).isInstanceOfSatisfying(Refused.class,
                    r -> assertThat(r.reason()).isEqualTo(Refused.Reason.IN_FLIGHT_LIMIT));
            assertThat(first).isNotDone();
            assertThat(refusals).containsExactly(Refused.Reason.IN_FLIGHT_LIMIT);

            // The first fails by the sender's own timeout: the caller hears within its bound, never hangs.
            Throwable timedOut = failureOf(first);
            assertThat(AckedBatchSender.isTimeout(timedOut)).as(timedOut.toString()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            // The producer gives its own verdict on what it holds within its delivery timeout: permits come back.
            await().atMost(Duration.ofSeconds(10)).until(() -> sender.inFlight() == 0);
        } finally {
            kafka.restartBroker();
        }
        // What was refused was never handed to the producer, so it cannot turn up once the broker is back.
        producer.flush();
        assertThat(onTopic("shed-")).isEmpty();
        sender.close(Duration.ofSeconds(1));
    }
}
