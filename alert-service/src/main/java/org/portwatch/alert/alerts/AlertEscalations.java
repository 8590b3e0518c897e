package org.portwatch.alert.alerts;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.portwatch.alert.alerts.AlertEffects.Notify;
import org.portwatch.alert.assignment.AssignmentMetrics;
import org.portwatch.alert.escalation.EscalatedAlerts;
import org.portwatch.alert.feed.FeedEvent;
import org.portwatch.alert.notification.Audience;
import org.portwatch.alert.notification.Notification;

/**
 * The alerts of record as escalation sees them ({@link EscalatedAlerts}): escalation decides when a round is due, to
 * whom and what it says; this records it on the alert, its timeline and feed, and queues its notification, in the
 * escalation round's transaction (which holds the alert's row lock).
 */
@ApplicationScoped
class AlertEscalations implements EscalatedAlerts {

    private final AlertRepository alerts;
    private final AlertEffects effects;
    private final AssignmentMetrics assignmentMetrics;

    AlertEscalations(AlertRepository alerts, AlertEffects effects, AssignmentMetrics assignmentMetrics) {
        this.alerts = alerts;
        this.effects = effects;
        this.assignmentMetrics = assignmentMetrics;
    }

    @Override
    public Uni<List<UUID>> claimDue(Instant now, int limit) {
        return alerts.claimDueForEscalation(now, limit);
    }

    @Override
    public Uni<Due> find(UUID alertId) {
        return alert(alertId).map(alert -> alert == null ? null
                : new Due(alertId, alert.getCareTeamId(), alert.getSeverity(), alert.getEscalations(),
                        alert.getAssignee()));
    }

    @Override
    public Uni<Integer> page(UUID alertId, String notificationId, Instant at) {
        return alert(alertId).flatMap(alert -> effects.page(alert,
                new Notify(notificationId, Notification.UNACKNOWLEDGED, Audience.ESCALATION, at)));
    }

    @Override
    public Uni<Integer> pageAssignee(UUID alertId, String notificationId, Instant at) {
        return alert(alertId).flatMap(alert -> effects.pageAssignee(alert,
                        new Notify(notificationId, Notification.UNACKNOWLEDGED, Audience.ASSIGNEE, at)))
                .invoke(reached -> {
                    if (reached > 0) {
                        assignmentMetrics.escalatedToAssignee();
                    }
                });
    }

    @Override
    public Uni<Integer> pageOnCall(UUID alertId, String notificationId, Instant at, String subject) {
        return alert(alertId).flatMap(alert -> effects.pageOnCall(alert,
                new Notify(notificationId, Notification.UNACKNOWLEDGED, Audience.ESCALATION, at), subject));
    }

    @Override
    public Uni<Void> recordRound(UUID alertId, boolean reached, Instant at, Instant nextDue, String detail) {
        return alert(alertId).flatMap(alert -> {
            if (reached) {
                alert.escalated(at, nextDue);
            } else {
                alert.escalationUnsent(at, nextDue);
            }
            TimelineEntry entry = new TimelineEntry(alertId, null, TimelineEntry.Kind.ESCALATION_SENT,
                    alert.getSeverity(), at, null, null, detail);
            // On the feed too: screens show that on-call was paged (the alert's escalations count).
            return effects.apply(alert, entry, FeedEvent.UNACKNOWLEDGED, null);
        }).replaceWithVoid();
    }

    @Override
    public void committed() {
        effects.committed();
    }

    /** The session's copy: found once per round, then from the session's first-level cache. */
    private Uni<Alert> alert(UUID alertId) {
        return alerts.findById(alertId);
    }
}
