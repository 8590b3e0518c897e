package org.portwatch.detection;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.portwatch.detection.DetectionMetrics.DeadLetterSource;
import org.portwatch.detection.DetectionMetrics.SymptomOutcome;
import org.portwatch.detection.rules.ReportState;
import org.portwatch.detection.rules.SymptomRule;
import org.portwatch.model.PatientProfile;
import org.portwatch.model.Symptom;
import org.portwatch.model.SymptomCheckIn;
import org.portwatch.model.serde.SymptomCheckInSerde;

/**
 * Rule 6 of docs/clinical-rules.md on {@code patients.symptoms}: each check-in's symptoms raise SYMPTOM alerts
 * ({@link SymptomRule}), committed together with the repeat windows they open (exactly_once_v2). A discharged
 * patient's check-ins raise nothing; a patient without a profile (not yet enrolled) still counts, as for readings.
 */
class SymptomProcessor implements Processor<byte[], byte[], Object, Object> {

    private final DetectionMetrics metrics;
    private final Deserializer<SymptomCheckIn> deserializer = new SymptomCheckInSerde.Deserializer();
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, PatientProfile> profiles;
    private KeyValueStore<String, ReportState> reports;

    SymptomProcessor(DetectionMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.profiles = context.getStateStore(DetectionTopology.PROFILE_STORE);
        this.reports = context.getStateStore(DetectionTopology.REPORT_STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        SymptomCheckIn checkIn;
        try {
            checkIn = deserializer.deserialize(DetectionTopology.SYMPTOMS_SOURCE, record.value());
        } catch (SerializationException e) {
            deadLetter(record, "not a valid SymptomCheckIn");
            return;
        }
        if (checkIn == null) {
            deadLetter(record, "empty value");
            return;
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (!checkIn.patientId().equals(key)) {
            deadLetter(record, "key is not the check-in's patientId");
            return;
        }
        PatientProfile profile = profiles.get(key);
        if (profile != null && !profile.monitoring()) {
            checkIn.symptoms().forEach(symptom -> metrics.symptom(symptom, SymptomOutcome.DISCHARGED));
            return;
        }
        ReportState stored = reports.get(key);
        ReportState before = stored == null ? ReportState.EMPTY : stored;
        SymptomRule.Result result = SymptomRule.onCheckIn(before, checkIn,
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
        result.outcomes().forEach((Symptom symptom, SymptomRule.Outcome outcome) -> metrics.symptom(symptom,
                outcome == SymptomRule.Outcome.RAISED ? SymptomOutcome.RAISED : SymptomOutcome.REPEAT));
        if (!result.state().equals(before)) {
            reports.put(key, result.state());
        }
        ReadingProcessor.emit(context, metrics, key, result.events());
    }

    private void deadLetter(Record<byte[], byte[]> record, String reason) {
        metrics.deadLetter(DeadLetterSource.SYMPTOMS);
        DeadLetters.send(context, record, reason);
    }
}
