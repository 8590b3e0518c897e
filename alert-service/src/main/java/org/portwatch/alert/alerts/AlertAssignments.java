package org.portwatch.alert.alerts;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.portwatch.alert.alerts.AlertEffects.Notify;
import org.portwatch.alert.assignment.AssignableAlerts;
import org.portwatch.alert.feed.FeedEvent;
import org.portwatch.alert.notification.Audience;
import org.portwatch.alert.notification.Notification;

/**
 * The alerts of record as assignment sees them ({@link AssignableAlerts}): assignment decides who may assign whom and
 * what a comment is; this records it on the alert, its timeline and feed, and queues the assignee's notification, in
 * assignment's transaction (which holds the alert's row lock).
 */
@ApplicationScoped
class AlertAssignments implements AssignableAlerts {

    private final AlertRepository alerts;
    private final AlertEffects effects;

    AlertAssignments(AlertRepository alerts, AlertEffects effects) {
        this.alerts = alerts;
        this.effects = effects;
    }

    @Override
    public Uni<Assignable> findForUpdate(UUID alertId) {
        return alerts.findForUpdate(alertId).map(AlertAssignments::assignable);
    }

    @Override
    public Uni<Assignable> find(UUID alertId) {
        return alerts.findReadOnly(alertId).map(AlertAssignments::assignable);
    }

    private static Assignable assignable(Alert alert) {
        return alert == null ? null : new Assignable(alert.getAlertId(), alert.getCareTeamId(),
                alert.getStatus() == AlertStatus.RESOLVED, alert.getAssignee(), alert.getAssignedAt());
    }

    @Override
    public Uni<Void> assign(UUID alertId, String assignee, String by, Instant at) {
        return alerts.findById(alertId).flatMap(alert -> {
            alert.assignTo(assignee, at);
            TimelineEntry entry = new TimelineEntry(alertId, null,
                    assignee == null ? TimelineEntry.Kind.UNASSIGNED : TimelineEntry.Kind.ASSIGNED, alert.getSeverity(),
                    at, by, null, assignee == null ? null : "to " + assignee);
            // The team's screens see the assignment; only the assignee is notified (the team is not paged for it).
            Notify notify = assignee == null ? null : new Notify(Notify.key(alertId, "ASSIGNED", assignee, at),
                    Notification.ASSIGNED, Audience.ASSIGNEE, at);
            return effects.apply(alert, entry, assignee == null ? FeedEvent.UNASSIGNED : FeedEvent.ASSIGNED, notify);
        }).replaceWithVoid();
    }

    @Override
    public Uni<Void> commented(UUID alertId, String by, Instant at) {
        return alerts.findById(alertId).flatMap(alert -> effects.apply(alert, new TimelineEntry(alertId, null,
                TimelineEntry.Kind.COMMENTED, alert.getSeverity(), at, by, null, null), FeedEvent.COMMENTED, null))
                .replaceWithVoid();
    }

    @Override
    public void committed() {
        effects.committed();
    }
}
