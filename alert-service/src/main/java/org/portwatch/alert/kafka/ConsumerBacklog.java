package org.portwatch.alert.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group is behind on a topic, as SREs need it: for each partition its end (as a
 * {@code read_committed} consumer sees it) minus the group's committed offset, summed. The Kafka client's own
 * {@code records-lag} counts from the fetch position, so records fetched into memory and held through a database
 * outage are not in it, and it is not updated while the connector has paused its partitions; a group that commits
 * only past what it stored has exactly "not stored yet" here. A partition the group never committed counts from its
 * first offset (the groups start there: {@code auto.offset.reset=earliest}).
 *
 * <p>{@link #read} is for a gauge: it returns the last measurement at once and starts the next when it is due and
 * none runs, so a Prometheus scrape never waits on a broker. NaN while the brokers cannot be asked: an unknown
 * backlog is not zero. Every replica reports the whole group's backlog, so rules take the {@code max}.
 */
public final class ConsumerBacklog implements AutoCloseable {

    /** Prometheus scrapes every 15 s; one measurement per 5 s is plenty and costs three small admin requests. */
    public static final Duration REFRESH = Duration.ofSeconds(5);

    private final Map<String, Object> kafkaConfig;
    private final String clientId;
    private final String topic;
    private final String group;
    private final AtomicBoolean measuring = new AtomicBoolean();
    private volatile long measuredAt = System.nanoTime() - REFRESH.toNanos();
    private volatile double backlog = Double.NaN;
    private volatile Admin admin;

    /** @param kafkaConfig the service's {@code kafka.*} settings, as {@link Admins#create} takes them */
    public ConsumerBacklog(Map<String, Object> kafkaConfig, String clientId, String topic, String group) {
        this.kafkaConfig = kafkaConfig;
        this.clientId = clientId;
        this.topic = topic;
        this.group = group;
    }

    /** The last measurement; starts the next one when it is due and none is running. */
    public double read() {
        if (System.nanoTime() - measuredAt >= REFRESH.toNanos() && measuring.compareAndSet(false, true)) {
            measuredAt = System.nanoTime();
            CompletionStage<Long> measurement;
            try {
                if (admin == null) {
                    admin = Admins.create(kafkaConfig, clientId);
                }
                measurement = measure(admin, topic, group);
            } catch (RuntimeException e) {
                measurement = CompletableFuture.failedFuture(e);
            }
            measurement.whenComplete((records, failure) -> {
                backlog = failure == null ? records : Double.NaN;
                measuring.set(false);
            });
        }
        return backlog;
    }

    @Override
    public void close() {
        Admin current = admin;
        if (current != null) {
            current.close(Duration.ofSeconds(1));
        }
    }

    /** The records of {@code topic} that {@code group} has not committed past, as a read_committed consumer counts. */
    public static CompletionStage<Long> measure(Admin admin, String topic, String group) {
        CompletableFuture<List<TopicPartition>> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                .toCompletionStage().toCompletableFuture()
                .thenApply(topics -> topics.get(topic).partitions().stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList());
        CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().toCompletionStage().toCompletableFuture();
        return partitions.thenCompose(all -> {
            CompletableFuture<Map<TopicPartition, Long>> ends = offsets(admin, all, OffsetSpec.latest());
            CompletableFuture<Map<TopicPartition, Long>> starts = offsets(admin, all, OffsetSpec.earliest());
            return CompletableFuture.allOf(ends, starts, committed).thenApply(done -> {
                long behind = 0;
                for (TopicPartition partition : all) {
                    OffsetAndMetadata at = committed.join().get(partition);
                    // A committed offset below the log's start (retention removed what was never read) counts from
                    // the start, as the consumer would resume there.
                    long from = Math.max(at == null ? 0 : at.offset(), starts.join().get(partition));
                    behind += Math.max(0, ends.join().get(partition) - from);
                }
                return behind;
            });
        });
    }

    private static CompletableFuture<Map<TopicPartition, Long>> offsets(Admin admin, List<TopicPartition> partitions,
            OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, spec));
        return admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .toCompletionStage().toCompletableFuture()
                .thenApply(answers -> answers.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                        answer -> answer.getValue().offset())));
    }
}
