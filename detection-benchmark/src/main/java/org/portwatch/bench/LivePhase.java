package org.portwatch.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
import org.HdrHistogram.Histogram;
import org.portwatch.detection.DetectionMetrics;
import org.portwatch.detection.DetectionTopology.DetectionTopics;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.PatientProfile;
import org.portwatch.model.PortSite;
import org.portwatch.model.Thresholds;
import org.portwatch.model.serde.PatientProfileSerde;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.VitalReading;
import org.portwatch.model.serde.VitalReadingSerde;

/**
 * The latency phase: the detector that did the last throughput run (its state intact: 100,000 patients with
 * history) is started again, and readings are produced at a fixed rate with receivedAt = measuredAt = the
 * moment of production. Detection latency is read from the detector's own timer
 * {@code portwatch.detection.latency{since=received}} (alert detectedAt − receivedAt of the reading that
 * completed the rule), and, independently, by a read_committed consumer of the alerts topic that notes when
 * each alert becomes visible there (so the transaction commit is included).
 */
final class LivePhase {

    private LivePhase() {
    }

    static Map<String, Object> run(BenchKafka kafka, DetectionTopics topics, String applicationId, Path stateDir,
            int partitions, LiveStream live, int rate, int seconds, long brokerPid, int silentPatients)
            throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        List<TopicPartition> readingPartitions = BenchKafka.partitions(topics.readings(), partitions);
        List<TopicPartition> alertPartitions = BenchKafka.partitions(topics.alerts(), partitions);
        try (Detector detector = new Detector(kafka.bootstrap(), applicationId, stateDir, topics)) {
            long t0 = System.nanoTime();
            detector.start();
            while (detector.runningAtNanos() == 0) {
                detector.check();
                if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(120)) {
                    throw new IllegalStateException("the live detector did not reach RUNNING in 120 s");
                }
                Thread.sleep(10);
            }
            m.put("restartSeconds", Meters.round((detector.runningAtNanos() - t0) / 1e9));
            Map<TopicPartition, Long> readingsStart = kafka.endOffsets(readingPartitions);
            Map<TopicPartition, Long> alertsStart = kafka.endOffsets(alertPartitions);

            AlertWatcher watcher = new AlertWatcher(kafka.bootstrap(), alertPartitions, alertsStart);
            Thread watcherThread = new Thread(watcher, "bench-alert-watcher");
            watcherThread.setDaemon(true);
            watcherThread.start();

            if (silentPatients > 0) {
                m.put("silentPatients", silentProfiles(kafka.bootstrap(), topics, silentPatients, seconds));
            }
            long total = (long) rate * seconds;
            Map<String, Object> producing = new LinkedHashMap<>();
            CpuSnapshot before = CpuSnapshot.take(brokerPid);
            long sent = produce(kafka.bootstrap(), topics, live, rate, total, seconds, producing);
            CpuSnapshot produced = CpuSnapshot.take(brokerPid);
            m.put("producer", producing);

            // Let the detector finish what was sent: committed offsets reach the end, at most 60 s more.
            Map<TopicPartition, Long> readingsEnd = kafka.endOffsets(readingPartitions);
            long catchUpStart = System.nanoTime();
            boolean caughtUp = false;
            while (System.nanoTime() - catchUpStart < TimeUnit.SECONDS.toNanos(60)) {
                detector.check();
                if (BenchKafka.reached(kafka.committed(applicationId), readingsEnd)) {
                    caughtUp = true;
                    break;
                }
                Thread.sleep(20);
            }
            CpuSnapshot end = CpuSnapshot.take(brokerPid);
            m.put("caughtUp", caughtUp);
            m.put("catchUpSeconds", Meters.round((System.nanoTime() - catchUpStart) / 1e9));
            m.put("readingsCommitted", BenchKafka.committedCount(kafka.committed(applicationId), readingsStart,
                    readingsEnd));
            Thread.sleep(1500); // the last alerts' transactions, and the watcher's last poll
            watcher.stop.set(true);
            watcherThread.join(10_000);

