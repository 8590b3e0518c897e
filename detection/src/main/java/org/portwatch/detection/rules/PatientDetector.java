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
 * The detection rules of docs/clinical-rules.md (revision 2) applied to one patient. A reading that changes what the
 * detector knows re-evaluates the patient's reduced history (see {@link Reduction}: a steady patient's three
 * hours are a few dozen entries, and no patient's exceed a fixed bound) in measurement-time order, and
 * compares the episodes it finds with the alerts already raised: so the alerts are a function of the
 * readings known, whatever order they arrived in; a duplicate changes nothing; other patients' traffic
 * plays no part. Pure: no Kafka, no clock.
 * <p>
 * A notification once sent is never unsent: an alert the readings no longer support is resolved as
 * withdrawn, and an episode no open alert covers gets a new alert, so a late reading can never leave a
 * real, ongoing episode without an open alert.
 */
public final class PatientDetector {

    /** docs/clinical-rules.md: readings arriving more than 2 hours late update history but raise nothing new. */
    public static final Duration MAX_LATENESS = Duration.ofHours(2);
    /** docs/clinical-rules.md: readings older than 24 h are backfill, shown in history, never raising an alert. */
    public static final Duration BACKFILL_AGE = Duration.ofHours(24);
    /** An alert whose completing reading was measured this long before it arrived is flagged late. */
    public static final Duration LATE_FLAG_AFTER = Duration.ofMinutes(5);

    /** What became of a reading, for metrics. */
    public enum Outcome {
        PROCESSED,
        LATE,
        DUPLICATE,
        /** The same device, type and measuredAt sent again with another value: the later value replaced it. */
        REPLACED,
        OFF_BODY,
        BACKFILL,
        BEYOND_HORIZON,
        /** The patient is discharged (or not under monitoring): nothing is raised until enrolled again. */
        DISCHARGED
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
        Sample sample = Sample.of(reading, mayBecomeEvidence(reading, t));
        boolean counts = sample.heartRate() ? HeartRateRule.counts(sample) : FeverRule.counts(sample, t);
        if (counts && receivedAt - measuredAt <= Duration.ofMinutes(t.noDataMinutes()).toMillis()) {
            // Revision 2: only a live, on-body reading says the patient is being watched again.
            state.live(receivedAt);
            resolveNoData(state, reading, t, detectedAt, events);
        }
        if (receivedAt - measuredAt > BACKFILL_AGE.toMillis()) {
            return new Result(Outcome.BACKFILL, events);
        }
        if (!counts) {
            return new Result(Outcome.OFF_BODY, events);
        }
        long retainFrom = state.lastReceivedAt() - retentionMs(t);
        if (measuredAt < retainFrom) {
            return new Result(Outcome.BEYOND_HORIZON, events);
        }
        PatientState.Insert insert = state.insert(sample, t);
        if (insert == PatientState.Insert.DUPLICATE) {
            return new Result(Outcome.DUPLICATE, events);
        }
        long keepFrom = keepFrom(state, retainFrom, t);
        state.evictBefore(keepFrom);
        evaluate(state, reading.patientId(), t, detectedAt, reading.receivedAt(),
                keepFrom + Duration.ofMinutes(t.horizonMinutes()).toMillis(), events);
        boolean late = receivedAt - measuredAt > MAX_LATENESS.toMillis();
        Outcome outcome = insert == PatientState.Insert.REPLACED ? Outcome.REPLACED
                : late ? Outcome.LATE : Outcome.PROCESSED;
        return new Result(outcome, events);
    }

    /**
     * How far back readings are kept: the horizon, or further while an open alert's evidence lies before it
     * (an hour before its start, the longest look-back of a rule), at most {@link #MAX_EXTRA_RETENTION} more.
     * An open alert whose evidence is older still is carried (seeded) instead: revision 2, "open alerts keep
     * what they need".
     */
    private static long keepFrom(PatientState state, long retainFrom, Thresholds t) {
        long keepFrom = retainFrom;
        long horizon = Duration.ofMinutes(t.horizonMinutes()).toMillis();
        for (Tracked tracked : state.tracked()) {
            if (tracked.open() && tracked.condition() != AlertCondition.NO_DATA) {
                keepFrom = Math.min(keepFrom, tracked.start() - horizon);
            }
        }
        return Math.max(keepFrom, retainFrom - MAX_EXTRA_RETENTION.toMillis());
    }

    /** Extra history kept for open alerts; older evidence is carried by seeding the alert. */
    static final Duration MAX_EXTRA_RETENTION = Duration.ofHours(3);

