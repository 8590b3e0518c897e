package org.portwatch.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.portwatch.bench.Population.Patient;
import org.portwatch.detection.DetectionTopology;
import org.portwatch.detection.DetectionTopology.DetectionTopics;
import org.portwatch.model.Activity;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.MeasurementSite;
import org.portwatch.model.SensorStatus;
import org.portwatch.model.VitalReading;
import org.portwatch.model.VitalType;
import org.portwatch.model.serde.VitalReadingSerde;

/**
 * Issue 9's flood, on the warm detector: one device sends {@code floodReadings} heart rates for its patient
 * in about {@code floodSeconds} (batches of 500, as ingest accepts them), alternating 99/101/135/88 /min so
 * that every reading crosses a rule line, measured 100 ms apart over the last ~2 hours and all received now;
 * right behind them, {@code others} other patients (a quarter of them on the flooded patient's partition)
 * each send one oral 38.6 °C, a fever on its own (rule 1). Measured: for each other patient, its fever alert's
 * arrival on the alerts topic (read_committed) after its reading was sent, and the detector's own detectedAt
 * − receivedAt; then, once the flood is committed, the flooded patient's state in bytes.
 */
final class FloodPhase {

    static final int BATCH = 500;
    static final int[] HEART_RATES = {99, 101, 135, 88};

    private FloodPhase() {
    }

    static Map<String, Object> run(BenchKafka kafka, DetectionTopics topics, String applicationId, Path stateDir,
            int partitions, Population population, int floodReadings, int floodSeconds, int others,
            Duration othersTimeout, long brokerPid) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        Patient flooded = null;
        List<Patient> chosen = new ArrayList<>();
        int floodedPartition = -1;
        int samePartition = Math.max(1, others / 4);
        int same = 0;
        int elsewhere = 0;
        for (int i = population.size() / 2; i < population.size() && chosen.size() < others; i++) {
            Patient p = population.patient(i);
            if (p.febrile() || p.tachycardic() || p.liveFever()) {
                continue; // no alert of their own in the way: normal patients only
            }
            int partition = WarmState.partition(p.patientId(), partitions);
            if (flooded == null) {
                flooded = p;
                floodedPartition = partition;
            } else if (partition == floodedPartition ? same < samePartition : elsewhere < others - samePartition) {
                chosen.add(p);
                if (partition == floodedPartition) {
                    same++;
                } else {
                    elsewhere++;
                }
            }
        }
        if (flooded == null || chosen.size() < others) {
            throw new IllegalStateException("flood: not enough normal patients (" + chosen.size() + " of " + others
                    + ")");
        }
        m.put("floodedPartition", floodedPartition);
        m.put("othersOnFloodedPartition", same);
        List<TopicPartition> readingPartitions = BenchKafka.partitions(topics.readings(), partitions);
        List<TopicPartition> alertPartitions = BenchKafka.partitions(topics.alerts(), partitions);
        try (Detector detector = new Detector(kafka.bootstrap(), applicationId, stateDir, topics)) {
            long t0 = System.nanoTime();
            detector.start();
            while (detector.runningAtNanos() == 0) {
                detector.check();
                if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(120)) {
                    throw new IllegalStateException("the flood detector did not reach RUNNING in 120 s");
                }
                Thread.sleep(10);
            }
            m.put("restartSeconds", Meters.round((detector.runningAtNanos() - t0) / 1e9));
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            Watcher watcher = new Watcher(kafka.bootstrap(), alertPartitions, kafka.endOffsets(alertPartitions));
            for (Patient p : chosen) {
                watcher.wanted.add(p.patientId());
            }
            Thread watcherThread = new Thread(watcher, "bench-flood-watcher");
            watcherThread.setDaemon(true);
            watcherThread.start();
            Thread.sleep(1000); // the watcher is assigned and positioned before anything is sent

