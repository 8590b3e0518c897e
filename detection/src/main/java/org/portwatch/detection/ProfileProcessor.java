package org.portwatch.detection;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
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
import org.portwatch.detection.rules.ReportState;
import org.portwatch.detection.rules.RhythmRule;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.PatientProfile;
import org.portwatch.model.Thresholds;
import org.portwatch.model.serde.PatientProfileSerde;

/**
 * Keeps the detector's copy of patient profiles (thresholds, monitoring; no display name: the contract has none, and
 * an older record's is dropped on reading) from the compacted topic; the store's changelog brings it back after a restart.
 * <ul>
 * <li>A tombstone or {@code monitoring: false} is a discharge (docs/clinical-rules.md revision 2): every open alert
 * resolves as discharged, the readings known are forgotten, and later readings raise nothing until the
 * patient is enrolled again (the profile is kept as "not monitoring" to say so).</li>
 * <li>New thresholds apply from then on: the open alerts stay open and resolve by their rule against them.</li>
 * <li>An enrolled patient is filed for NO_DATA checks.</li>
 * </ul>
 */
class ProfileProcessor implements Processor<byte[], byte[], Object, Object> {

    private final DetectionMetrics metrics;
    private final Deserializer<PatientProfile> deserializer = new PatientProfileSerde.Deserializer();
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, PatientProfile> profiles;
    private PatientStateStore states;
    private NoDataIndex noData;
    private KeyValueStore<String, ReportState> reports;

    ProfileProcessor(DetectionMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.profiles = context.getStateStore(DetectionTopology.PROFILE_STORE);
        this.states = new PatientStateStore(context.getStateStore(DetectionTopology.STATE_STORE), metrics);
        this.noData = new NoDataIndex(context.getStateStore(DetectionTopology.NO_DATA_STORE));
        this.reports = context.getStateStore(DetectionTopology.REPORT_STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.key() == null) {
            deadLetter(record, "profile without a key");
            return;
        }
        String patientId = new String(record.key(), StandardCharsets.UTF_8);
        PatientProfile previous = profiles.get(patientId);
        if (record.value() == null) {
            discharge(patientId, previous, null);
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
        PatientProfile kept = new PatientProfile(patientId, profile.careTeamId(), profile.portSite(),
                profile.monitoring(), profile.thresholds(), profile.updatedAt());
        if (!kept.monitoring()) {
            discharge(patientId, previous, kept);
            return;
        }
        profiles.put(patientId, kept);
        PatientState state = states.get(patientId);
        boolean changed = false;
        // Enrolment counts as a change from the default thresholds an unenrolled patient was watched with.
        Thresholds before = previous == null ? Thresholds.DEFAULTS : previous.thresholds();
        if ((previous == null || previous.monitoring()) && !before.equals(kept.thresholds())) {
            PatientDetector.onThresholdsChanged(state, kept.updatedAt() != null ? kept.updatedAt()
                    : Instant.ofEpochMilli(context.currentSystemTimeMs()));
            changed = true;
        }
        if (state.noDataDue() == PatientState.NONE) {
            ReadingProcessor.fileForNoData(noData, patientId, state, kept);
            changed = true;
        }
        if (changed) {
            states.put(patientId, state);
        }
    }

    private void discharge(String patientId, PatientProfile previous, PatientProfile dischargedProfile) {
        PatientProfile marker = dischargedProfile != null ? dischargedProfile
                : new PatientProfile(patientId, previous == null ? null : previous.careTeamId(),
                        previous == null ? null : previous.portSite(), false,
                        previous == null ? Thresholds.DEFAULTS : previous.thresholds(),
                        Instant.ofEpochMilli(context.currentSystemTimeMs()));
        profiles.put(patientId, marker);
        PatientState state = states.get(patientId);
        if (state.noDataDue() != PatientState.NONE) {
            noData.remove(patientId, state.noDataDue());
            state.noDataDue(PatientState.NONE);
        }
        Thresholds thresholds = previous == null ? Thresholds.DEFAULTS : previous.thresholds();
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        List<AlertEvent> events = new ArrayList<>(PatientDetector.onDischarge(state, patientId, thresholds, now));
        states.put(patientId, state);
        ReportState reported = reports.get(patientId);
        if (reported != null) {
            // Open symptom alerts are resolved as discharged by the alert service itself; a later enrolment starts
            // with no repeat window, so a check-in then raises again.
            events.addAll(RhythmRule.onDischarge(reported, patientId, now));
            reports.delete(patientId);
        }
        ReadingProcessor.emit(context, metrics, patientId, events);
    }

    private void deadLetter(Record<byte[], byte[]> record, String reason) {
        metrics.deadLetter(DeadLetterSource.PROFILES);
        DeadLetters.send(context, record, reason);
    }
}
