package org.portwatch.detection;

import java.time.Duration;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.portwatch.model.Topics;
import org.portwatch.model.serde.AlertEventSerde;
import org.portwatch.model.serde.PatientProfileSerde;

/**
 * The detector: {@code vitals.readings} and {@code patients.profiles} in, {@code vitals.alerts} out.
 * Both inputs are keyed by patientId with the same partition count, so one task owns a patient's
 * readings, profile and state. Undeserializable records go to {@code vitals.readings.dlq}.
 */
public final class DetectionTopology {

    public static final String READINGS_SOURCE = "readings";
    public static final String PROFILES_SOURCE = "profiles";
    public static final String DETECTOR = "detector";
    public static final String PROFILE_UPDATER = "profile-updater";
    public static final String ALERTS_SINK = "alerts";
    public static final String DLQ_SINK = "dead-letters";
    public static final String STATE_STORE = "patient-state";
    public static final String PROFILE_STORE = "patient-profiles";
    public static final String NO_DATA_STORE = "no-data-due";

    /** The topics the detector reads and writes; tests run a second detector on topics of its own. */
    public record DetectionTopics(String readings, String profiles, String alerts, String deadLetters) {
        public static final DetectionTopics DEFAULT = new DetectionTopics(Topics.VITALS_READINGS,
                Topics.PATIENT_PROFILES, Topics.VITALS_ALERTS, Topics.VITALS_READINGS_DLQ);

        public static DetectionTopics prefixed(String prefix) {
            return new DetectionTopics(prefix + Topics.VITALS_READINGS, prefix + Topics.PATIENT_PROFILES,
                    prefix + Topics.VITALS_ALERTS, prefix + Topics.VITALS_READINGS_DLQ);
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
        topology.addProcessor(DETECTOR, () -> new ReadingProcessor(metrics, noDataCheckInterval), READINGS_SOURCE);
        topology.addProcessor(PROFILE_UPDATER, () -> new ProfileProcessor(metrics), PROFILES_SOURCE);
        // Caching: a patient whose readings come in bursts is written to RocksDB and the changelog once per
        // commit, not once per reading.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled(), DETECTOR, PROFILE_UPDATER);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PROFILE_STORE),
                Serdes.String(), new PatientProfileSerde()).withCachingEnabled(), DETECTOR, PROFILE_UPDATER);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(NO_DATA_STORE),
                Serdes.Bytes(), Serdes.ByteArray()), DETECTOR, PROFILE_UPDATER);
        topology.addSink(ALERTS_SINK, topics.alerts(), new StringSerializer(), new AlertEventSerde.Serializer(),
                DETECTOR, PROFILE_UPDATER);
        topology.addSink(DLQ_SINK, topics.deadLetters(), new ByteArraySerializer(), new ByteArraySerializer(),
                DETECTOR, PROFILE_UPDATER);
        return topology;
    }
}
