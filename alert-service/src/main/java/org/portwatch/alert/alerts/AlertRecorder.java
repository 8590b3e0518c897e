package org.portwatch.alert.alerts;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.portwatch.alert.alerts.AlertEffects.Notify;
import org.portwatch.alert.escalation.EscalationPolicies;
import org.portwatch.alert.feed.FeedEvent;
import org.portwatch.alert.notification.Audience;
import org.portwatch.alert.notification.Notification;
import org.portwatch.alert.patient.PatientRepository;
import org.portwatch.model.Ids;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;

/**
 * Records one detector event as the alert of record: creates or updates the row by alertId under a row lock,
 * and — only if the event's eventId is new — adds it to the timeline, the live feed and the notification outbox
 * in the same transaction. The same event twice (a redelivery, a replay after a restart) changes nothing.
 *
 * <p>A resolved alert is never notified again. A later event for it is history (its timeline only) — the
 * detector's own RESOLVED after a discharge or a clinician's resolution, for instance — except when the severity
 * rose above what it was resolved at and monitoring did not end: that is a new alert, RAISED for the patient's
 * care team and escalated as any other (docs/clinical-rules.md: "a clinician's resolution is final for that alert, not for
 * the patient"). Its id derives from the resolved alert and the severity, and the resolved alert points to it
 * ({@code superseded_by}), so the detector's later events for the episode reach it.
 */
@ApplicationScoped
public class AlertRecorder {

    /** Successors of one alert are at most one per severity above it: a longer chain is a bug, not data. */
    static final int MAX_SUCCESSORS = 8;

    private final AlertRepository alerts;
    private final PatientRepository patients;
    private final AlertEffects effects;
    private final EscalationPolicies policies;
    private final AlertSnoozes snoozes;
    private final AlertGroups groups;

    AlertRecorder(AlertRepository alerts, PatientRepository patients, AlertEffects effects,
            EscalationPolicies policies, AlertSnoozes snoozes, AlertGroups groups) {
        this.groups = groups;
        this.alerts = alerts;
        this.patients = patients;
        this.effects = effects;
        this.policies = policies;
        this.snoozes = snoozes;
    }

    /** What recording an event did. */
    public enum Outcome {
        /** Recorded and notified. */
        STORED,
        /** Recorded on the timeline of a resolved alert only; nobody notified. */
        HISTORY,
        /** Recorded as a new alert after a clinician had resolved the one it was for; notified as RAISED. */
        RERAISED,
        /** Seen before: nothing changed. */
        DUPLICATE
    }

    /** Records {@code event} in its own transaction; on success the feed and dispatcher are woken. */
    public Uni<Outcome> record(AlertEvent event) {
        UUID alertId = UUID.fromString(event.alertId());
        UUID eventId = UUID.fromString(event.eventId());
        // The patient's lock first: who owns the patient's alerts must not change between reading it and writing.
        return Panache.withTransaction(() -> alerts.lockPatient(event.patientId())
                        .flatMap(locked -> alerts.findForUpdate(alertId))
                        .flatMap(existing -> existing == null ? create(event)
                                : alerts.seen(eventId).flatMap(dup -> dup ? Uni.createFrom().item(Outcome.DUPLICATE)
                                        : current(existing, 0).flatMap(alert -> apply(alert, event)))))
                .invoke(outcome -> {
                    if (outcome != Outcome.DUPLICATE) {
                        effects.committed();
                    }
                });
    }

    /**
     * Records one event inside the caller's transaction, whose lock on the event's patient is held
     * ({@link AlertBatchRecorder}); {@code seen}: the eventId is on a timeline already. The same decisions as
     * {@link #record}, without its own transaction.
     */
    Uni<Outcome> recordLocked(AlertEvent event, boolean seen) {
        if (seen) {
            return Uni.createFrom().item(Outcome.DUPLICATE);
        }
        return alerts.findForUpdate(UUID.fromString(event.alertId()))
                .flatMap(existing -> existing == null ? create(event)
                        : current(existing, 0).flatMap(alert -> apply(alert, event)));
    }