            CpuSnapshot.Delta window = before.to(produced);
            Map<String, Object> cpu = Throughput.cpu(window, detector, brokerPid);
            m.put("cpuWhileProducing", cpu);
            m.put("cpuIncludingCatchUp", Throughput.cpu(before.to(end), detector, brokerPid));
            m.put("readingsSent", sent);
            m.put("outcomes", Meters.countsBy(detector.registry, DetectionMetrics.READINGS, "outcome"));
            m.put("alerts", Meters.countsBy(detector.registry, DetectionMetrics.ALERTS, "transition"));
            m.put("alertsByCondition", Meters.countsBy(detector.registry, DetectionMetrics.ALERTS, "condition"));
            m.put("latencyReceivedToDetected", Meters.latency(detector.registry, "received"));
            m.put("latencyMeasuredToDetected", Meters.latency(detector.registry, "measured"));
            m.put("alertsOnTopic", watcher.result());
            m.put("stateBytesSummary", Meters.stateBytes(detector.registry));
            m.put("streamThread", detector.threadMetrics());
        }
        return m;
    }

    /** Produces {@code total} readings at {@code rate}, bounded by {@code seconds} + 10 s; returns how many went. */
    static long produce(String bootstrap, DetectionTopics topics, LiveStream live, int rate, long total,
            int seconds, Map<String, Object> report) {
        // ingest-service's producer: the client defaults (acks=all, idempotent), no tuning.
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, "bench-live");
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        Histogram lag = new Histogram(3);
        long sent = 0;
        long start;
        long finished;
        try (KafkaProducer<String, VitalReading> producer = new KafkaProducer<>(config, new StringSerializer(),
                new VitalReadingSerde.Serializer())) {
            producer.partitionsFor(topics.readings()); // metadata before the clock starts
            start = System.nanoTime();
            RatePacer pacer = new RatePacer(rate, start);
            long hardStop = start + TimeUnit.SECONDS.toNanos(seconds + 10L);
            while (sent < total) {
                long now = System.nanoTime();
                if (now > hardStop) {
                    break;
                }
                long wait = pacer.waitNanos(sent, now);
                if (wait > 0) {
                    LockSupport.parkNanos(Math.min(wait, 1_000_000));
                    continue;
                }
                lag.recordValue(pacer.lagNanos(sent, now) / 1_000_000);
                VitalReading r = live.next(Instant.ofEpochMilli(System.currentTimeMillis()));
                producer.send(new ProducerRecord<>(topics.readings(), null, r.receivedAt().toEpochMilli(),
                        r.patientId(), r), (md, e) -> {
                            if (e != null) {
                                failed.incrementAndGet();
                                firstError.compareAndSet(null, e);
                            }
                        });
                sent++;
            }
            finished = System.nanoTime();
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " live readings were not written", firstError.get());
        }
        double secs = (finished - start) / 1e9;
        report.put("targetRate", rate);
        report.put("sent", sent);
        report.put("seconds", Meters.round(secs));
        report.put("achievedRate", Math.round(sent / secs));
        report.put("behindScheduleMs", Meters.histogram(lag));
        return sent;
    }

    /**
     * NO_DATA doing real work while readings flow: monitored patients enrolled 30 minutes ago who never sent a
     * reading, their enrolment times spread so that they come due one after another during the phase. The
     * punctuation (every 30 s) raises their NO_DATA alerts between the readings.
     */
    static Map<String, Object> silentProfiles(String bootstrap, DetectionTopics topics, int count, int seconds) {
        long now = System.currentTimeMillis();
        // Due from 2 s into the phase until 35 s before its end: the punctuation (every 30 s of wall clock)
        // comes round at least once after each is due while readings still flow.
        long first = now - java.time.Duration.ofMinutes(Thresholds.DEFAULTS.noDataMinutes()).toMillis() + 2_000;
        long spreadMs = Math.max(5_000, (seconds - 37) * 1000L);
        try (KafkaProducer<String, PatientProfile> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.CLIENT_ID_CONFIG,
                        "bench-silent-profiles"),
                new StringSerializer(), new PatientProfileSerde.Serializer())) {
            for (int i = 0; i < count; i++) {
                String id = Population.uuid(now, "silent", i);
                Instant enrolled = Instant.ofEpochMilli(first + spreadMs * i / count);
                producer.send(new ProducerRecord<>(topics.profiles(), null, now, id, new PatientProfile(id,
                        "team-" + (i % 50), PortSite.values()[i % PortSite.values().length], true,
                        Thresholds.DEFAULTS, enrolled)));
            }
            producer.flush();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profiles", count);
        m.put("dueFrom", Instant.ofEpochMilli(first
                + java.time.Duration.ofMinutes(Thresholds.DEFAULTS.noDataMinutes()).toMillis()).toString());
        m.put("dueSpreadSeconds", spreadMs / 1000);
        return m;
    }

    /** Reads the alerts topic as the notifier would (read_committed) and times each alert's arrival. */
    static final class AlertWatcher implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        private final String bootstrap;
        private final List<TopicPartition> partitions;
        private final Map<TopicPartition, Long> from;
        private final Histogram visible = new Histogram(TimeUnit.MINUTES.toMillis(30), 3);
        private final Histogram detected = new Histogram(TimeUnit.MINUTES.toMillis(30), 3);
        /** NO_DATA raised: detectedAt minus the moment the silence limit was reached (completedAt). */
        private final Histogram noDataLag = new Histogram(TimeUnit.MINUTES.toMillis(30), 3);
        private final Map<String, Long> byTransition = new TreeMap<>();
        /** Per second of detectedAt (from the first alert): the slowest alert, to see stalls line up in time. */
        private final Map<Long, Long> slowestBySecond = new TreeMap<>();
        private long firstDetectedMs = -1;
        private volatile Exception error;
        private long outOfRange;

        AlertWatcher(String bootstrap, List<TopicPartition> partitions, Map<TopicPartition, Long> from) {
            this.bootstrap = bootstrap;
            this.partitions = partitions;
            this.from = from;
        }

        @Override
        public void run() {
            try (KafkaConsumer<String, AlertEvent> consumer = BenchKafka.alertWatcher(bootstrap, "bench-alert-watcher",
                    partitions, from)) {
                while (!stop.get()) {
                    for (ConsumerRecord<String, AlertEvent> r : consumer.poll(Duration.ofMillis(50))) {
                        long now = System.currentTimeMillis();
                        AlertEvent a = r.value();
                        synchronized (this) {
                            byTransition.merge(a.transition().name(), 1L, Long::sum);
                            if (a.condition() == AlertCondition.NO_DATA && a.transition() == AlertTransition.RAISED
                                    && a.completedAt() != null) {
                                record(noDataLag, a.detectedAt().toEpochMilli() - a.completedAt().toEpochMilli());
                                continue;
                            }
                            if (a.transition() == AlertTransition.RESOLVED || a.completedReceivedAt() == null) {
                                continue;
                            }
                            long received = a.completedReceivedAt().toEpochMilli();
                            record(visible, now - received);
                            long detectedMs = a.detectedAt().toEpochMilli();
                            record(detected, detectedMs - received);
                            if (firstDetectedMs < 0) {
                                firstDetectedMs = detectedMs;
                            }
                            slowestBySecond.merge((detectedMs - firstDetectedMs) / 1000, detectedMs - received,
                                    Math::max);
                        }
                    }
                }
            } catch (Exception e) {
                error = e;
            }
        }

        private void record(Histogram h, long ms) {
            if (ms < 0 || ms > h.getHighestTrackableValue()) {
                outOfRange++;
                return;
            }
            h.recordValue(ms);
        }

        synchronized Map<String, Object> result() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("byTransition", new TreeMap<>(byTransition));
            m.put("receivedToVisibleOnTopic", Meters.histogram(visible));
            m.put("receivedToDetected", Meters.histogram(detected));
            m.put("noDataRaisedDueToDetected", Meters.histogram(noDataLag));
            m.put("outOfRange", outOfRange);
            m.put("slowestMsBySecondOfDetection", new TreeMap<>(slowestBySecond));
            if (error != null) {
                m.put("error", error.toString());
            }
            return m;
        }
    }
}
