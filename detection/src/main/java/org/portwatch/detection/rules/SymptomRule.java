package org.portwatch.detection.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.Evidence;
import org.portwatch.model.Severity;
import org.portwatch.model.Symptom;
import org.portwatch.model.SymptomCheckIn;

/**
 * docs/clinical-rules.md rule 6, SYMPTOM: each warning sign a patient reports raises its own alert, at the severity of
 * {@link #severity}. The port leaflet says to call right away for every one of them, so none waits for a second
 * report. A clinician resolves a symptom alert (the detector cannot see that a shoulder stopped hurting); a repeat of
 * the same symptom within {@link #REPEAT_WINDOW} of the report that raised its alert is the same complaint and joins
 * it: nothing is sent again (deduplicated, counted). Pure: no Kafka, no clock.
 */
public final class SymptomRule {

    /**
     * How long a reported symptom's alert absorbs repeats of the same symptom, from the report that raised it. The
     * detector never learns that a clinician resolved the alert, so this is a fixed window, not "while open", and it is
     * short on purpose: a report of the same sign after it is news and raises a new alert, even while the first is
     * still open (a second alert is noise a clinician can resolve; a report swallowed after the team closed the first
     * alert is a patient asking for a call who gets none). Five minutes covers a patient pressing send twice and an
     * app re-sending under a new id; a retry of the same check-in needs no window (its alert ids are the same). It is
     * no longer than the fastest escalation (HIGH, 5 minutes), so a clinician can hardly resolve an alert inside it.
     */
    public static final Duration REPEAT_WINDOW = Duration.ofMinutes(5);

    /** The rule text's start, which the dashboard and the alert service show as is. */
    static final String RULE = "Patient reported: ";

    /** What became of one symptom of a check-in, for metrics. */
    public enum Outcome {
        /** A new SYMPTOM alert. */
        RAISED,
        /** The same symptom within the repeat window of its alert: joined it, nothing sent. */
        REPEAT
    }

    public record Result(ReportState state, List<AlertEvent> events, Map<Symptom, Outcome> outcomes) {
    }

    private SymptomRule() {
    }

    /**
     * The severity of each symptom's alert (docs/clinical-rules.md rule 6 gives the reasons; where the choice was
     * open, the more urgent one).
     */
    public static Severity severity(Symptom symptom) {
        return switch (symptom) {
            // A clot in the catheterised vein, a catheter that moved or broke, a collapsed lung (leaflet risks).
            case SHOULDER_PAIN, SWOLLEN_ARM -> Severity.HIGH;
            // A bloodstream infection can shake before a thermometer shows it, or under paracetamol.
            case CHILLS -> Severity.HIGH;
            // Palpitations cannot be checked for rest and duration as rule 3 does; the catheter tip can cause them.
            case HEART_FLUTTER -> Severity.HIGH;
            // Same urgency as the leaflet's fever (rule 1): the site infection or blocked port is treated today.
            case PORT_SITE_SKIN, PORT_WILL_NOT_FLUSH, OTHER -> Severity.MEDIUM;
        };
    }

    /**
     * The episode start of a symptom's alert, from which its id derives (AlertEvent's one id contract, which the
     * alert service checks): the report time moved on by the symptom's position in milliseconds, so the symptoms of
     * one check-in get alerts of their own, and a retried check-in the same ones — as {@code PatientDetector} moves an
     * episode's start by a millisecond to keep two alerts of one condition apart.
     */
    public static Instant episodeKey(Instant reportedAt, Symptom symptom) {
        return reportedAt.plusMillis(symptom.ordinal());
    }

    public static Result onCheckIn(ReportState state, SymptomCheckIn checkIn, Instant detectedAt) {
        long reportedAt = checkIn.reportedAt().toEpochMilli();
        List<AlertEvent> events = new ArrayList<>();
        Map<Symptom, Outcome> outcomes = new EnumMap<>(Symptom.class);
        ReportState next = state;
        List<Evidence> evidence = evidence(checkIn);
        for (Symptom symptom : checkIn.symptoms()) {
            Long raised = next.symptoms().get(symptom);
            if (raised != null && Math.abs(reportedAt - raised) < REPEAT_WINDOW.toMillis()) {
                outcomes.put(symptom, Outcome.REPEAT);
                continue;
            }
            Severity severity = severity(symptom);
            Instant key = episodeKey(checkIn.reportedAt(), symptom);
            String alertId = AlertEvent.alertId(checkIn.patientId(), AlertCondition.SYMPTOM, key);
            boolean late = checkIn.receivedAt().toEpochMilli() - reportedAt > PatientDetector.LATE_FLAG_AFTER.toMillis();
            events.add(new AlertEvent(AlertEvent.eventId(alertId, AlertTransition.RAISED, severity), alertId,
                    checkIn.patientId(), AlertCondition.SYMPTOM, severity, AlertTransition.RAISED, key,
                    detectedAt, late, rule(symptom, checkIn), Map.of("repeatWindowMinutes", (double) REPEAT_WINDOW.toMinutes()),
                    evidence, checkIn.reportedAt(), checkIn.receivedAt()));
            outcomes.put(symptom, Outcome.RAISED);
            // A late report older than the alert already raised keeps the newer one as the repeat window's anchor.
            next = next.withSymptom(symptom, raised == null ? reportedAt : Math.max(raised, reportedAt));
        }
        return new Result(next, events, outcomes);
    }

    /**
     * Every symptom of the check-in, so each alert shows what else was reported with it. OTHER carries the length of
     * the patient's text, never the text: an alert travels further (the alerts topic, notifications built from it,
     * the alert's record) than the care team's need to know that there is something to ask about.
     */
    private static List<Evidence> evidence(SymptomCheckIn checkIn) {
        return checkIn.symptoms().stream()
                .map(s -> s == Symptom.OTHER
                        ? new Evidence(checkIn.checkInId(), null, checkIn.otherTextLength(), Evidence.CHARACTERS,
                                checkIn.reportedAt(), s.name())
                        : new Evidence(checkIn.checkInId(), null, 0, null, checkIn.reportedAt(), s.name()))
                .toList();
    }

    private static String rule(Symptom symptom, SymptomCheckIn checkIn) {
        String what = switch (symptom) {
            case SHOULDER_PAIN -> "shoulder pain on the side of the port";
            case SWOLLEN_ARM -> "swollen arm";
            case PORT_SITE_SKIN -> "red, warm, swollen or broken skin near the port";
            case PORT_WILL_NOT_FLUSH -> "the port cannot be flushed";
            case HEART_FLUTTER -> "heart flutter";
            case CHILLS -> "chills";
            case OTHER -> "something else, in " + checkIn.otherTextLength() + " characters: call the patient";
        };
        return RULE + what + " (check-in; the leaflet says call right away)";
    }
}
