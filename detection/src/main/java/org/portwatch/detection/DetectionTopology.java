package org.portwatch.detection;

import java.time.Duration;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.portwatch.detection.rules.ReportState;
import org.portwatch.model.Topics;
import org.portwatch.model.serde.JsonSerde;
import org.portwatch.model.serde.AlertEventSerde;
import org.portwatch.model.serde.PatientProfileSerde;

/**
 * The detector: {@code vitals.readings}, {@code patients.symptoms} and {@code patients.profiles} in,
 * {@code vitals.alerts} out. The inputs are keyed by patientId with the same partition count, so one task owns a
 * patient's readings, check-ins, profile and state. Undeserializable records go to {@code vitals.readings.dlq}.
 */
public final class DetectionTopology {

    public static final String READINGS_SOURCE = "readings";
    public static final String PROFILES_SOURCE = "profiles";
    public static final String SYMPTOMS_SOURCE = "symptoms";
    public static final String SYMPTOM_DETECTOR = "symptom-detector";
    public static final String DETECTOR = "detector";
    public static final String PROFILE_UPDATER = "profile-updater";
    public static final String ALERTS_SINK = "alerts";
    public static final String DLQ_SINK = "dead-letters";
    public static final String STATE_STORE = "patient-state";
    public static final String PROFILE_STORE = "patient-profiles";
    public static final String NO_DATA_STORE = "no-data-due";
    /** Symptom alerts and the heart-rhythm episode ({@code ReportState}), apart from the readings' state. */
    public static final String REPORT_STORE = "patient-reports";

    /** The topics the detector reads and writes; tests run a second detector on topics of its own. */
    public record DetectionTopics(String readings, String profiles, String alerts, String deadLetters,
            String symptoms) {
        public static final DetectionTopics DEFAULT = new DetectionTopics(Topics.VITALS_READINGS,
                Topics.PATIENT_PROFILES, Topics.VITALS_ALERTS, Topics.VITALS_READINGS_DLQ, Topics.PATIENT_SYMPTOMS);

        public static DetectionTopics prefixed(String prefix) {
            return new DetectionTopics(prefix + Topics.VITALS_READINGS, prefix + Topics.PATIENT_PROFILES,
                    prefix + Topics.VITALS_ALERTS, prefix + Topics.VITALS_READINGS_DLQ, prefix + Topics.PATIENT_SYMPTOMS);
        }
    }

    private DetectionTopology() {
    }

    /** The topology; the service builds it with the default topics, the tests and the benchmark with their own. */
    public static Topology build(DetectionMetrics metrics, Duration noDataCheckInterval, DetectionTopics topics) {
        Topology topology = new Topology();
        topology.addSource(READINGS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                topics.readings());
        topology.addSource(PROFILES_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                topics.profiles());
        topology.addSource(SYMPTOMS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                topics.symptoms());
        topology.addProcessor(DETECTOR, () -> new ReadingProcessor(metrics, noDataCheckInterval), READINGS_SOURCE);
        topology.addProcessor(PROFILE_UPDATER, () -> new ProfileProcessor(metrics), PROFILES_SOURCE);
        topology.addProcessor(SYMPTOM_DETECTOR, () -> new SymptomProcessor(metrics), SYMPTOMS_SOURCE);
        // Caching: a patient whose readings come in bursts is written to RocksDB and the changelog once per
        // commit, not once per reading.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled(), DETECTOR, PROFILE_UPDATER);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PROFILE_STORE),
                Serdes.String(), new PatientProfileSerde()).withCachingEnabled(), DETECTOR, PROFILE_UPDATER,
                SYMPTOM_DETECTOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REPORT_STORE),
                Serdes.String(), new JsonSerde<>(ReportState.class)).withCachingEnabled(), DETECTOR, PROFILE_UPDATER,
                SYMPTOM_DETECTOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(NO_DATA_STORE),
                Serdes.Bytes(), Serdes.ByteArray()), DETECTOR, PROFILE_UPDATER);
        topology.addSink(ALERTS_SINK, topics.alerts(), new StringSerializer(), new AlertEventSerde.Serializer(),
                DETECTOR, PROFILE_UPDATER, SYMPTOM_DETECTOR);
        topology.addSink(DLQ_SINK, topics.deadLetters(), new ByteArraySerializer(), new ByteArraySerializer(),
                DETECTOR, PROFILE_UPDATER, SYMPTOM_DETECTOR);
        return topology;
    }
}
