package org.portwatch.alert.alerts;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.portwatch.alert.alerts.AlertEffects.Notify;
import org.portwatch.alert.alerts.AlertMetrics.OwnershipChange;
import org.portwatch.alert.escalation.EscalationPolicies;
import org.portwatch.alert.escalation.EscalationPolicy;
import org.portwatch.alert.feed.FeedEvent;
import org.portwatch.alert.notification.Audience;
import org.portwatch.alert.notification.Notification;
import org.portwatch.alert.patient.PatientAlerts;
import org.portwatch.alert.audit.AuditLog;

/**
 * Who owns a patient's alerts when the profile changes (docs/clinical-rules.md revision 2), inside the profile's transaction:
 * alerts raised before enrollment are handed to the enrolling team, open alerts follow a patient to another team,
 * a discharge resolves them. Each change of an alert is on its timeline, audited, and — for the team that now owns
 * an open alert — on the live feed and in the notification outbox as RAISED with the reason, under an idempotency
 * key of its own.
 *
 * <p>The patient's alerts must not change owner under {@link AlertRecorder}'s feet: both take
 * {@linkplain AlertRepository#lockPatient(String) one lock per patient} before they read who the patient's team is,
 * so an alert recorded during an enrollment is either there to be handed over or recorded for the new team, never
 * left behind.
 */
@ApplicationScoped
public class AlertOwnership implements PatientAlerts {

    private final AlertRepository alerts;
    private final AlertEffects effects;
    private final EscalationPolicies policies;
    private final AuditLog audit;
    private final AlertMetrics metrics;

    AlertOwnership(AlertRepository alerts, AlertEffects effects, EscalationPolicies policies, AuditLog audit,
            AlertMetrics metrics) {
        this.alerts = alerts;
        this.effects = effects;
        this.policies = policies;
        this.audit = audit;
        this.metrics = metrics;
    }

    @Override
    public Uni<Integer> careTeamSet(String patientId, String formerCareTeamId, String careTeamId, String actor,
            Instant at) {
        return alerts.lockPatient(patientId)
                .flatMap(ignored -> formerCareTeamId == null || formerCareTeamId.equals(careTeamId)
                        ? Uni.createFrom().item(0)
                        : transfer(patientId, careTeamId, actor, at))
                .flatMap(transferred -> handOver(patientId, careTeamId, actor, at).map(handed -> transferred + handed));
    }

    @Override
    public Uni<Integer> monitoringEnded(String patientId, String actor, Instant at) {
        return alerts.lockPatient(patientId)
                .flatMap(ignored -> alerts.openOfPatientForUpdate(patientId))
                .flatMap(open -> each(open, alert -> discharge(alert, actor, at)));
    }

    @Override
    public void committed() {
        effects.committed();
        metrics.changed();
    }

    /**
     * Alerts kept while the patient had no profile. The open ones become the team's, notified as RAISED (the team
     * hears of them now, so its escalation clock starts now); resolved ones join the team's history silently.
     */
    private Uni<Integer> handOver(String patientId, String careTeamId, String actor, Instant at) {
        return alerts.unassignedOfPatientForUpdate(patientId)
                .flatMap(unassigned -> unassigned.isEmpty() ? Uni.createFrom().item(0)
                        : policies.of(careTeamId).flatMap(policy -> each(unassigned,
                                alert -> handOver(alert, careTeamId, policy, actor, at))));
    }

    private Uni<Void> handOver(Alert alert, String careTeamId, EscalationPolicy policy, String actor, Instant at) {
        boolean open = alert.getStatus() != AlertStatus.RESOLVED;
        alert.assign(careTeamId, at);
        if (open) {
            alert.scheduleEscalation(policy.firstDue(alert.getSeverity(), at));
        }
        TimelineEntry entry = new TimelineEntry(alert.getAlertId(), null, TimelineEntry.Kind.HANDED_OVER,
                alert.getSeverity(), at, actor, null, "Raised before the patient was enrolled; handed over to care team "
                + careTeamId + " at enrollment");
        Notify notify = open ? new Notify(Notify.key(alert.getAlertId(), Notification.HANDED_OVER, careTeamId),
                Notification.RAISED, Audience.CARE_TEAM, at, Notification.HANDED_OVER) : null;
        return effects.apply(alert, entry, open ? FeedEvent.RAISED : null, notify)
                .call(() -> audit.record(actor, "alert.handover", "alert", alert.getAlertId().toString(),
                        Map.of("toCareTeamId", careTeamId, "open", open)))
                .invoke(() -> metrics.ownershipChanged(OwnershipChange.HANDED_OVER))
                .replaceWithVoid();
    }

