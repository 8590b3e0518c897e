package org.portwatch.detection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.portwatch.detection.DetectionMetrics.DeadLetterSource;
import org.portwatch.detection.rules.PatientDetector;
import org.portwatch.detection.rules.PatientState;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.PatientProfile;
import org.portwatch.model.Thresholds;
import org.portwatch.model.VitalReading;
import org.portwatch.model.serde.VitalReadingSerde;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the rules for each reading against the patient's state, and NO_DATA by wall-clock punctuation.
 * State and the alerts it causes are committed together (exactly_once_v2), so a restart neither loses
 * nor repeats an alert.
 */
class ReadingProcessor implements Processor<byte[], byte[], Object, Object> {

    private static final Logger LOG = LoggerFactory.getLogger("org.portwatch.detection.alerts");

    private final DetectionMetrics metrics;
    private final Duration noDataCheckInterval;
    private final Deserializer<VitalReading> readings = new VitalReadingSerde.Deserializer();
    private final Serializer<PatientState> stateSize = new PatientStateSerde().serializer();
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, PatientState> states;
    private KeyValueStore<String, PatientProfile> profiles;

    ReadingProcessor(DetectionMetrics metrics, Duration noDataCheckInterval) {
        this.metrics = metrics;
        this.noDataCheckInterval = noDataCheckInterval;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.states = context.getStateStore(DetectionTopology.STATE_STORE);
        this.profiles = context.getStateStore(DetectionTopology.PROFILE_STORE);
        context.schedule(noDataCheckInterval, PunctuationType.WALL_CLOCK_TIME, this::checkForSilence);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        VitalReading reading;
        try {
            reading = readings.deserialize(DetectionTopology.READINGS_SOURCE, record.value());
        } catch (SerializationException e) {
            deadLetter(record, "not a valid VitalReading");
            return;
        }
        if (reading == null) {
            deadLetter(record, "empty value");
            return;
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (!reading.patientId().equals(key)) {
            // Per-patient state relies on the key: a record keyed otherwise would land on the wrong task.
            deadLetter(record, "key is not the reading's patientId");
            return;
        }
        PatientProfile profile = profiles.get(key);
        Thresholds thresholds = profile == null ? Thresholds.DEFAULTS : profile.thresholds();
        PatientState state = states.get(key);
        if (state == null) {
            state = new PatientState();
        }
        PatientDetector.Result result = PatientDetector.onReading(state, reading, thresholds, now());
        metrics.reading(result.outcome());
        save(key, state);
        emit(key, result.events());
    }

    private void checkForSilence(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(wallClockMs);
        try (KeyValueIterator<String, PatientProfile> all = profiles.all()) {
            while (all.hasNext()) {
                KeyValue<String, PatientProfile> entry = all.next();
                PatientProfile profile = entry.value;
                PatientState state = states.get(entry.key);
                if (state == null) {
                    state = new PatientState();
                }
                long since = profile.updatedAt() == null ? wallClockMs : profile.updatedAt().toEpochMilli();
                List<AlertEvent> events = PatientDetector.onWallClock(state, entry.key, profile.monitoring(), since,
                        profile.thresholds(), now);
                if (!events.isEmpty()) {
                    save(entry.key, state);
                    emit(entry.key, events);
                }
            }
        }
    }

    private void save(String key, PatientState state) {
        if (state.isEmpty()) {
            states.delete(key);
            return;
        }
        states.put(key, state);
        metrics.stateBytes(stateSize.serialize(DetectionTopology.STATE_STORE, state).length);
    }

    private void emit(String key, List<AlertEvent> events) {
        for (AlertEvent event : events) {
            context.forward(new Record<Object, Object>(key, event, event.detectedAt().toEpochMilli()),
                    DetectionTopology.ALERTS_SINK);
            metrics.alert(event);
            log(event);
        }
    }

    /** One line per alert transition for the operator; the alertId leads to the record, no patient data here. */
    static void log(AlertEvent event) {
        LOG.info("Alert {} {} {} severity={} late={} detectedAfter={}ms", event.alertId(), event.condition(),
                event.transition(), event.severity(), event.late(),
                event.completedAt() == null ? -1 : event.detectedAt().toEpochMilli() - event.completedAt().toEpochMilli());
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }

    private void deadLetter(Record<byte[], byte[]> record, String reason) {
        metrics.deadLetter(DeadLetterSource.READINGS);
        DeadLetters.send(context, record, reason);
    }
}
