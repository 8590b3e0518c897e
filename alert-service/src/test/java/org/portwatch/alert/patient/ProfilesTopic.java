package org.portwatch.alert.patient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.portwatch.infra.testing.SharedInfra;
import org.portwatch.model.PatientProfile;
import org.portwatch.model.Topics;
import org.portwatch.model.serde.PatientProfileSerde;

/**
 * Reads {@code patients.profiles} back from the real broker, from the beginning, the way the detector does
 * (our own serde; a tombstone is a record with a {@code null} value).
 */
final class ProfilesTopic implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    /** As on the wire: the bytes the detector gets, before any serde could drop a field. */
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();
    private final PatientProfileSerde.Deserializer profiles = new PatientProfileSerde.Deserializer();

    ProfilesTopic() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.kafka().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "alert-patient-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.PATIENT_PROFILES, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls once more and returns every record seen so far for this patient, in topic order. */
    List<ConsumerRecord<String, PatientProfile>> recordsOf(String patientId) {
        return rawRecordsOf(patientId).stream().map(r -> new ConsumerRecord<>(r.topic(), r.partition(), r.offset(),
                r.key(), r.value() == null ? null
                        : profiles.deserialize(r.topic(), r.value().getBytes(StandardCharsets.UTF_8)))).toList();
    }

    /** Polls once more and returns this patient's record values as sent (JSON text; {@code null} for a tombstone). */
    List<String> rawValuesOf(String patientId) {
        return rawRecordsOf(patientId).stream().map(ConsumerRecord::value).toList();
    }

    private List<ConsumerRecord<String, String>> rawRecordsOf(String patientId) {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        return seen.stream().filter(r -> patientId.equals(r.key())).toList();
    }

    /** The values of this patient's records so far, in topic order ({@code null} for a tombstone). */
    List<PatientProfile> valuesOf(String patientId) {
        return recordsOf(patientId).stream().map(ConsumerRecord::value).toList();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
