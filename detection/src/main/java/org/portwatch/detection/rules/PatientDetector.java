package org.portwatch.detection.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.Evidence;
import org.portwatch.model.Severity;
import org.portwatch.model.Thresholds;
import org.portwatch.model.VitalReading;

/**
 * The detection rules of CLINICAL.md applied to one patient. Every reading re-evaluates the patient's
 * recent history as a whole, in measurement-time order, and compares the episodes it finds with the
 * alerts already raised: so the outcome does not depend on the order readings arrive in, a duplicate
 * changes nothing, and other patients' traffic plays no part. Pure: no Kafka, no clock.
 */
public final class PatientDetector {

    /** CLINICAL.md: readings arriving more than 2 hours late update history but raise nothing new. */
    public static final Duration MAX_LATENESS = Duration.ofHours(2);
    /** CLINICAL.md: readings older than 24 h are backfill, shown in history, never raising an alert. */
    public static final Duration BACKFILL_AGE = Duration.ofHours(24);
    /** An alert whose completing reading was measured this long before it arrived is flagged late. */
    public static final Duration LATE_FLAG_AFTER = Duration.ofMinutes(5);

    /** What became of a reading, for metrics. */
    public enum Outcome {
        PROCESSED,
        LATE,
        DUPLICATE,
        OFF_BODY,
        BACKFILL,
        BEYOND_HORIZON
    }

    public record Result(Outcome outcome, List<AlertEvent> events) {
    }

    private PatientDetector() {
    }

    /** How far back the detector keeps readings: the lateness limit plus the longest rule horizon. */
    public static long retentionMs(Thresholds t) {
        return MAX_LATENESS.toMillis() + Duration.ofMinutes(t.horizonMinutes()).toMillis();
    }

    public static Result onReading(PatientState state, VitalReading reading, Thresholds t, Instant detectedAt) {
        long receivedAt = reading.receivedAt().toEpochMilli();
        long measuredAt = reading.measuredAt().toEpochMilli();
        List<AlertEvent> events = new ArrayList<>();
        state.received(receivedAt);
        resolveNoData(state, reading, t, detectedAt, events);

        if (receivedAt - measuredAt > BACKFILL_AGE.toMillis()) {
            return new Result(Outcome.BACKFILL, events);
        }
        long key = Sample.hash(reading.readingId());
        if (state.contains(key)) {
            return new Result(Outcome.DUPLICATE, events);
        }
        Sample sample = Sample.of(reading, mayBecomeEvidence(reading, t));
        boolean counts = sample.heartRate() ? HeartRateRule.counts(sample) : FeverRule.counts(sample, t);
        if (!counts) {
            return new Result(Outcome.OFF_BODY, events);
        }
        long retainFrom = state.lastReceivedAt() - retentionMs(t);
        if (measuredAt < retainFrom) {
            return new Result(Outcome.BEYOND_HORIZON, events);
        }
        state.add(sample);
        state.evictBefore(retainFrom);

        List<Sample> temperatures = new ArrayList<>();
        List<Sample> heartRates = new ArrayList<>();
        for (Sample s : state.samples()) {
            (s.heartRate() ? heartRates : temperatures).add(s);
        }
        List<Episode> fevers = FeverRule.episodes(temperatures, t);
        List<Episode> tachycardias = HeartRateRule.tachycardia(heartRates, t);
        List<Episode> sepsis = SepsisRule.episodes(fevers, HeartRateRule.sirsHeartRate(heartRates, t), t);

        Context context = new Context(reading.patientId(), t, detectedAt, reading.receivedAt());
        reconcile(state, AlertCondition.FEVER, fevers, retainFrom, context, events);
        reconcile(state, AlertCondition.TACHYCARDIA, tachycardias, retainFrom, context, events);
        reconcile(state, AlertCondition.SEPSIS_RISK, sepsis, retainFrom, context, events);
        boolean late = receivedAt - measuredAt > MAX_LATENESS.toMillis();
        return new Result(late ? Outcome.LATE : Outcome.PROCESSED, events);
    }

