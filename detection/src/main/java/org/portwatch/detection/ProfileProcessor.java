package org.portwatch.detection;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.portwatch.detection.DetectionMetrics.DeadLetterSource;
import org.portwatch.detection.rules.PatientDetector;
import org.portwatch.detection.rules.PatientState;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.PatientProfile;
import org.portwatch.model.Thresholds;
import org.portwatch.model.serde.PatientProfileSerde;

/**
 * Keeps the detector's copy of patient profiles (thresholds, monitoring) from the compacted topic; the
 * store's changelog brings it back after a restart. A tombstone is a discharge: monitoring ends, and an
 * open NO_DATA alert resolves.
 */
class ProfileProcessor implements Processor<byte[], byte[], Object, Object> {

    private final DetectionMetrics metrics;
    private final Deserializer<PatientProfile> deserializer = new PatientProfileSerde.Deserializer();
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, PatientProfile> profiles;
    private KeyValueStore<String, PatientState> states;

    ProfileProcessor(DetectionMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.profiles = context.getStateStore(DetectionTopology.PROFILE_STORE);
        this.states = context.getStateStore(DetectionTopology.STATE_STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.key() == null) {
            deadLetter(record, "profile without a key");
            return;
        }
        String patientId = new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            discharge(patientId);
            return;
        }
        PatientProfile profile;
        try {
            profile = deserializer.deserialize(DetectionTopology.PROFILES_SOURCE, record.value());
        } catch (SerializationException e) {
            deadLetter(record, "not a valid PatientProfile");
            return;
        }
        if (!patientId.equals(profile.patientId())) {
            deadLetter(record, "key is not the profile's patientId");
            return;
        }
        profiles.put(patientId, profile);
    }

    private void discharge(String patientId) {
        PatientProfile profile = profiles.get(patientId);
        profiles.delete(patientId);
        PatientState state = states.get(patientId);
        if (state == null) {
            return;
        }
        Thresholds thresholds = profile == null ? Thresholds.DEFAULTS : profile.thresholds();
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        List<AlertEvent> events = PatientDetector.onWallClock(state, patientId, false, now.toEpochMilli(), thresholds,
                now);
        if (!events.isEmpty()) {
            states.put(patientId, state);
            for (AlertEvent event : events) {
                context.forward(new Record<Object, Object>(patientId, event, now.toEpochMilli()),
                        DetectionTopology.ALERTS_SINK);
                metrics.alert(event);
                ReadingProcessor.log(event);
            }
        }
    }

    private void deadLetter(Record<byte[], byte[]> record, String reason) {
        metrics.deadLetter(DeadLetterSource.PROFILES);
        DeadLetters.send(context, record, reason);
    }
}
