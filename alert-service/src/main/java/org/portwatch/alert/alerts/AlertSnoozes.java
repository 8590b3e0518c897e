package org.portwatch.alert.alerts;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.portwatch.alert.alerts.AlertEffects.Notify;
import org.portwatch.alert.database.BatchScope;
import org.portwatch.alert.feed.FeedEvent;
import org.portwatch.alert.notification.Audience;
import org.portwatch.alert.notification.Notification;
import org.portwatch.alert.security.CareTeamAccess;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.Severity;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;

/**
 * Snooze and silence on the alerts of record (issue 11; the API, limits, silences and the round are package snooze's):
 * each change under the alert's row lock, with its timeline entry and live-feed event, in the caller's transaction.
 * A snoozed alert stays visible and of record; the detector's events for it are recorded but not notified
 * ({@link #beforeEvent}) and escalation skips it ({@code AlertRepository.DUE}) — except that a higher severity ends
 * the snooze at once and is notified: a worse episode is not what the clinician chose to wait on. When the snooze runs
 * out the care team is told again ({@link Notification#SNOOZE_ENDED}) and escalation resumes at once if it fell due
 * meanwhile: a snooze is not ownership (README, "Snooze and silence").
 */
@ApplicationScoped
public class AlertSnoozes {

    private final AlertRepository alerts;
    private final AlertEffects effects;
    private final Snoozing snoozing;

    AlertSnoozes(AlertRepository alerts, AlertEffects effects, Snoozing snoozing) {
        this.alerts = alerts;
        this.effects = effects;
        this.snoozing = snoozing;
    }

    /** An alert as a snooze decision needs it. */
    public record Target(UUID alertId, AlertCondition condition, Severity severity, AlertStatus status,
            Instant snoozedUntil, UUID silenceId) {
    }

    /** The alert, its row locked; 404 when there is none or it is not one of the caller's teams'. In a transaction. */
    public Uni<Target> lock(String alertId, CareTeamAccess access) {
        UUID id;
        try {
            id = UUID.fromString(alertId);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(notFound());
        }
        return alerts.findForUpdate(id).map(alert -> {
            if (alert == null || !access.canReadPatientData(alert.getCareTeamId())) {
                throw notFound();
            }
            return new Target(id, alert.getCondition(), alert.getSeverity(), alert.getStatus(),
                    alert.getSnoozedUntil(), alert.getSilenceId());
        });
    }

    /** Snoozes the (locked) alert until {@code until}, replacing any snooze it had. */
    public Uni<AlertItem> snooze(UUID alertId, Instant until, String by, String reason, Instant at) {
        return alerts.findById(alertId).flatMap(alert -> {
            alert.snooze(until, by, reason, at, null);
            snoozing.started(alert.getCondition(), alert.getSeverity(), false);
            return effects.apply(alert, entry(alert, TimelineEntry.Kind.SNOOZED, at, by, reason, "Snoozed until " + until),
                    FeedEvent.SNOOZED, null);
        });
    }

    /** Ends the (locked, snoozed) alert's snooze early; nobody is notified: the clinician who ended it is looking. */
    public Uni<AlertItem> unsnooze(UUID alertId, String by, Instant at) {
        return alerts.findById(alertId).flatMap(alert -> end(alert, Snoozing.End.ENDED, by, at, null));
    }