    /**
     * NO_DATA by wall clock (CLINICAL.md rule 5): nothing at all from a patient under monitoring for
     * {@code noDataMinutes}; stale-data alarms as in Nightscout. {@code monitoredSince} dates a patient
     * who has sent nothing yet.
     */
    public static List<AlertEvent> onWallClock(PatientState state, String patientId, boolean monitoring,
            long monitoredSince, Thresholds t, Instant now) {
        List<AlertEvent> events = new ArrayList<>();
        Tracked open = openNoData(state);
        if (!monitoring) {
            if (open != null) {
                closeNoData(state, open, patientId, t, now, now, events);
            }
            return events;
        }
        long last = Math.max(state.lastReceivedAt(), monitoredSince);
        long silentFor = now.toEpochMilli() - last;
        if (open == null && last != Long.MIN_VALUE && silentFor >= Duration.ofMinutes(t.noDataMinutes()).toMillis()) {
            Tracked raised = new Tracked(AlertCondition.NO_DATA, last, Severity.LOW, false, Long.MAX_VALUE);
            state.trackedMutable().add(raised);
            Instant due = Instant.ofEpochMilli(last).plus(Duration.ofMinutes(t.noDataMinutes()));
            events.add(event(patientId, raised, AlertTransition.RAISED, Severity.LOW,
                    "No reading at all for " + t.noDataMinutes() + " min", thresholds(AlertCondition.NO_DATA, t),
                    List.of(), now, false, due, null));
        }
        return events;
    }

    private static void resolveNoData(PatientState state, VitalReading reading, Thresholds t, Instant detectedAt,
            List<AlertEvent> events) {
        Tracked open = openNoData(state);
        if (open != null) {
            closeNoData(state, open, reading.patientId(), t, detectedAt, reading.measuredAt(), events);
        }
    }

    private static Tracked openNoData(PatientState state) {
        for (Tracked tracked : state.tracked()) {
            if (tracked.condition() == AlertCondition.NO_DATA && !tracked.resolved()) {
                return tracked;
            }
        }
        return null;
    }

    private static void closeNoData(PatientState state, Tracked open, String patientId, Thresholds t, Instant now,
            Instant completedAt, List<AlertEvent> events) {
        // A closed NO_DATA alert needs no memory: the next silence is a new episode with a new start.
        state.trackedMutable().remove(open);
        events.add(event(patientId, open, AlertTransition.RESOLVED, open.severity(), "Readings are arriving again",
                thresholds(AlertCondition.NO_DATA, t), List.of(), now, false, completedAt, null));
    }

    private record Context(String patientId, Thresholds thresholds, Instant detectedAt, Instant receivedAt) {
        long raiseNoEarlierThan() {
            return receivedAt.toEpochMilli() - MAX_LATENESS.toMillis();
        }

        boolean late(long completedAt) {
            return receivedAt.toEpochMilli() - completedAt > LATE_FLAG_AFTER.toMillis();
        }
    }