    /** After a transaction that recorded something committed: the feed and the dispatcher look at once. */
    void committed() {
        effects.committed();
    }

    /** The alert that carries {@code alert}'s episode now: itself, or the last of its successors; locked. */
    private Uni<Alert> current(Alert alert, int depth) {
        if (alert.getSupersededBy() == null || depth >= MAX_SUCCESSORS) {
            return Uni.createFrom().item(alert);
        }
        return alerts.findForUpdate(alert.getSupersededBy())
                .flatMap(next -> next == null ? Uni.createFrom().item(alert) : current(next, depth + 1));
    }

    private Uni<Outcome> create(AlertEvent event) {
        return careTeamOf(event.patientId())
                .flatMap(careTeamId -> {
                    Alert alert = Alert.of(event, careTeamId);
                    return alerts.persistNew(alert);
                })
                .flatMap(alert -> apply(alert, event));
    }

    /** The patient's care team now; null while the patient has no profile (the alert is unassigned). */
    private Uni<String> careTeamOf(String patientId) {
        return patients.profile(patientId)
                .map(patient -> patient == null ? null : patient.getCareTeamId());
    }

    private Uni<Outcome> apply(Alert alert, AlertEvent event) {
        if (alert.getStatus() == AlertStatus.RESOLVED) {
            boolean rose = event.transition() != AlertTransition.RESOLVED
                    && event.severity().compareTo(alert.getSeverity()) > 0;
            return rose && alert.getResolution() != Resolution.DISCHARGED ? reraise(alert, event) : history(alert, event);
        }
        // Snoozed or silenced: recorded, not notified (a higher severity ends the snooze first: notified). Grouping
        // under an open SEPSIS_RISK (AlertGroups) is decided next, in this transaction.
        return snoozes.beforeEvent(alert, event).flatMap(quiet -> groups.decide(alert, event).flatMap(group -> policies
                .of(alert.getCareTeamId()).flatMap(policy -> {
            // Nobody can be paged for an unassigned alert: its escalation starts when it is handed over.
            // A grouped alert is not escalated on its own: its SEPSIS_RISK is.
            boolean escalates = alert.getCareTeamId() != null && alert.getStatus() == AlertStatus.OPEN
                    && alert.getEscalations() == 0 && !group.inhibited();
            TimelineEntry.Kind kind;
            String type;
            switch (event.transition()) {
                case RAISED -> {
                    kind = TimelineEntry.Kind.RAISED;
                    type = Notification.RAISED;
                    if (escalates) {
                        alert.scheduleEscalation(policy.firstDue(alert.getSeverity(), alert.getRaisedAt()));
                    }
                }
                case ESCALATED -> {
                    kind = TimelineEntry.Kind.ESCALATED;
                    type = Notification.ESCALATED;
                    alert.escalate(event);
                    if (escalates) {
                        // A higher severity may bring the first escalation forward, never push it back.
                        Instant due = policy.firstDue(alert.getSeverity(), alert.getRaisedAt());
                        Instant current = alert.getEscalateAt();
                        alert.scheduleEscalation(current == null || (due != null && due.isBefore(current)) ? due : current);
                    }
                }
                default -> {
                    kind = TimelineEntry.Kind.RESOLVED;
                    type = Notification.RESOLVED;
                    alert.resolveByDetector(event);
                }
            }
            TimelineEntry entry = new TimelineEntry(alert.getAlertId(), UUID.fromString(event.eventId()), kind,
                    event.severity(), event.detectedAt(), null, null, detail(event));
            return groups.apply(alert, entry, event.transition().name(), quiet != AlertSnoozes.Quiet.NOTIFY ? null
                    : new Notify(event.eventId(), type, Audience.CARE_TEAM, event.detectedAt()), group);
        })).call(item -> snoozes.afterEvent(alert, quiet, event.detectedAt()))).replaceWith(Outcome.STORED);
    }

