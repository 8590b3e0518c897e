package org.portwatch.bench;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.portwatch.detection.DetectionTopology.DetectionTopics;
import org.portwatch.model.PatientProfile;
import org.portwatch.model.VitalReading;
import org.portwatch.model.serde.PatientProfileSerde;
import org.portwatch.model.serde.VitalReadingSerde;

/** Puts the replay on the broker before anything is measured: the profiles first, then the readings. */
final class Loader {

    private Loader() {
    }

    static Map<String, Object> producerConfig(String bootstrap, String clientId) {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
    }

    /**
     * One monitored profile per patient, keyed by patientId. Record time an hour before the first reading, so
     * the detector's tasks take them before the readings, as profiles exist before a patient's first reading.
     */
    static Map<String, Object> profiles(String bootstrap, DetectionTopics topics, Population population,
            Instant updatedAt, Instant recordTime) {
        long start = System.nanoTime();
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        try (KafkaProducer<String, PatientProfile> producer = new KafkaProducer<>(
                producerConfig(bootstrap, "bench-profiles"), new StringSerializer(),
                new PatientProfileSerde.Serializer())) {
            for (int i = 0; i < population.size(); i++) {
                Population.Patient p = population.patient(i);
                producer.send(new ProducerRecord<>(topics.profiles(), null, recordTime.toEpochMilli(), p.patientId(),
                        population.profile(p, updatedAt)), (md, e) -> {
                            if (e != null) {
                                failed.incrementAndGet();
                                firstError.compareAndSet(null, e);
                            }
                        });
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " profiles were not written", firstError.get());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("records", population.size());
        m.put("seconds", Meters.round((System.nanoTime() - start) / 1e9));
        return m;
    }

    /** The replay, keyed by patientId, record time = receivedAt (as ingest would stamp it). */
    static Map<String, Object> readings(String bootstrap, DetectionTopics topics, ReplayStream replay,
            long deadlineNanos) {
        long start = System.nanoTime();
        long sent = 0;
        long bytes = 0;
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        VitalReadingSerde.Serializer serializer = new VitalReadingSerde.Serializer();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(bootstrap, "bench-replay"),
                new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            while (replay.hasNext()) {
                VitalReading r = replay.next();
                byte[] value = serializer.serialize(topics.readings(), r);
                bytes += value.length;
                producer.send(new ProducerRecord<>(topics.readings(), null, r.receivedAt().toEpochMilli(),
                        r.patientId(), value), (md, e) -> {
                            if (e != null) {
                                failed.incrementAndGet();
                                firstError.compareAndSet(null, e);
                            }
                        });
                sent++;
                if ((sent & 0xFFFF) == 0 && System.nanoTime() > deadlineNanos) {
                    throw new IllegalStateException("producing the replay took too long: " + sent + " sent");
                }
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " readings were not written", firstError.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("records", sent);
        m.put("valueBytesMean", Meters.round((double) bytes / Math.max(1, sent)));
        m.put("seconds", Meters.round(seconds));
        m.put("recordsPerSecond", Math.round(sent / seconds));
        return m;
    }
}