    private static void reconcile(PatientState state, AlertCondition condition, List<Episode> episodes,
            long retainFrom, Context c, List<AlertEvent> events) {
        List<Tracked> tracked = state.trackedMutable();
        boolean[] matched = new boolean[tracked.size()];
        for (Episode episode : episodes) {
            int index = -1;
            for (int i = 0; i < tracked.size(); i++) {
                if (tracked.get(i).condition() == episode.condition() && tracked.get(i).overlaps(episode)) {
                    index = i;
                    break;
                }
            }
            if (index < 0) {
                raise(tracked, episode, c, events);
                continue;
            }
            if (index < matched.length) {
                matched[index] = true;
            }
            Tracked known = tracked.get(index);
            Severity now = episode.currentSeverity();
            // Also after resolution: when a phone syncs a whole episode out of order, the alert of record
            // still ends with the severity the readings reached.
            if (now.compareTo(known.severity()) > 0 && episode.escalatedAt() >= c.raiseNoEarlierThan()) {
                known = known.escalated(now);
                events.add(event(c.patientId(), known, AlertTransition.ESCALATED, now, episode.escalationRule(),
                        thresholds(episode.condition(), c.thresholds()), episode.escalationEvidence(), c.detectedAt(),
                        c.late(episode.escalatedAt()), Instant.ofEpochMilli(episode.escalatedAt()), c.receivedAt()));
            }
            if (episode.resolved() && !known.resolved()) {
                known = known.closed(episode.resolvedAt());
                events.add(event(c.patientId(), known, AlertTransition.RESOLVED, known.severity(), "Resolved: "
                        + resolutionRule(episode.condition(), c.thresholds()),
                        thresholds(episode.condition(), c.thresholds()), episode.resolutionEvidence(), c.detectedAt(),
                        c.late(episode.resolvedAt()), Instant.ofEpochMilli(episode.resolvedAt()), c.receivedAt()));
            }
            tracked.set(index, known);
        }
        withdrawUnsupported(state, condition, matched, retainFrom, c, events);
    }

    /**
     * A reading that arrives late can show that an alert raised earlier did not meet its rule after all
     * (a reading below the line between two above it). The alert cannot be unsent, but it must not stay
     * open forever: it is resolved, saying why. Only while its onset is still within the kept history.
     */
    private static void withdrawUnsupported(PatientState state, AlertCondition condition, boolean[] matched,
            long retainFrom, Context c, List<AlertEvent> events) {
        List<Tracked> tracked = state.trackedMutable();
        for (int i = 0; i < matched.length; i++) {
            Tracked known = tracked.get(i);
            if (matched[i] || known.condition() != condition || known.resolved() || known.start() < retainFrom) {
                continue;
            }
            Tracked closed = known.closed(c.receivedAt().toEpochMilli());
            tracked.set(i, closed);
            events.add(event(c.patientId(), closed, AlertTransition.RESOLVED, closed.severity(),
                    "Withdrawn: readings that arrived late show the rule was not met",
                    thresholds(condition, c.thresholds()), List.of(), c.detectedAt(), true,
                    c.receivedAt(), c.receivedAt()));
        }
    }

    private static void raise(List<Tracked> tracked, Episode episode, Context c, List<AlertEvent> events) {
        if (episode.confirmedAt() < c.raiseNoEarlierThan()) {
            return; // too late to raise anything new
        }
        Map<String, Double> numbers = thresholds(episode.condition(), c.thresholds());
        boolean highAtOnce = episode.escalated() && episode.escalatedAt() == episode.confirmedAt();
        Severity initial = highAtOnce ? episode.escalatedTo() : episode.severity();
        Tracked raised = new Tracked(episode.condition(), episode.start(), initial, false, Long.MAX_VALUE);
        List<Sample> evidence = new ArrayList<>(episode.evidence());
        if (highAtOnce) {
            evidence.addAll(episode.escalationEvidence());
        }
        events.add(event(c.patientId(), raised, AlertTransition.RAISED, initial,
                highAtOnce ? episode.escalationRule() : episode.rule(), numbers, distinct(evidence), c.detectedAt(),
                c.late(episode.confirmedAt()), Instant.ofEpochMilli(episode.confirmedAt()), c.receivedAt()));
        if (episode.escalated() && !highAtOnce) {
            raised = raised.escalated(episode.escalatedTo());
            events.add(event(c.patientId(), raised, AlertTransition.ESCALATED, episode.escalatedTo(),
                    episode.escalationRule(), numbers, episode.escalationEvidence(), c.detectedAt(),
                    c.late(episode.escalatedAt()), Instant.ofEpochMilli(episode.escalatedAt()), c.receivedAt()));
        }
        if (episode.resolved()) {
            raised = raised.closed(episode.resolvedAt());
            events.add(event(c.patientId(), raised, AlertTransition.RESOLVED, raised.severity(),
                    "Resolved: " + resolutionRule(episode.condition(), c.thresholds()), numbers,
                    episode.resolutionEvidence(), c.detectedAt(), c.late(episode.resolvedAt()),
                    Instant.ofEpochMilli(episode.resolvedAt()), c.receivedAt()));
        }
        tracked.add(raised);
    }