    /**
     * The open alerts follow the patient: the new team is notified (RAISED, transferred) and the former team's
     * screens drop them. Escalation goes on where it stood, now to the new team's on-call; an acknowledgement by the
     * former team is cleared, because nobody who can still see the alert owns it.
     */
    private Uni<Integer> transfer(String patientId, String careTeamId, String actor, Instant at) {
        return alerts.openOfPatientElsewhereForUpdate(patientId, careTeamId)
                .flatMap(open -> open.isEmpty() ? Uni.createFrom().item(0)
                        : policies.of(careTeamId).flatMap(policy -> each(open,
                                alert -> transfer(alert, careTeamId, policy, actor, at))));
    }

    private Uni<Void> transfer(Alert alert, String careTeamId, EscalationPolicy policy, String actor, Instant at) {
        String formerTeam = alert.getCareTeamId();
        String acknowledgedBy = alert.getStatus() == AlertStatus.ACKNOWLEDGED ? alert.getAcknowledgedBy() : null;
        // A snooze (or a silence) was the former team's decision: the new team has not chosen to hear nothing, so
        // its escalation runs from now as for any alert it owns (and the assignee goes in assign(): they were the
        // former team's).
        String snoozedBy = alert.isSnoozed() ? alert.getSnoozedBy() : null;
        if (snoozedBy != null) {
            alert.unsnooze(at);
        }
        alert.assign(careTeamId, at);
        // A grouped alert (under its SEPSIS_RISK, which moves with it) escalates through its parent, not on its own,
        // unless it is CRITICAL itself (the parent is: SEPSIS_RISK is raised CRITICAL).
        boolean grouped = alert.getGroupedUnder() != null
                && !org.portwatch.alert.grouping.GroupRules.notifiesAnyway(alert.getSeverity(), null);
        if (acknowledgedBy != null) {
            alert.clearAcknowledgement();
            if (!grouped) {
                alert.scheduleEscalation(policy.firstDue(alert.getSeverity(), at));
            }
        } else if (alert.getEscalations() == 0 && !grouped) {
            // Not escalated yet: the new team's delay may bring the first round forward, never push it back.
            Instant due = policy.firstDue(alert.getSeverity(), alert.getRaisedAt());
            Instant current = alert.getEscalateAt();
            alert.scheduleEscalation(current == null || (due != null && due.isBefore(current)) ? due : current);
        }
        String detail = "Transferred with the patient from care team " + formerTeam + " to care team " + careTeamId
                + (acknowledgedBy == null ? "" : "; the acknowledgement by " + acknowledgedBy + " no longer holds")
                + (snoozedBy == null ? "" : "; the snooze by " + snoozedBy + " no longer holds");
        TimelineEntry entry = new TimelineEntry(alert.getAlertId(), null, TimelineEntry.Kind.TRANSFERRED,
                alert.getSeverity(), at, actor, null, detail.length() <= 500 ? detail : detail.substring(0, 500));
        // One notification per patient group: a grouped child is listed in its SEPSIS_RISK's (which moves with it and
        // is notified); it still reaches the new team's screens, nested under the parent.
        Notify notify = grouped ? null
                : new Notify(Notify.key(alert.getAlertId(), Notification.TRANSFERRED, careTeamId, at),
                        Notification.RAISED, Audience.CARE_TEAM, at, Notification.TRANSFERRED);
        return effects.departed(alert, formerTeam)
                .flatMap(departed -> effects.apply(alert, entry, FeedEvent.RAISED, Notification.TRANSFERRED, notify))
                .call(() -> audit.record(actor, "alert.transfer", "alert", alert.getAlertId().toString(),
                        Map.of("fromCareTeamId", formerTeam, "toCareTeamId", careTeamId)))
                .invoke(() -> metrics.ownershipChanged(OwnershipChange.TRANSFERRED))
                .replaceWithVoid();
    }

    /** Resolved as discharged: the team is told it is over (RESOLVED), and nothing escalates. */
    private Uni<Void> discharge(Alert alert, String actor, Instant at) {
        alert.resolveAsDischarged(actor, at);
        TimelineEntry entry = new TimelineEntry(alert.getAlertId(), null, TimelineEntry.Kind.RESOLVED,
                alert.getSeverity(), at, actor, null, "Discharged: monitoring of the patient ended");
        Notify notify = new Notify(Notify.key(alert.getAlertId(), "RESOLVED", "discharged"), Notification.RESOLVED,
                Audience.CARE_TEAM, at);
        return effects.apply(alert, entry, FeedEvent.RESOLVED, notify)
                .call(() -> audit.record(actor, "alert.discharge", "alert", alert.getAlertId().toString(), Map.of()))
                .invoke(() -> metrics.ownershipChanged(OwnershipChange.DISCHARGED))
                .replaceWithVoid();
    }

    /** Applies {@code change} to each alert in turn (one session runs one statement at a time); answers the count. */
    private static Uni<Integer> each(List<Alert> alerts, java.util.function.Function<Alert, Uni<Void>> change) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Alert alert : alerts) {
            chain = chain.flatMap(ignored -> change.apply(alert));
        }
        return chain.replaceWith(alerts.size());
    }
}