            AtomicLong failed = new AtomicLong();
            AtomicReference<Exception> firstError = new AtomicReference<>();
            long floodStart;
            long floodSent;
            long othersSent;
            // ingest-service's producer: the client defaults (acks=all, idempotent), no tuning.
            try (KafkaProducer<String, VitalReading> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(),
                            ProducerConfig.CLIENT_ID_CONFIG, "bench-flood"),
                    new StringSerializer(), new VitalReadingSerde.Serializer())) {
                producer.partitionsFor(topics.readings());
                floodStart = System.nanoTime();
                long nowMs = System.currentTimeMillis();
                long batches = (floodReadings + BATCH - 1) / BATCH;
                RatePacer pacer = new RatePacer(batches / (double) floodSeconds, floodStart);
                int sent = 0;
                for (long b = 0; b < batches; b++) {
                    long wait;
                    while ((wait = pacer.waitNanos(b, System.nanoTime())) > 0) {
                        LockSupport.parkNanos(Math.min(wait, 1_000_000));
                    }
                    Instant received = Instant.ofEpochMilli(System.currentTimeMillis());
                    for (int k = 0; k < BATCH && sent < floodReadings; k++, sent++) {
                        Instant measured = Instant.ofEpochMilli(nowMs - (floodReadings - 1L - sent) * 100L);
                        VitalReading r = new VitalReading(new UUID(floodStart, sent).toString(),
                                flooded.patientId(), flooded.deviceId(), VitalType.HEART_RATE,
                                HEART_RATES[sent % HEART_RATES.length], Vitals.PER_MINUTE, Vitals.PER_MINUTE,
                                measured, received, MeasurementSite.CHEST, Activity.RESTING, SensorStatus.ON_BODY);
                        producer.send(new ProducerRecord<>(topics.readings(), null, received.toEpochMilli(),
                                r.patientId(), r), (md, e) -> {
                                    if (e != null) {
                                        failed.incrementAndGet();
                                        firstError.compareAndSet(null, e);
                                    }
                                });
                    }
                }
                floodSent = System.nanoTime();
                for (Patient p : chosen) {
                    Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
                    VitalReading r = new VitalReading(UUID.randomUUID().toString(), p.patientId(),
                            "thermometer-" + p.index(), VitalType.BODY_TEMPERATURE, 38.6, Vitals.CELSIUS,
                            Vitals.CELSIUS, now, now, MeasurementSite.ORAL, Activity.RESTING, SensorStatus.ON_BODY);
                    sentAt.put(p.patientId(), now.toEpochMilli());
                    producer.send(new ProducerRecord<>(topics.readings(), null, now.toEpochMilli(), p.patientId(), r),
                            (md, e) -> {
                                if (e != null) {
                                    failed.incrementAndGet();
                                    firstError.compareAndSet(null, e);
                                }
                            });
                }
                othersSent = System.nanoTime();
                producer.flush();
            }
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " flood readings were not written", firstError.get());
            }
            m.put("floodReadings", floodReadings);
            m.put("floodSendSeconds", Meters.round((floodSent - floodStart) / 1e9));
            m.put("othersSentAfterFloodStartSeconds", Meters.round((othersSent - floodStart) / 1e9));

            long waitStart = System.nanoTime();
            while (watcher.seen.size() < chosen.size()
                    && System.nanoTime() - waitStart < othersTimeout.toNanos()) {
                detector.check();
                Thread.sleep(50);
            }
            Map<TopicPartition, Long> readingsEnd = kafka.endOffsets(readingPartitions);
            boolean committed = false;
            while (System.nanoTime() - floodStart < TimeUnit.SECONDS.toNanos(floodSeconds + 240L)) {
                detector.check();
                if (BenchKafka.reached(kafka.committed(applicationId), readingsEnd)) {
                    committed = true;
                    break;
                }
                Thread.sleep(100);
            }
            m.put("floodCommitted", committed);
            m.put("floodStartToCommittedSeconds", Meters.round((System.nanoTime() - floodStart) / 1e9));
            Thread.sleep(1000);
            watcher.stop.set(true);
            watcherThread.join(10_000);

            long[] visible = new long[chosen.size()];
            long[] detected = new long[chosen.size()];
            int missing = 0;
            Map<String, Object> perPatient = new TreeMap<>();
            for (int i = 0; i < chosen.size(); i++) {
                String id = chosen.get(i).patientId();
                long[] seen = watcher.seen.get(id);
                boolean onFlooded = WarmState.partition(id, partitions) == floodedPartition;
                if (seen == null) {
                    missing++;
                    visible[i] = -1;
                    detected[i] = -1;
                    perPatient.put(String.format("%02d", i), Map.of("sameFloodedPartition", onFlooded, "alert", "none"));
                    continue;
                }
                visible[i] = seen[0] - sentAt.get(id);
                detected[i] = seen[1] - sentAt.get(id);
                perPatient.put(String.format("%02d", i), Map.of("sameFloodedPartition", onFlooded,
                        "sentToVisibleMs", visible[i], "receivedToDetectedMs", detected[i]));
            }
            m.put("others", chosen.size());
            m.put("othersMissing", missing);
            m.put("othersTimeoutSeconds", othersTimeout.toSeconds());
            m.put("othersSentToVisibleMaxMs", max(visible));
            m.put("othersReceivedToDetectedMaxMs", max(detected));
            m.put("othersSentToVisibleMedianMs", median(visible));
            m.put("perPatient", perPatient);
            ReadOnlyKeyValueStore<String, byte[]> store = detector.streams.store(StoreQueryParameters.fromNameAndType(
                    DetectionTopology.STATE_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
            byte[] state = store.get(flooded.patientId());
            m.put("floodedStateBytes", state == null ? 0 : state.length);
            m.put("stateBytesSummary", Meters.stateBytes(detector.registry));
            m.put("outcomes", Meters.countsBy(detector.registry, org.portwatch.detection.DetectionMetrics.READINGS,
                    "outcome"));
            m.put("streamThread", detector.threadMetrics());
            if (watcher.error != null) {
                m.put("watcherError", watcher.error.toString());
            }
        }
        return m;
    }

    private static Long max(long[] values) {
        long max = -1;
        for (long v : values) {
            if (v < 0) {
                return null; // one is missing: there is no maximum to quote
            }
            max = Math.max(max, v);
        }
        return max;
    }

    private static Long median(long[] values) {
        long[] present = java.util.Arrays.stream(values).filter(v -> v >= 0).sorted().toArray();
        return present.length == 0 ? null : present[(present.length - 1) / 2];
    }

    /** The first FEVER RAISED of each wanted patient: when it became visible (read_committed), and its detectedAt. */
    static final class Watcher implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        final java.util.Set<String> wanted = ConcurrentHashMap.newKeySet();
        final Map<String, long[]> seen = new ConcurrentHashMap<>();
        private final String bootstrap;
        private final List<TopicPartition> partitions;
        private final Map<TopicPartition, Long> from;
        volatile Exception error;

        Watcher(String bootstrap, List<TopicPartition> partitions, Map<TopicPartition, Long> from) {
            this.bootstrap = bootstrap;
            this.partitions = partitions;
            this.from = from;
        }

        @Override
        public void run() {
            try (KafkaConsumer<String, AlertEvent> consumer = BenchKafka.alertWatcher(bootstrap, "bench-flood-watcher",
                    partitions, from)) {
                while (!stop.get()) {
                    for (ConsumerRecord<String, AlertEvent> r : consumer.poll(Duration.ofMillis(20))) {
                        long now = System.currentTimeMillis();
                        AlertEvent a = r.value();
                        if (a.condition() == AlertCondition.FEVER && a.transition() == AlertTransition.RAISED
                                && wanted.contains(a.patientId())) {
                            seen.putIfAbsent(a.patientId(), new long[] {now, a.detectedAt().toEpochMilli()});
                        }
                    }
                }
            } catch (Exception e) {
                error = e;
            }
        }
    }
}
