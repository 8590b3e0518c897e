package org.portwatch.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.serde.AlertEventSerde;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.portwatch.detection.DetectionTopology.DetectionTopics;

/** The Admin side of the benchmark: topics, end offsets, a group's committed offsets, bytes on disk. */
final class BenchKafka implements AutoCloseable {

    private final String bootstrap;
    private final Admin admin;

    BenchKafka(String bootstrap) {
        this.bootstrap = bootstrap;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG, "detection-benchmark-admin",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    String bootstrap() {
        return bootstrap;
    }

    /**
     * Readings, profiles, alerts and check-ins with {@code partitions} partitions each (co-partitioned), the DLQ with
     * one. The benchmark sends no check-in, but the detector's topology reads the topic.
     */
    void createTopics(DetectionTopics topics, int partitions) throws Exception {
        create(List.of(
                new NewTopic(topics.readings(), partitions, (short) 1).configs(Map.of("retention.ms", "-1")),
                new NewTopic(topics.profiles(), partitions, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                new NewTopic(topics.alerts(), partitions, (short) 1).configs(Map.of("retention.ms", "-1")),
                new NewTopic(topics.symptoms(), partitions, (short) 1),
                new NewTopic(topics.deadLetters(), 1, (short) 1)));
    }

    /** Creates topics and waits until every partition has a leader (producing sooner can fail its first batch). */
    private void create(List<NewTopic> newTopics) throws Exception {
        admin.createTopics(newTopics).all().get(60, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Set<String> names = newTopics.stream().map(NewTopic::name).collect(Collectors.toSet());
        while (true) {
            try {
                boolean led = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                        .flatMap(d -> d.partitions().stream())
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                if (led) {
                    return;
                }
            } catch (java.util.concurrent.ExecutionException e) {
                // metadata not there yet (UNKNOWN_TOPIC_OR_PARTITION right after creation): ask again
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("benchmark topics have no leader after 60 s");
            }
            Thread.sleep(50);
        }
    }

    /** A compacted topic (a changelog the benchmark seeds before the instance that owns it starts). */
    void createCompacted(String name, int partitions) throws Exception {
        create(List.of(WarmState.compacted(name, partitions)));
    }

    /**
     * Sets a consumer group's committed offsets (the group must have no members: retried for up to 60 s while
     * a closed instance's membership goes away).
     */
    void setOffsets(String groupId, Map<TopicPartition, Long> offsets) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> request = new HashMap<>();
        offsets.forEach((tp, o) -> request.put(tp, new OffsetAndMetadata(o)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                admin.alterConsumerGroupOffsets(groupId, request).all().get(30, TimeUnit.SECONDS);
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not set the offsets of " + groupId, e.getCause());
                }
                Thread.sleep(500);
            }
        }
    }

    /**
     * A read_committed consumer of alert events, assigned to {@code partitions} from the given offsets, that
     * fetches with a short wait: the phases time when an alert becomes visible to the care team.
     */
    static KafkaConsumer<String, AlertEvent> alertWatcher(String bootstrap, String clientId,
            List<TopicPartition> partitions, Map<TopicPartition, Long> from) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, AlertEvent> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new AlertEventSerde.Deserializer());
        consumer.assign(partitions);
        from.forEach(consumer::seek);
        return consumer;
    }

    static List<TopicPartition> partitions(String topic, int count) {
        List<TopicPartition> list = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            list.add(new TopicPartition(topic, p));
        }
        return list;
    }

    /** Latest offsets (the high watermark: nothing here is transactional but the alerts). */
    Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
                admin.listOffsets(request).all().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> end = new HashMap<>();
        result.forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }

    /** The group's committed offsets (under exactly_once_v2: those of committed transactions). */
    Map<TopicPartition, Long> committed(String groupId) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, Long> committed = new HashMap<>();
        offsets.forEach((tp, om) -> {
            if (om != null) {
                committed.put(tp, om.offset());
            }
        });
        return committed;
    }

    /** Whether every partition's committed offset has reached its end offset. */
    static boolean reached(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> e.getValue() == 0
                || committed.getOrDefault(e.getKey(), -1L) >= e.getValue());
    }

    /** How many records of {@code end} are committed. */
    static long committedCount(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> start,
            Map<TopicPartition, Long> end) {
        long n = 0;
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            long from = start == null ? 0 : start.getOrDefault(e.getKey(), 0L);
            n += Math.max(0, Math.min(e.getValue(), committed.getOrDefault(e.getKey(), from)) - from);
        }
        return n;
    }

    /** Bytes on the broker's disks of every partition of a topic (all segments, before any compaction). */
    long topicBytes(String topic) throws Exception {
        List<Integer> brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream().map(Node::id)
                .toList();
        long bytes = 0;
        Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(brokers).allDescriptions()
                .get(30, TimeUnit.SECONDS);
        for (Map<String, LogDirDescription> byDir : dirs.values()) {
            for (LogDirDescription dir : byDir.values()) {
                for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
                    if (replica.getKey().topic().equals(topic)) {
                        bytes += replica.getValue().size();
                    }
                }
            }
        }
        return bytes;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(10));
    }
}
