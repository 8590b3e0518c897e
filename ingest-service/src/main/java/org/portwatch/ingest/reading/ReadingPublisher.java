package org.portwatch.ingest.reading;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import org.portwatch.ingest.config.IngestConfig;
import org.portwatch.ingest.metrics.IngestMetrics;
import org.portwatch.ingest.metrics.IngestMetrics.PublishFailure;
import org.portwatch.model.Topics;
import org.portwatch.model.VitalReading;
import org.portwatch.model.serde.VitalReadingSerde;

/**
 * Puts accepted readings on {@link Topics#VITALS_READINGS}, keyed by patientId, and completes only when
 * the broker acknowledged every one of them. A 202 is a promise that the readings are durable, so:
 * acks=all with an idempotent producer (no duplicates from the producer's own retries), and a bounded
 * wait — with the broker down the client hears 503 within seconds, never a hanging request.
 */
@ApplicationScoped
public class ReadingPublisher {

    private static final Logger LOG = Logger.getLogger(ReadingPublisher.class);

    private final Map<String, Object> kafkaConfig;
    private final IngestConfig config;
    private final IngestMetrics metrics;
    /**
     * {@code send} may block (metadata not yet known, buffer full) for up to max.block.ms, so it never
     * runs on an event loop; the producer's own I/O thread does the rest.
     */
    private final ExecutorService sender = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "reading-publisher");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Producer<String, VitalReading> producer;
    private final io.micrometer.core.instrument.MeterRegistry registry;
    private io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics producerMetrics;

    public ReadingPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, IngestConfig config,
            IngestMetrics metrics, io.micrometer.core.instrument.MeterRegistry registry) {
        this.kafkaConfig = kafkaConfig;
        this.config = config;
        this.metrics = metrics;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new VitalReadingSerde.Serializer());
        // Our own producer, not one the Kafka extension made: its metrics (errors, retries, batch sizes,
        // request latency) reach /q/metrics only when bound here.
        producerMetrics = new io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics(producer);
        producerMetrics.bindTo(registry);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (producerMetrics != null) {
            producerMetrics.close();
        }
        // Records already handed over are delivered or fail their callbacks before we exit.
        producer.close(Duration.ofSeconds(10));
        sender.shutdown();
    }

    Map<String, Object> producerConfig() {
        Map<String, Object> props = new HashMap<>(kafkaConfig);
        long timeoutMs = config.publishTimeout().toMillis();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        // Give up inside the publish timeout, so the producer's own verdict arrives before ours.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.max(500, timeoutMs / 2));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(500, timeoutMs / 2));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(1000, timeoutMs - 250));
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "ingest-service");
        return props;
    }

    /** Completes when the broker acknowledged every reading; fails with {@link BrokerUnavailableException} otherwise. */
    public Uni<Void> publish(List<VitalReading> readings) {
        long started = System.nanoTime();
        return Uni.createFrom().<Void>emitter(emitter -> sender.execute(() -> {
            AtomicInteger pending = new AtomicInteger(readings.size());
            AtomicBoolean failed = new AtomicBoolean();
            for (VitalReading reading : readings) {
                try {
                    producer.send(new ProducerRecord<>(Topics.VITALS_READINGS, reading.patientId(), reading),
                            (metadata, error) -> {
                                if (error != null) {
                                    if (failed.compareAndSet(false, true)) {
                                        emitter.fail(error);
                                    }
                                } else if (pending.decrementAndGet() == 0) {
                                    emitter.complete(null);
                                }
                            });
                } catch (RuntimeException error) {
                    if (failed.compareAndSet(false, true)) {
                        emitter.fail(error);
                    }
                    return;
                }
            }
        }))
                .ifNoItem().after(config.publishTimeout()).failWith(TimeoutException::new)
                .onItem().invoke(() -> metrics.published(System.nanoTime() - started))
                .onFailure().transform(error -> {
                    PublishFailure cause = isTimeout(error) ? PublishFailure.TIMEOUT : PublishFailure.BROKER_ERROR;
                    metrics.publishFailed(System.nanoTime() - started, cause);
                    // The readings themselves stay out of the log: they are patient data.
                    LOG.warnf("Batch of %d readings not acknowledged (%s): %s", readings.size(), cause, error.toString());
                    return new BrokerUnavailableException(cause, error);
                });
    }

    private static boolean isTimeout(Throwable error) {
        return error instanceof TimeoutException || error instanceof org.apache.kafka.common.errors.TimeoutException;
    }
}