    /**
     * Runs every rule over what is known and reconciles the episodes found with the alerts raised.
     *
     * @param seedBefore open alerts that started before this are carried into the scan (their evidence may be
     *                   evicted)
     */
    private static void evaluate(PatientState state, String patientId, Thresholds t, Instant detectedAt,
            Instant receivedAt, long seedBefore, List<AlertEvent> events) {
        List<Sample> temperatures = state.temperatures();
        List<Sample> heartRates = state.heartRates();
        // A rule whose onset line no kept reading reaches, and which has no open alert, finds nothing: most
        // patients, most of the time, so their readings cost an insert and a glance, not every scan.
        List<Episode> fevers = open(state, AlertCondition.FEVER) || reaches(temperatures, t.feverCelsius(), false)
                ? FeverRule.episodes(temperatures, t, seed(state, AlertCondition.FEVER, seedBefore))
                : List.of();
        List<Episode> tachycardias = open(state, AlertCondition.TACHYCARDIA) || reaches(heartRates, t.heartRateHigh(), true)
                ? HeartRateRule.tachycardia(heartRates, t, seed(state, AlertCondition.TACHYCARDIA, seedBefore))
                : List.of();
        List<Episode> sepsis = open(state, AlertCondition.SEPSIS_RISK) || !fevers.isEmpty()
                ? SepsisRule.episodes(fevers, HeartRateRule.sirsRuns(heartRates, t),
                        HeartRateRule.sirsHeartRate(heartRates, t), t, seed(state, AlertCondition.SEPSIS_RISK, seedBefore))
                : List.of();

        Context context = new Context(patientId, t, detectedAt, receivedAt,
                Math.max(receivedAt.toEpochMilli(), state.lastReceivedAt()));
        reconcile(state, AlertCondition.FEVER, fevers, context, events);
        reconcile(state, AlertCondition.TACHYCARDIA, tachycardias, context, events);
        reconcile(state, AlertCondition.SEPSIS_RISK, sepsis, context, events);
    }

    private static boolean open(PatientState state, AlertCondition condition) {
        for (Tracked tracked : state.tracked()) {
            if (tracked.condition() == condition && tracked.open()) {
                return true;
            }
        }
        return false;
    }

    /** Whether any kept entry reaches the line (at or above it; above it when {@code strictly}). */
    private static boolean reaches(List<Sample> entries, double line, boolean strictly) {
        for (Sample s : entries) {
            if (strictly ? s.max() > line : s.max() >= line) {
                return true;
            }
        }
        return false;
    }

    /**
     * The open alert of a condition that stays open until its resolution rule is met, whatever the
     * readings in the horizon say of its onset (revision 2): its onset is older than the kept history, or
     * its thresholds changed after it was raised.
     */
    private static Tracked seed(PatientState state, AlertCondition condition, long seedBefore) {
        for (Tracked tracked : state.tracked()) {
            if (tracked.condition() == condition && tracked.open() && (tracked.pinned() || tracked.start() < seedBefore)) {
                return tracked;
            }
        }
        return null;
    }

    /**
     * Revision 2, "a threshold change applies from then on": the open alerts were right when raised, so
     * they stay open and resolve by their rule against the new thresholds.
     */
    public static void onThresholdsChanged(PatientState state, Instant at) {
        List<Tracked> tracked = state.trackedMutable();
        tracked.replaceAll(t -> t.open() && t.condition() != AlertCondition.NO_DATA ? t.pin(at.toEpochMilli()) : t);
    }

    /**
     * Revision 2, "discharge ends monitoring": every open alert resolves as discharged (so no escalation
     * follows) and nothing known before counts after a later enrolment.
     */
    public static List<AlertEvent> onDischarge(PatientState state, String patientId, Thresholds t, Instant now) {
        List<AlertEvent> events = new ArrayList<>();
        for (Tracked open : state.tracked()) {
            if (open.open()) {
                events.add(event(patientId, open.closed(now.toEpochMilli()), AlertTransition.RESOLVED, open.severity(),
                        DISCHARGED_RULE, thresholds(open.condition(), t), List.of(), now, false, now, null));
            }
        }
        state.trackedMutable().clear();
        state.forgetReadings();
        return events;
    }

    /** The rule text of a resolution by discharge; the alert service reads the prefix. */
    public static final String DISCHARGED_RULE = "Discharged: monitoring ended";

    /**
     * When a monitored patient is next due for a NO_DATA check: the silence limit after the latest live
     * reading, or after the start of monitoring if none came since.
     */
    public static long noDataDue(PatientState state, long monitoredSince, Thresholds t) {
        long last = Math.max(state.lastLiveAt(), monitoredSince);
        return last + Duration.ofMinutes(t.noDataMinutes()).toMillis();
    }

