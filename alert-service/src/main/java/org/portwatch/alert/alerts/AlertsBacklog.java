package org.portwatch.alert.alerts;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.portwatch.alert.kafka.Admins;

/**
 * How many alert events on {@code vitals.alerts} are not recorded yet: for each partition, its end (as a
 * {@code read_committed} consumer sees it) minus the alerts-of-record group's committed offset, summed; the gauge
 * {@code portwatch_alerts_consumer_backlog} that {@code PortwatchAlertsConsumerLagHigh} reads.
 *
 * <p>The Kafka client's own {@code records-lag} counts from the consumer's fetch position, so the events it has
 * fetched into memory and holds through a database outage are not in it, and it is not updated at all while the
 * connector has paused its partitions: in the fault suite a 2,000-event stall showed as 0 in one run and 161 in
 * the next. The committed offset moves only past events that are stored ({@link DatabaseAwareCommit}), so this
 * backlog is what care teams have not been told yet, however much the connector buffers. A partition the group
 * never committed counts from its first offset (the group starts there: {@code auto.offset.reset=earliest}).
 *
 * <p>Measured when read (a Prometheus scrape), at most every {@link #REFRESH}, without blocking the reader: a
 * scrape sees the figure of the previous measurement. Every replica reports the whole group's backlog, so rules
 * take the {@code max}, not the sum. NaN while the brokers cannot be asked: an unknown backlog is not zero.
 */
@Startup // its meter on /q/metrics from the start (SRE alerts read it), not from first use
@ApplicationScoped
public class AlertsBacklog {

    public static final String BACKLOG = "portwatch.alerts.consumer.backlog";
    /** Prometheus scrapes every 15 s; one measurement per 5 s is plenty and costs three small admin requests. */
    static final Duration REFRESH = Duration.ofSeconds(5);

    private final Map<String, Object> kafkaConfig;
    private final String topic;
    private final String group;
    private final AtomicBoolean measuring = new AtomicBoolean();
    private volatile long measuredAt = System.nanoTime() - REFRESH.toNanos();
    private volatile double backlog = Double.NaN;
    private volatile Admin admin;

    public AlertsBacklog(MeterRegistry registry, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "mp.messaging.incoming.alerts-in.topic") String topic,
            @ConfigProperty(name = "mp.messaging.incoming.alerts-in.group.id") String group) {
        this.kafkaConfig = kafkaConfig;
        this.topic = topic;
        this.group = group;
        Gauge.builder(BACKLOG, this, AlertsBacklog::read)
                .description("Alert events on vitals.alerts not yet recorded: the end of each partition minus the"
                        + " alerts-of-record group's committed offset (events fetched but not stored count; NaN while"
                        + " the brokers cannot be asked)")
                .register(registry);
    }

    /** The last measurement; starts the next one when it is due and none is running. */
    double read() {
        if (System.nanoTime() - measuredAt >= REFRESH.toNanos() && measuring.compareAndSet(false, true)) {
            measuredAt = System.nanoTime();
            CompletionStage<Long> measurement;
            try {
                measurement = measure(admin(), topic, group);
            } catch (RuntimeException e) {
                measurement = CompletableFuture.failedFuture(e);
            }
            measurement.whenComplete((events, failure) -> {
                backlog = failure == null ? events : Double.NaN;
                measuring.set(false);
            });
        }
        return backlog;
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admins.create(kafkaConfig, "alert-service-alerts-backlog");
        }
        return admin;
    }

    void onStop(@Observes ShutdownEvent event) {
        Admin current = admin;
        if (current != null) {
            current.close(Duration.ofSeconds(1));
        }
    }

    /** The events of {@code topic} that {@code group} has not committed past, as a read_committed consumer counts. */
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