    /**
     * Silences the patient's open alerts of {@code condition}: each is snoozed until {@code until} by the silence.
     * Answers how many.
     */
    public Uni<Integer> silenceOpen(String patientId, AlertCondition condition, UUID silenceId, Instant until, String by,
            String reason, Instant at) {
        // The patient's lock first, as the recorder takes it: an alert raised meanwhile either is among these or finds
        // the silence committed.
        return alerts.lockPatient(patientId).flatMap(locked -> alerts.openOfPatientForUpdate(patientId, condition))
                .map(found -> found.stream()
                        // A snooze or silence that lasts longer stays: the new silence would only shorten it.
                        .filter(alert -> !alert.isSnoozed() || alert.getSnoozedUntil().isBefore(until)).toList())
                .flatMap(open -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Alert alert : open) {
                chain = chain.flatMap(ignored -> {
                    alert.snooze(until, by, reason, at, silenceId);
                    snoozing.started(alert.getCondition(), alert.getSeverity(), true);
                    return effects.apply(alert, entry(alert, TimelineEntry.Kind.SNOOZED, at, by, reason,
                            silenced(alert, until)), FeedEvent.SNOOZED, null).replaceWithVoid();
                });
            }
            return chain.replaceWith(open.size());
        });
    }

    /**
     * Ends a silence early for every alert it snoozes; nobody is notified (as {@link #unsnooze}). An alert another
     * active silence of the patient covers stays silenced, by that one.
     */
    public Uni<Void> endSilence(UUID silenceId, String by, Instant at) {
        return alerts.silencedForUpdate(silenceId).flatMap(silenced -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Alert alert : silenced) {
                chain = chain.flatMap(ignored -> snoozing.activeSilence(alert.getPatientId(), alert.getCondition(),
                        silenceId).flatMap(other -> {
                    if (other != null && other.of(alert.getCareTeamId()) && alert.getStatus() != AlertStatus.RESOLVED) {
                        alert.snooze(other.until(), other.by(), other.reason(), at, other.silenceId());
                        return effects.apply(alert, entry(alert, TimelineEntry.Kind.SNOOZED, at, other.by(),
                                other.reason(), silenced(alert, other.until())), FeedEvent.SNOOZED, null).replaceWithVoid();
                    }
                    return end(alert, Snoozing.End.ENDED, by, at, null).replaceWithVoid();
                }));
            }
            return chain;
        });
    }

    /**
     * One round of the snooze expiry: claims up to {@code limit} alerts whose snooze is over at {@code now} (another
     * replica's round skips them) and ends each — an alert resolved meanwhile quietly; an open one with the care team
     * told again under an idempotency key of its own (alert, snooze's end). Answers how many. In a transaction.
     */
    public Uni<Integer> endOver(Instant now, int limit) {
        return alerts.claimSnoozeOver(now, limit).flatMap(ids -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (UUID id : ids) {
                chain = chain.flatMap(ignored -> alerts.findById(id).flatMap(alert -> {
                    if (alert.getStatus() == AlertStatus.RESOLVED) {
                        snoozing.ended(alert.getCondition(), alert.getSeverity(), alert.getSilenceId() != null,
                                Snoozing.End.RESOLVED);
                        alert.unsnooze(now);
                        return Uni.createFrom().voidItem();
                    }
                    boolean silence = alert.getSilenceId() != null;
                    Notify notify = new Notify(Notify.key(id, "SNOOZE_ENDED", alert.getSnoozedUntil()),
                            Notification.RAISED, Audience.CARE_TEAM, now,
                            silence ? Notification.SILENCE_ENDED : Notification.SNOOZE_ENDED);
                    return end(alert, Snoozing.End.EXPIRED, null, now, notify).replaceWithVoid();
                }));
            }
            return chain.replaceWith(ids.size());
        });
    }

    /** After the transaction committed: feed streams and the dispatcher look at once. */
    public void committed() {
        effects.committed();
    }

    /** Whether the detector's event will be notified, decided before it is applied to the alert. */
    enum Quiet {
        /** Not snoozed (or no longer): notified. */
        NOTIFY,
        /** Snoozed: recorded, not notified. */
        QUIET,
        /** Raised during a silence of its condition: silenced now, not notified. */
        SILENCED
    }

    /**
     * Before the recorder applies {@code event} to the (locked, open) alert: a higher severity ends a snooze (the
     * worse episode is notified, the snooze's end on the timeline and feed); an alert of a condition the patient's
     * active silence covers is silenced. RESOLVED is always notified: it closes what the team was told.
     */
    Uni<Quiet> beforeEvent(Alert alert, AlertEvent event) {
        if (event.transition() == AlertTransition.RESOLVED) {
            return Uni.createFrom().item(Quiet.NOTIFY);
        }
        if (alert.isSnoozed()) {
            boolean worse = event.transition() == AlertTransition.ESCALATED
                    && event.severity().compareTo(alert.getSeverity()) > 0;
            return worse ? end(alert, Snoozing.End.SUPERSEDED, null, event.detectedAt(), null).replaceWith(Quiet.NOTIFY)
                    : Uni.createFrom().item(Quiet.QUIET);
        }
        BatchScope batch = BatchScope.current();
        Uni<Snoozing.ActiveSilence> active = batch == null
                ? snoozing.activeSilence(alert.getPatientId(), alert.getCondition())
                // Silences change only through the API, each in a transaction of its own: one read per batch.
                : batch.memo("silence|" + alert.getCondition(), alert.getPatientId(),
                        () -> snoozing.activeSilence(alert.getPatientId(), alert.getCondition()));
        return active.map(silence -> {
            // Only the owning team's silence holds: after a transfer, the former team's silence is not the new team's
            // decision, so the new team hears of the patient's NO_DATA.
            if (silence == null || !silence.of(alert.getCareTeamId())) {
                return Quiet.NOTIFY;
            }
            alert.snooze(silence.until(), silence.by(), silence.reason(), event.detectedAt(), silence.silenceId());
            snoozing.started(alert.getCondition(), event.severity(), true);
            return Quiet.SILENCED;
        });
    }

    /** After the recorder applied the event: the silence that took the new alert goes on its timeline. */
    Uni<Void> afterEvent(Alert alert, Quiet quiet, Instant at) {
        if (quiet != Quiet.SILENCED) {
            return Uni.createFrom().voidItem();
        }
        return alerts.addToTimeline(entry(alert, TimelineEntry.Kind.SNOOZED, at, alert.getSnoozedBy(),
                alert.getSnoozeReason(), silenced(alert, alert.getSnoozedUntil())));
    }

    private Uni<AlertItem> end(Alert alert, Snoozing.End why, String by, Instant at, Notify notify) {
        boolean silence = alert.getSilenceId() != null;
        Instant until = alert.getSnoozedUntil();
        String what = silence ? "Silence" : "Snooze";
        String detail = switch (why) {
            case EXPIRED -> what + " ended at " + until + (notify == null ? "" : "; the care team was told again");
            case SUPERSEDED -> what + " ended: the severity rose, the worse episode was notified";
            default -> what + " ended early";
        };
        snoozing.ended(alert.getCondition(), alert.getSeverity(), silence, why);
        alert.unsnooze(at);
        return effects.apply(alert, entry(alert, TimelineEntry.Kind.UNSNOOZED, at, by, null, detail),
                FeedEvent.UNSNOOZED, why.name(), notify);
    }

    private static String silenced(Alert alert, Instant until) {
        return "Silenced (" + alert.getCondition() + ") until " + until;
    }

    private static TimelineEntry entry(Alert alert, TimelineEntry.Kind kind, Instant at, String by, String note,
            String detail) {
        return new TimelineEntry(alert.getAlertId(), null, kind, alert.getSeverity(), at, by, note, detail);
    }

    private static ProblemException notFound() {
        return new ProblemException(ProblemType.NOT_FOUND, "No alert with this alertId.");
    }
}