    /**
     * NO_DATA by wall clock (docs/clinical-rules.md rule 5): nothing live from a patient under monitoring for
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
        long last = Math.max(state.lastLiveAt(), monitoredSince);
        long silentFor = now.toEpochMilli() - last;
        if (open == null && last != PatientState.NONE
                && silentFor >= Duration.ofMinutes(t.noDataMinutes()).toMillis()) {
            Tracked raised = Tracked.raised(AlertCondition.NO_DATA, last, last, Severity.LOW);
            state.trackedMutable().add(raised);
            Instant due = Instant.ofEpochMilli(last).plus(Duration.ofMinutes(t.noDataMinutes()));
            events.add(event(patientId, raised, AlertTransition.RAISED, Severity.LOW,
                    "No live reading for " + t.noDataMinutes() + " min", thresholds(AlertCondition.NO_DATA, t),
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

    /** Whether a NO_DATA alert is open (the patient need not be filed for another check until it resolves). */
    public static boolean noDataOpen(PatientState state) {
        return openNoData(state) != null;
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

    /**
     * @param latestReceivedAt the latest arrival known for the patient: "more than 2 hours late" is measured
     *                         against it, so the answer does not depend on the order readings came in
     */
    private record Context(String patientId, Thresholds thresholds, Instant detectedAt, Instant receivedAt,
            long latestReceivedAt) {
        long raiseNoEarlierThan() {
            return latestReceivedAt - MAX_LATENESS.toMillis();
        }

        boolean late(long completedAt) {
            return receivedAt.toEpochMilli() - completedAt > LATE_FLAG_AFTER.toMillis();
        }
    }

    /**
     * Revision 2, "alerts follow the data": each episode the rules find is matched to the open alert that
     * covers it, else to an alert the rules resolved (the same episode, already told); an episode that
     * nothing covers gets a new alert, and so does an episode that goes on after late readings broke the
     * resolution its alert reported. An open alert that no episode supports any longer is withdrawn.
     */
    private static void reconcile(PatientState state, AlertCondition condition, List<Episode> episodes, Context c,
            List<AlertEvent> events) {
        List<Tracked> tracked = state.trackedMutable();
        int known = tracked.size();
        boolean[] matched = new boolean[known];
        for (Episode episode : episodes) {
            int index = match(tracked, known, matched, episode, true);
            if (index < 0) {
                index = match(tracked, known, matched, episode, false);
            }
            if (index < 0) {
                raise(tracked, episode, c, events, false);
                continue;
            }
            matched[index] = true;
            Tracked alert = tracked.get(index);
            if (!alert.open() && !episode.resolved()) {
                // The resolution told to the care team no longer holds: the episode goes on, so it needs an
                // open alert again, however old its readings: it is no new episode. The resolved one stays
                // resolved (a notification is never unsent).
                raise(tracked, episode, c, events, true);
                continue;
            }
            Severity now = episode.currentSeverity();
            // Only an open alert escalates: an ESCALATED on a closed alert would page nobody (revision 2). A
            // resolved episode that late readings show was more severe stays resolved at what was told.
            if (alert.open() && now.compareTo(alert.severity()) > 0 && episode.escalatedAt() >= c.raiseNoEarlierThan()) {
                alert = alert.escalated(now);
                events.add(event(c.patientId(), alert, AlertTransition.ESCALATED, now, episode.escalationRule(),
                        thresholds(episode.condition(), c.thresholds()), episode.escalationEvidence(), c.detectedAt(),
                        c.late(episode.escalatedAt()), Instant.ofEpochMilli(episode.escalatedAt()), c.receivedAt()));
            }
            if (episode.resolved() && alert.open()) {
                alert = alert.closed(episode.resolvedAt());
                events.add(event(c.patientId(), alert, AlertTransition.RESOLVED, alert.severity(), "Resolved: "
                        + resolutionRule(episode.condition(), c.thresholds()),
                        thresholds(episode.condition(), c.thresholds()), episode.resolutionEvidence(), c.detectedAt(),
                        c.late(episode.resolvedAt()), Instant.ofEpochMilli(episode.resolvedAt()), c.receivedAt()));
            }
            tracked.set(index, alert);
        }
        withdrawUnsupported(tracked, condition, matched, c, events);
    }

    /** An alert of the episode's condition that overlaps it: open ones first; withdrawn ones never. */
    private static int match(List<Tracked> tracked, int known, boolean[] matched, Episode episode, boolean open) {
        for (int i = 0; i < known; i++) {
            Tracked t = tracked.get(i);
            if (!matched[i] && t.condition() == episode.condition() && t.open() == open && !t.withdrawn()
                    && t.overlaps(episode)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A reading that arrives late can show that an alert raised earlier did not meet its rule after all
     * (a reading below the line between two above it). The alert cannot be unsent, but it must not stay
     * open: it is resolved, saying why. Alerts that must stay open were seeded into the scan, so they match.
     */
    private static void withdrawUnsupported(List<Tracked> tracked, AlertCondition condition, boolean[] matched,
            Context c, List<AlertEvent> events) {
        for (int i = 0; i < matched.length; i++) {
            Tracked known = tracked.get(i);
            if (matched[i] || known.condition() != condition || !known.open()) {
                continue;
            }
            Tracked closed = known.withdrawnAt(c.receivedAt().toEpochMilli());
            tracked.set(i, closed);
            events.add(event(c.patientId(), closed, AlertTransition.RESOLVED, closed.severity(),
                    "Withdrawn: readings that arrived late show the rule was not met",
                    thresholds(condition, c.thresholds()), List.of(), c.detectedAt(), true,
                    c.receivedAt(), c.receivedAt()));
        }
    }

    private static void raise(List<Tracked> tracked, Episode episode, Context c, List<AlertEvent> events,
            boolean reopened) {
        boolean ongoing = !episode.resolved() && episode.lastHit() >= c.raiseNoEarlierThan();
        if (!reopened && episode.confirmedAt() < c.raiseNoEarlierThan() && !ongoing) {
            return; // too late to raise anything new
        }
        Map<String, Double> numbers = thresholds(episode.condition(), c.thresholds());
        boolean highAtOnce = episode.escalated() && episode.escalatedAt() <= episode.confirmedAt();
        Severity initial = highAtOnce ? episode.currentSeverity() : episode.severity();
        Tracked raised = Tracked.raised(episode.condition(), episode.start(), freeKey(tracked, episode), initial);
        List<Sample> evidence = new ArrayList<>(episode.evidence());
        if (highAtOnce) {
            evidence.addAll(episode.escalationEvidence());
        }
        long completedAt = Math.max(episode.confirmedAt(), highAtOnce ? episode.escalatedAt() : Episode.NONE);
        events.add(event(c.patientId(), raised, AlertTransition.RAISED, initial,
                highAtOnce ? episode.escalationRule() : episode.rule(), numbers, distinct(evidence), c.detectedAt(),
                c.late(completedAt), Instant.ofEpochMilli(completedAt), c.receivedAt()));
        if (episode.currentSeverity().compareTo(initial) > 0) {
            raised = raised.escalated(episode.currentSeverity());
            events.add(event(c.patientId(), raised, AlertTransition.ESCALATED, episode.currentSeverity(),
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

    /**
     * The alertId's time: the episode's start, moved on by a millisecond while an alert of the same condition
     * already has it (an earlier alert of this episode that was withdrawn or resolved): a new alert is never
     * an old one's id, whose events the alert service would take for redeliveries.
     */
    private static long freeKey(List<Tracked> tracked, Episode episode) {
        long key = episode.start();
        boolean taken = true;
        while (taken) {
            taken = false;
            for (Tracked t : tracked) {
                if (t.condition() == episode.condition() && t.key() == key) {
                    key++;
                    taken = true;
                }
            }
        }
        return key;
    }

    private static List<Sample> distinct(List<Sample> samples) {
        Map<Long, Sample> byKey = new LinkedHashMap<>();
        samples.forEach(s -> byKey.putIfAbsent(s.first() * 31 + s.device(), s));
        return List.copyOf(byKey.values());
    }

    private static AlertEvent event(String patientId, Tracked tracked, AlertTransition transition, Severity severity,
            String rule, Map<String, Double> thresholds, List<Sample> evidence, Instant detectedAt, boolean late,
            Instant completedAt, Instant completedReceivedAt) {
        Instant key = Instant.ofEpochMilli(tracked.key());
        String alertId = AlertEvent.alertId(patientId, tracked.condition(), key);
        return new AlertEvent(AlertEvent.eventId(alertId, transition, severity), alertId, patientId,
                tracked.condition(), severity, transition, key, detectedAt, late,
                rule, thresholds, evidence.stream().map(PatientDetector::evidence).toList(), completedAt,
                completedReceivedAt);
    }

    private static Evidence evidence(Sample sample) {
        Instant at = Instant.ofEpochMilli(sample.measuredAt());
        // Ids too long to keep in state are named by type and time, which is what identifies a measurement.
        String id = sample.readingId() != null ? sample.readingId() : sample.type().name().toLowerCase() + "@" + at;
        return new Evidence(id, sample.type(), sample.value(), sample.type().canonicalUnit(), at);
    }

    /** Only readings past a line can be evidence; only theirs ids are kept (state stays small). */
    private static boolean mayBecomeEvidence(VitalReading reading, Thresholds t) {
        return switch (reading.type()) {
            case BODY_TEMPERATURE -> reading.value() >= t.feverResolvedCelsius();
            case HEART_RATE -> reading.value() > Math.min(t.sepsisHeartRate(), t.heartRateHigh());
            case HEART_RHYTHM -> false;
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
            case SYMPTOM -> "resolved by a clinician";
            case IRREGULAR_RHYTHM -> "regular rhythm " + RhythmRule.RESOLVE_AFTER.toHours() + " h after the last irregular reading";
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
