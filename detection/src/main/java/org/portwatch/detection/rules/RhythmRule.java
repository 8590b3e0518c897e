package org.portwatch.detection.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.Evidence;
import org.portwatch.model.HeartRhythm;
import org.portwatch.model.Severity;
import org.portwatch.model.Units;
import org.portwatch.model.VitalReading;
import org.portwatch.model.VitalType;

/**
 * docs/clinical-rules.md rule 7, IRREGULAR_RHYTHM: one IRREGULAR heart-rhythm reading from a wearable raises an alert
 * (HIGH); it resolves when a REGULAR reading is measured {@link #RESOLVE_AFTER} after the episode's last IRREGULAR one.
 * One open alert per patient: IRREGULAR readings while it is open extend the episode and send nothing. Pure: no
 * Kafka, no clock.
 */
public final class RhythmRule {

    /**
     * A day of regular rhythm ends an episode. Irregular-rhythm episodes (paroxysmal atrial fibrillation) come and
     * go within hours to days; a regular check soon after an irregular one does not show the episode was harmless, and
     * resolving stops the escalation. A watch checks the rhythm every few hours at rest, so a day is several checks.
     */
    public static final Duration RESOLVE_AFTER = Duration.ofHours(24);

    public static final Severity SEVERITY = Severity.HIGH;

    /** What became of one heart-rhythm reading, for metrics (as {@link PatientDetector.Outcome}). */
    public record Result(ReportState state, List<AlertEvent> events, PatientDetector.Outcome outcome) {
    }

    private RhythmRule() {
    }

    public static Result onReading(ReportState state, VitalReading reading, Instant detectedAt) {
        if (reading.type() != VitalType.HEART_RHYTHM) {
            throw new IllegalArgumentException("not a heart-rhythm reading: " + reading.type());
        }
        long measuredAt = reading.measuredAt().toEpochMilli();
        long age = reading.receivedAt().toEpochMilli() - measuredAt;
        if (reading.offBody()) {
            return new Result(state, List.of(), PatientDetector.Outcome.OFF_BODY);
        }
        if (age > PatientDetector.BACKFILL_AGE.toMillis()) {
            return new Result(state, List.of(), PatientDetector.Outcome.BACKFILL);
        }
        boolean late = age > PatientDetector.MAX_LATENESS.toMillis();
        if (reading.rhythm() == HeartRhythm.IRREGULAR) {
            if (state.rhythmAlertOpen()) {
                return new Result(state.withRhythm(state.rhythmOpen(), Math.max(state.lastIrregular(), measuredAt),
                        state.rhythmCovered()), List.of(), late ? PatientDetector.Outcome.LATE : PatientDetector.Outcome.PROCESSED);
            }
            if (state.rhythmCovered() != PatientState.NONE && measuredAt <= state.rhythmCovered()) {
                // Part of an episode already raised and resolved: told before.
                return new Result(state, List.of(), PatientDetector.Outcome.DUPLICATE);
            }
            if (late) {
                // docs/clinical-rules.md: readings more than 2 hours late raise nothing new.
                return new Result(state, List.of(), PatientDetector.Outcome.LATE);
            }
            AlertEvent raised = event(reading, measuredAt, AlertTransition.RAISED,
                    "Wearable reported an irregular heart rhythm (the leaflet's heart flutter: call right away)", detectedAt);
            return new Result(state.withRhythm(measuredAt, measuredAt, state.rhythmCovered()), List.of(raised),
                    PatientDetector.Outcome.PROCESSED);
        }
        if (state.rhythmAlertOpen() && measuredAt - state.lastIrregular() >= RESOLVE_AFTER.toMillis()) {
            AlertEvent resolved = event(reading, state.rhythmOpen(), AlertTransition.RESOLVED,
                    "Resolved: regular rhythm " + RESOLVE_AFTER.toHours() + " h after the last irregular reading",
                    detectedAt);
            return new Result(state.withRhythm(PatientState.NONE, PatientState.NONE, state.lastIrregular()),
                    List.of(resolved), PatientDetector.Outcome.PROCESSED);
        }
        return new Result(state, List.of(), late ? PatientDetector.Outcome.LATE : PatientDetector.Outcome.PROCESSED);
    }

    /** Discharge: the open alert resolves as discharged (nothing escalates after it) and the episode is forgotten. */
    public static List<AlertEvent> onDischarge(ReportState state, String patientId, Instant now) {
        if (!state.rhythmAlertOpen()) {
            return List.of();
        }
        Instant key = Instant.ofEpochMilli(state.rhythmOpen());
        String alertId = AlertEvent.alertId(patientId, AlertCondition.IRREGULAR_RHYTHM, key);
        return List.of(new AlertEvent(AlertEvent.eventId(alertId, AlertTransition.RESOLVED, SEVERITY), alertId, patientId,
                AlertCondition.IRREGULAR_RHYTHM, SEVERITY, AlertTransition.RESOLVED, key, now, false,
                PatientDetector.DISCHARGED_RULE, thresholds(), List.of(), now, null));
    }

    private static AlertEvent event(VitalReading reading, long episodeStart, AlertTransition transition, String rule,
            Instant detectedAt) {
        Instant key = Instant.ofEpochMilli(episodeStart);
        String alertId = AlertEvent.alertId(reading.patientId(), AlertCondition.IRREGULAR_RHYTHM, key);
        boolean late = reading.receivedAt().toEpochMilli() - reading.measuredAt().toEpochMilli()
                > PatientDetector.LATE_FLAG_AFTER.toMillis();
        Evidence evidence = new Evidence(reading.readingId(), VitalType.HEART_RHYTHM, 0, Units.RHYTHM,
                reading.measuredAt(), reading.rhythm().name());
        return new AlertEvent(AlertEvent.eventId(alertId, transition, SEVERITY), alertId, reading.patientId(),
                AlertCondition.IRREGULAR_RHYTHM, SEVERITY, transition, key, detectedAt, late, rule, thresholds(),
                List.of(evidence), reading.measuredAt(), reading.receivedAt());
    }

    private static Map<String, Double> thresholds() {
        return Map.of("rhythmResolvedMinutes", (double) RESOLVE_AFTER.toMinutes());
    }
}
