package org.portwatch.detection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.portwatch.detection.DetectionMetrics.DeadLetterSource;
import org.portwatch.detection.rules.PatientDetector;
import org.portwatch.detection.rules.PatientState;
import org.portwatch.detection.rules.ReportState;
import org.portwatch.detection.rules.RhythmRule;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.PatientProfile;
import org.portwatch.model.Thresholds;
import org.portwatch.model.VitalReading;
import org.portwatch.model.VitalType;
import org.portwatch.model.serde.VitalReadingSerde;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the rules for each reading against the patient's state, and NO_DATA by wall-clock punctuation over
 * the patients that are due ({@link NoDataIndex}). State and the alerts it causes are committed together
 * (exactly_once_v2), so a restart neither loses nor repeats an alert. A discharged patient's readings
 * raise nothing; a patient without a profile (not yet enrolled) is watched with the default thresholds.
 */
class ReadingProcessor implements Processor<byte[], byte[], Object, Object> {

    private static final Logger LOG = LoggerFactory.getLogger("org.portwatch.detection.alerts");

    private final DetectionMetrics metrics;
    private final Duration noDataCheckInterval;
    private final Deserializer<VitalReading> readings = new VitalReadingSerde.Deserializer();
    private ProcessorContext<Object, Object> context;
    private PatientStateStore states;
    private KeyValueStore<String, PatientProfile> profiles;
    private NoDataIndex noData;
    private KeyValueStore<String, ReportState> reports;

    ReadingProcessor(DetectionMetrics metrics, Duration noDataCheckInterval) {
        this.metrics = metrics;
        this.noDataCheckInterval = noDataCheckInterval;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.states = new PatientStateStore(context.getStateStore(DetectionTopology.STATE_STORE), metrics);
        this.profiles = context.getStateStore(DetectionTopology.PROFILE_STORE);
        this.noData = new NoDataIndex(context.getStateStore(DetectionTopology.NO_DATA_STORE));
        this.reports = context.getStateStore(DetectionTopology.REPORT_STORE);
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
        if (profile != null && !profile.monitoring()) {
            metrics.reading(PatientDetector.Outcome.DISCHARGED);
            return;
        }
        if (reading.type() == VitalType.HEART_RHYTHM) {
            // Rule 7 keeps its own small state; a rhythm check says nothing of temperatures and rates.
            ReportState stored = reports.get(key);
            ReportState before = stored == null ? ReportState.EMPTY : stored;
            RhythmRule.Result rhythm = RhythmRule.onReading(before, reading, now());
            metrics.reading(rhythm.outcome());
            if (!rhythm.state().equals(before)) {
                reports.put(key, rhythm.state());
            }
            emit(key, rhythm.events());
            return;
        }
        Thresholds thresholds = profile == null ? Thresholds.DEFAULTS : profile.thresholds();
        PatientState state = states.get(key);
        PatientDetector.Result result = PatientDetector.onReading(state, reading, thresholds, now());
        metrics.reading(result.outcome());
        if (profile != null) {
            fileForNoData(key, state, profile);
        }
        save(key, state);
        emit(key, result.events());
    }

    /** Files a monitored patient in the NO_DATA index if not filed yet (and no NO_DATA is already open). */
    static void fileForNoData(NoDataIndex index, String key, PatientState state, PatientProfile profile) {
        if (state.noDataDue() == PatientState.NONE && !PatientDetector.noDataOpen(state)) {
            long due = PatientDetector.noDataDue(state, monitoredSince(profile, state), profile.thresholds());
            index.file(key, due);
            state.noDataDue(due);
        }
    }

    private void fileForNoData(String key, PatientState state, PatientProfile profile) {
        fileForNoData(noData, key, state, profile);
    }

    static long monitoredSince(PatientProfile profile, PatientState state) {
        return profile.updatedAt() == null ? state.lastReceivedAt() : profile.updatedAt().toEpochMilli();
    }

    private void checkForSilence(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(wallClockMs);
        for (NoDataIndex.Due due : noData.dueBy(wallClockMs)) {
            noData.remove(due.patientId(), due.due());
            PatientProfile profile = profiles.get(due.patientId());
            PatientState state = states.get(due.patientId());
            state.noDataDue(PatientState.NONE);
            if (profile == null || !profile.monitoring()) {
                save(due.patientId(), state);
                continue;
            }
            long since = monitoredSince(profile, state);
            long realDue = PatientDetector.noDataDue(state, since, profile.thresholds());
            if (realDue > wallClockMs) {
                // Readings came since it was filed: file it again under the later time.
                noData.file(due.patientId(), realDue);
                state.noDataDue(realDue);
                save(due.patientId(), state);
                continue;
            }
            List<AlertEvent> events = PatientDetector.onWallClock(state, due.patientId(), true, since,
                    profile.thresholds(), now);
            save(due.patientId(), state);
            emit(due.patientId(), events);
        }
    }

    private void save(String key, PatientState state) {
        states.put(key, state);
    }

    private void emit(String key, List<AlertEvent> events) {
        emit(context, metrics, key, events);
    }

    static void emit(ProcessorContext<Object, Object> context, DetectionMetrics metrics, String key,
            List<AlertEvent> events) {
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