    /** The event goes on the resolved alert's timeline, so its eventId counts as seen; nobody is told again. */
    private Uni<Outcome> history(Alert alert, AlertEvent event) {
        TimelineEntry entry = new TimelineEntry(alert.getAlertId(), UUID.fromString(event.eventId()),
                TimelineEntry.Kind.valueOf(event.transition().name()), event.severity(), event.detectedAt(), null, null,
                detail(event));
        return effects.apply(alert, entry, null, null).replaceWith(Outcome.HISTORY);
    }

    /**
     * The episode went on at a higher severity after a clinician resolved {@code resolved}: a new alert for the
     * patient's care team now, RAISED and escalated like any other, carrying the event's id (so a redelivery is a
     * duplicate) and notified under it.
     */
    private Uni<Outcome> reraise(Alert resolved, AlertEvent event) {
        UUID nextId = UUID.nameUUIDFromBytes((resolved.getAlertId() + "|reraised|" + event.severity())
                .getBytes(StandardCharsets.UTF_8));
        return careTeamOf(event.patientId()).flatMap(careTeamId -> {
            Alert next = Alert.reraised(nextId, resolved, event, careTeamId);
            resolved.supersede(nextId);
            return alerts.persist(next)
                    .flatMap(persisted -> policies.of(careTeamId))
                    .flatMap(policy -> {
                        if (careTeamId != null) {
                            next.scheduleEscalation(policy.firstDue(next.getSeverity(), next.getRaisedAt()));
                        }
                        TimelineEntry closed = new TimelineEntry(resolved.getAlertId(), null,
                                TimelineEntry.Kind.SUPERSEDED, event.severity(), event.detectedAt(), null, null,
                                "Resolved at " + resolved.getSeverity() + "; the episode went on at "
                                        + event.severity() + ": new alert " + nextId);
                        TimelineEntry raised = new TimelineEntry(nextId, UUID.fromString(event.eventId()),
                                TimelineEntry.Kind.RAISED, event.severity(), event.detectedAt(), null, null,
                                clip("Raised again: alert " + resolved.getAlertId() + " was resolved at "
                                        + resolved.getSeverity() + " and the episode went on at " + event.severity()
                                        + ". " + detail(event)));
                        return effects.apply(resolved, closed, null, null)
                                .flatMap(ignored -> effects.apply(next, raised, FeedEvent.RAISED, new Notify(event.eventId(),
                                        Notification.RAISED, Audience.CARE_TEAM, event.detectedAt(),
                                        Notification.RERAISED)));
                    });
        }).replaceWith(Outcome.RERAISED);
    }

    /** The rule in words ("Withdrawn: ..." for an alert later readings proved wrong), and whether it came late. */
    private static String detail(AlertEvent event) {
        String rule = event.rule() == null ? "" : event.rule();
        return clip(event.late() ? rule + " (detected late: readings arrived after a delay)" : rule);
    }

    private static String clip(String text) {
        return text.length() <= 500 ? text : text.substring(0, 497) + "...";
    }

    /**
     * Why {@code event} breaks the detector's contract and can never be recorded, or null when it is a valid event.
     * Checked before any write, so a poison event goes to the dead-letter topic instead of being retried forever or
     * stored under ids no later event of its alert would find: ids must derive from the event as the detector derives
     * them (AlertEvent.alertId / eventId), the patient id must be one this service can store.
     */
    static String invalidity(AlertEvent event) {
        if (event == null) {
            return "not a readable AlertEvent";
        }
        if (!Ids.isValid(event.patientId())) {
            return "patientId " + Ids.MESSAGE;
        }
        if (event.condition() == null || event.severity() == null || event.transition() == null) {
            return "condition, severity and transition are required";
        }
        if (event.episodeStart() == null || event.detectedAt() == null) {
            return "episodeStart and detectedAt are required";
        }
        if (!AlertEvent.alertId(event.patientId(), event.condition(), event.episodeStart()).equals(event.alertId())) {
            return "alertId does not derive from patientId, condition and episodeStart";
        }
        if (!AlertEvent.eventId(event.alertId(), event.transition(), event.severity()).equals(event.eventId())) {
            return "eventId does not derive from alertId, transition and severity";
        }
        return null;
    }

    static AlertTransition transitionOf(AlertEvent event) {
        return event == null ? null : event.transition();
    }
}