    private static List<Sample> distinct(List<Sample> samples) {
        Map<Long, Sample> byKey = new LinkedHashMap<>();
        samples.forEach(s -> byKey.putIfAbsent(s.key(), s));
        return List.copyOf(byKey.values());
    }

    private static AlertEvent event(String patientId, Tracked tracked, AlertTransition transition, Severity severity,
            String rule, Map<String, Double> thresholds, List<Sample> evidence, Instant detectedAt, boolean late,
            Instant completedAt, Instant completedReceivedAt) {
        String alertId = AlertEvent.alertId(patientId, tracked.condition(), Instant.ofEpochMilli(tracked.start()));
        return new AlertEvent(AlertEvent.eventId(alertId, transition, severity), alertId, patientId,
                tracked.condition(), severity, transition, Instant.ofEpochMilli(tracked.start()), detectedAt, late,
                rule, thresholds, evidence.stream().map(PatientDetector::evidence).toList(), completedAt,
                completedReceivedAt);
    }

    private static Evidence evidence(Sample sample) {
        return new Evidence(sample.readingId(), sample.type(), sample.value(), sample.type().canonicalUnit(),
                Instant.ofEpochMilli(sample.measuredAt()));
    }

    /** Only readings past a line can be evidence; only theirs ids are kept (state stays small). */
    private static boolean mayBecomeEvidence(VitalReading reading, Thresholds t) {
        return switch (reading.type()) {
            case BODY_TEMPERATURE -> reading.value() >= t.feverResolvedCelsius();
            case HEART_RATE -> reading.value() > Math.min(t.sepsisHeartRate(), t.heartRateHigh());
        };
    }

    private static String resolutionRule(AlertCondition condition, Thresholds t) {
        return switch (condition) {
            case FEVER -> "temperature < " + t.feverResolvedCelsius() + " °C throughout " + t.feverResolvedMinutes()
                    + " min";
            case TACHYCARDIA -> "heart rate ≤ " + (t.heartRateHigh() - t.heartRateResolvedMargin()) + " /min throughout "
                    + t.heartRateResolvedMinutes() + " min";
            case SEPSIS_RISK -> "fever and fast heart rate both resolved";
            case NO_DATA -> "readings arriving again";
        };
    }

    static Map<String, Double> thresholds(AlertCondition condition, Thresholds t) {
        Map<String, Double> numbers = new LinkedHashMap<>();
        switch (condition) {
            case FEVER -> {
                numbers.put("feverCelsius", t.feverCelsius());
                numbers.put("feverConfirmMinutes", (double) t.feverConfirmMinutes());
                numbers.put("highFeverCelsius", t.highFeverCelsius());
                numbers.put("sustainedFeverMinutes", (double) t.sustainedFeverMinutes());
                numbers.put("feverResolvedCelsius", t.feverResolvedCelsius());
            }
            case TACHYCARDIA -> {
                numbers.put("heartRateHigh", t.heartRateHigh());
                numbers.put("tachycardiaMinutes", (double) t.tachycardiaMinutes());
                numbers.put("heartRateCritical", t.heartRateCritical());
                numbers.put("criticalHeartRateMinutes", (double) t.criticalHeartRateMinutes());
            }
            case SEPSIS_RISK -> {
                numbers.put("feverCelsius", t.feverCelsius());
                numbers.put("sepsisHeartRate", t.sepsisHeartRate());
                numbers.put("sepsisWindowMinutes", (double) t.sepsisWindowMinutes());
            }
            case NO_DATA -> numbers.put("noDataMinutes", (double) t.noDataMinutes());
        }
        return numbers;
    }
}
