package org.portwatch.detection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.portwatch.detection.rules.PatientDetector;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.Severity;
import org.portwatch.model.Symptom;

/**
 * The detector's meters. Names are constants, tags bounded enums (never patient ids), and every series
 * exists from the start at zero.
 */
public class DetectionMetrics {

    public static final String READINGS = "portwatch.detection.readings";
    public static final String ALERTS = "portwatch.detection.alerts";
    public static final String LATENCY = "portwatch.detection.latency";
    public static final String DEAD_LETTERS = "portwatch.detection.dead.letters";
    public static final String STATE_BYTES = "portwatch.detection.state.bytes";
    public static final String SYMPTOMS = "portwatch.detection.symptoms";

    /** Where a dead letter came from. */
    public enum DeadLetterSource {
        READINGS,
        PROFILES,
        SYMPTOMS
    }

    /** What became of one reported symptom (rule 6). */
    public enum SymptomOutcome {
        /** A SYMPTOM alert raised. */
        RAISED,
        /** The same symptom within its alert's repeat window: nothing sent. */
        REPEAT,
        /** The patient is discharged: nothing raised. */
        DISCHARGED
    }

    private final MeterRegistry registry;
    private final Map<PatientDetector.Outcome, Counter> readings = new EnumMap<>(PatientDetector.Outcome.class);
    private final Map<DeadLetterSource, Counter> deadLetters = new EnumMap<>(DeadLetterSource.class);
    private final Map<Symptom, Map<SymptomOutcome, Counter>> symptoms = new EnumMap<>(Symptom.class);
    private final Timer sinceMeasured;
    private final Timer sinceReceived;
    private final DistributionSummary stateBytes;

    public DetectionMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (PatientDetector.Outcome outcome : PatientDetector.Outcome.values()) {
            readings.put(outcome, Counter.builder(READINGS).description("Readings the detector processed, by outcome")
                    .tag("outcome", tag(outcome)).register(registry));
        }
        for (DeadLetterSource source : DeadLetterSource.values()) {
            deadLetters.put(source, Counter.builder(DEAD_LETTERS)
                    .description("Records the detector could not read, sent to vitals.readings.dlq")
                    .tag("source", tag(source)).register(registry));
        }
        for (AlertCondition condition : AlertCondition.values()) {
            for (Severity severity : Severity.values()) {
                for (AlertTransition transition : AlertTransition.values()) {
                    alertCounter(condition, severity, transition);
                }
            }
        }
        for (Symptom symptom : Symptom.values()) {
            Map<SymptomOutcome, Counter> byOutcome = new EnumMap<>(SymptomOutcome.class);
            for (SymptomOutcome outcome : SymptomOutcome.values()) {
                byOutcome.put(outcome, Counter.builder(SYMPTOMS)
                        .description("Symptoms reported at check-ins, by what the detector made of them")
                        .tag("symptom", tag(symptom)).tag("outcome", tag(outcome)).register(registry));
            }
            symptoms.put(symptom, byOutcome);
        }
        sinceMeasured = latencyTimer("measured");
        sinceReceived = latencyTimer("received");
        stateBytes = DistributionSummary.builder(STATE_BYTES)
                .description("Serialized size of one patient's detection state after an update")
                .baseUnit("bytes")
                .publishPercentileHistogram()
                .register(registry);
    }

    private Timer latencyTimer(String since) {
        return Timer.builder(LATENCY)
                .description("Alert detectedAt minus the completing reading's measuredAt (since=measured) or receivedAt "
                        + "(since=received)")
                .tag("since", since)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(3))
                .register(registry);
    }

    private Counter alertCounter(AlertCondition condition, Severity severity, AlertTransition transition) {
        return Counter.builder(ALERTS).description("Alert transitions emitted")
                .tag("condition", tag(condition)).tag("severity", tag(severity)).tag("transition", tag(transition))
                .register(registry);
    }

    private static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    public void reading(PatientDetector.Outcome outcome) {
        readings.get(outcome).increment();
    }

    public void symptom(Symptom symptom, SymptomOutcome outcome) {
        symptoms.get(symptom).get(outcome).increment();
    }

    public void deadLetter(DeadLetterSource source) {
        deadLetters.get(source).increment();
    }

    public void stateBytes(int bytes) {
        stateBytes.record(bytes);
    }

    public void alert(AlertEvent event) {
        alertCounter(event.condition(), event.severity(), event.transition()).increment();
        if (event.transition() != AlertTransition.RESOLVED && event.completedAt() != null) {
            sinceMeasured.record(Duration.between(event.completedAt(), event.detectedAt()));
            if (event.completedReceivedAt() != null) {
                sinceReceived.record(Duration.between(event.completedReceivedAt(), event.detectedAt()));
            }
        }
    }
}
