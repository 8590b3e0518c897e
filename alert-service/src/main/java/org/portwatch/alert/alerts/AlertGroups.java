package org.portwatch.alert.alerts;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.portwatch.alert.alerts.AlertEffects.Notify;
import org.portwatch.alert.escalation.EscalationPolicies;
import org.portwatch.alert.feed.FeedEvent;
import org.portwatch.alert.grouping.GroupRules;
import org.portwatch.alert.grouping.GroupedAlerts;
import org.portwatch.alert.grouping.GroupingMetrics;
import org.portwatch.alert.grouping.GroupingMetrics.Release;
import org.portwatch.alert.grouping.GroupingSettings;
import org.portwatch.alert.notification.Audience;
import org.portwatch.alert.notification.Notification;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.alert.audit.AuditLog;

/**
 * Inhibition and grouping of a patient's alerts (grouping's {@link GroupRules}), applied inside the transaction that
 * records a detector event ({@link AlertRecorder}) or a clinician's resolution ({@link AlertService}), so a group is
 * formed, changed and released exactly once per event, with the event:
 * <ul>
 * <li>a FEVER or TACHYCARDIA raised while the patient's SEPSIS_RISK is open joins it at once; a SEPSIS_RISK raised
 * takes in the patient's open ones. A grouped child's own notifications and escalation stop (counted as inhibited);
 * instead the parent's notification is sent again, updated ({@code alert.group.updated}, one idempotency key per
 * change), listing the group;</li>
 * <li>a grouped child that is CRITICAL, or more severe than its parent, notifies and escalates anyway (reason
 * {@code ABOVE_GROUP});</li>
 * <li>a grouped child that resolves leaves the group (an update of the parent, not a notification of its own);</li>
 * <li>when the parent resolves — or the team switches grouping off — the still-open children are released: each is
 * notified as RAISED with reason {@code UNGROUPED} and escalates from then, so a fever that goes on is never silent.</li>
 * </ul>
 * Locks are taken parent first, then children in alertId order, as every path here does, so two of them cannot
 * deadlock; a new child (not visible to anyone else yet) locks its parent.
 */
@ApplicationScoped
class AlertGroups implements GroupedAlerts {

    private final AlertGroupRepository groups;
    private final AlertRepository alerts;
    private final AlertEffects effects;
    private final EscalationPolicies policies;
    private final GroupingSettings settings;
    private final GroupingMetrics metrics;
    private final AuditLog audit;

    AlertGroups(AlertGroupRepository groups, AlertRepository alerts, AlertEffects effects,
            EscalationPolicies policies, GroupingSettings settings, GroupingMetrics metrics, AuditLog audit) {
        this.groups = groups;
        this.alerts = alerts;
        this.effects = effects;
        this.policies = policies;
        this.settings = settings;
        this.metrics = metrics;
        this.audit = audit;
    }

    /**
     * What grouping makes of one event of a not-resolved alert, decided before it is applied.
     *
     * @param parent    the SEPSIS_RISK the alert (a child) is or becomes grouped under; null when none
     * @param joined    the child joins {@code parent} with this event
     * @param inhibited the child's own notification of this event is not sent, nor its escalation scheduled
     * @param members   on a parent's event: its group as its notification lists it; null: look it up
     */
    record Decision(Alert parent, boolean joined, boolean inhibited, List<Alert> members) {

        static final Decision NONE = new Decision(null, false, false, null);

        boolean grouped() {
            return parent != null;
        }
    }

    /** Decides (and for a parent, does) what grouping makes of {@code event} on the open {@code alert}. */
    Uni<Decision> decide(Alert alert, AlertEvent event) {
        if (alert.getCareTeamId() == null) {
            return Uni.createFrom().item(Decision.NONE);
        }
        if (GroupRules.isChild(alert.getCondition())) {
            if (alert.getGroupedUnder() != null) {
                return alerts.findById(alert.getGroupedUnder()).map(parent -> {
                    if (parent == null || parent.getStatus() == AlertStatus.RESOLVED) {
                        return Decision.NONE;
                    }
                    boolean silent = event.transition() == AlertTransition.RESOLVED
                            || !GroupRules.notifiesAnyway(event.severity(), parent.getSeverity());
                    return new Decision(parent, false, silent, null);
                });
            }
            if (event.transition() != AlertTransition.RAISED) {
                return Uni.createFrom().item(Decision.NONE);
            }
            return groups.openParentForUpdate(alert.getPatientId(), alert.getCareTeamId(), settings.enabledByDefault())
                    .map(parent -> parent == null ? Decision.NONE : new Decision(parent, true,
                            !GroupRules.notifiesAnyway(event.severity(), parent.getSeverity()), null));
        }
        if (GroupRules.isParent(alert.getCondition())) {
            if (event.transition() == AlertTransition.RAISED) {
                return takeIn(alert, event.detectedAt());
            }
            if (event.transition() == AlertTransition.RESOLVED) {
                return release(alert, Release.PARENT_RESOLVED, null, event.detectedAt())
                        .replaceWith(new Decision(null, false, false, List.of()));
            }
        }
        return Uni.createFrom().item(Decision.NONE);
    }

    /**
     * Applies the event as {@code decision} says: the child's own effects (its notification only when not
     * inhibited), then, when the group changed, the parent's updated notification. Answers the alert as lists show it.
     */
    Uni<AlertItem> apply(Alert alert, TimelineEntry entry, String feedType, Notify notify, Decision decision) {
        // notify is null when the alert is snoozed or silenced: nothing of its own is sent, the group still changes.
        if (!decision.grouped()) {
            Notify told = decision.members() == null || notify == null ? notify
                    : notify.withGroup(members(decision.members()));
            return effects.apply(alert, entry, feedType, told);
        }
        Alert parent = decision.parent();
        if (decision.joined()) {
            alert.groupUnder(parent.getAlertId(), entry.getAt(), decision.inhibited());
        }
        if (decision.inhibited()) {
            metrics.inhibited(alert.getCondition());
        }
        Notify own = decision.inhibited() || notify == null ? null : notify.withReason(Notification.ABOVE_GROUP);
        boolean left = alert.getStatus() == AlertStatus.RESOLVED;
        Uni<AlertItem> applied = effects.apply(alert, entry, feedType, own);
        if (!decision.joined() && !left) {
            return applied;
        }
        return applied.call(item -> groupChanged(parent, alert, decision.joined(), entry.getAt()));
    }

    /** A new parent takes in the patient's open FEVER and TACHYCARDIA (those of its team, when the team groups). */
    private Uni<Decision> takeIn(Alert parent, Instant at) {
        return groups.ungroupedChildrenForUpdate(parent.getPatientId(), parent.getCareTeamId(), settings.enabledByDefault())
                .flatMap(children -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Alert child : children) {
                        chain = chain.flatMap(ignored -> {
                            boolean silent = !GroupRules.notifiesAnyway(child.getSeverity(), parent.getSeverity());
                            child.groupUnder(parent.getAlertId(), at, silent);
                            TimelineEntry entry = new TimelineEntry(child.getAlertId(), null, TimelineEntry.Kind.GROUPED,
                                    child.getSeverity(), at, null, null, "Grouped under SEPSIS_RISK alert "
                                    + parent.getAlertId() + (silent ? ": notified through it from now"
                                    : ": still notified on its own (" + child.getSeverity() + ")"));
                            return effects.apply(child, entry, FeedEvent.GROUPED, null).replaceWithVoid();
                        });
                    }
                    if (!children.isEmpty()) {
                        metrics.formed();
                    }
                    return chain.replaceWith(new Decision(null, false, false, children));
                });
    }

    /**
     * The parent's notification again, updated: {@code child} joined ({@code joined}) or left (it resolved). On the
     * parent's timeline; a key per parent, child and change, so a redelivered event sends it once.
     */
    private Uni<Void> groupChanged(Alert parent, Alert child, boolean joined, Instant at) {
        return groups.childrenOf(parent.getAlertId()).flatMap(children -> {
            List<Alert> open = openMembers(parent, children, joined ? child : null);
            if (joined && open.size() == 1) {
                metrics.formed();
            }
            String change = joined ? "JOINED" : "LEFT";
            TimelineEntry entry = new TimelineEntry(parent.getAlertId(), null, TimelineEntry.Kind.GROUP_CHANGED,
                    parent.getSeverity(), at, null, null, child.getCondition() + " alert " + child.getAlertId()
                    + (joined ? " joined the group" : " left the group (resolved)"));
            // A snoozed parent sends no update (a snooze is quiet: recorded and shown, not notified); the notification
            // at its end carries the group as it is then. A member that notifies anyway (ABOVE_GROUP) still does.
            Notify update = parent.isSnoozed() ? null : new Notify(Notify.key(parent.getAlertId(),
                    Notification.GROUP_UPDATED, child.getAlertId(), change), Notification.GROUP_UPDATED,
                    Audience.CARE_TEAM, at, null, members(open));
            return effects.apply(parent, entry, null, update).replaceWithVoid();
        });
    }

    /**
     * Releases the open children of {@code parent}: each notifies (RAISED, reason UNGROUPED) and, when nobody
     * acknowledged it, escalates from {@code at}. {@code actor}: the clinician whose resolution released them, null
     * for the detector.
     */
    private Uni<Integer> release(Alert parent, Release why, String actor, Instant at) {
        return groups.openChildrenForUpdate(parent.getAlertId())
                .flatMap(children -> each(children, child -> releaseChild(child, why, actor, at)))
                .invoke(count -> {
                    if (count > 0) {
                        metrics.released(why, count);
                    }
                });
    }

    private Uni<Void> releaseChild(Alert child, Release why, String actor, Instant at) {
        java.util.UUID parent = child.getGroupedUnder();
        child.ungroup(at);
        return policies.of(child.getCareTeamId()).flatMap(policy -> {
            if (child.getStatus() == AlertStatus.OPEN) {
                child.scheduleEscalation(policy.firstDue(child.getSeverity(), at));
            }
            String detail = (why == Release.PARENT_RESOLVED ? "SEPSIS_RISK alert " + parent + " resolved"
                    : "Grouping switched off for the care team") + ": notified and escalated on its own from now";
            TimelineEntry entry = new TimelineEntry(child.getAlertId(), null, TimelineEntry.Kind.UNGROUPED,
                    child.getSeverity(), at, actor, null, detail);
            Notify notify = new Notify(Notify.key(child.getAlertId(), Notification.UNGROUPED, parent),
                    Notification.RAISED, Audience.CARE_TEAM, at, Notification.UNGROUPED);
            return effects.apply(child, entry, FeedEvent.RAISED, notify).replaceWithVoid();
        });
    }

    /**
     * A clinician resolved {@code alert}: when it heads a group, its open children are released in the same
     * transaction (before the parent's own notification, which then lists no group); when it is a grouped child, it
     * left the group, and the parent's notification is updated (the clinician's resolution is told as well: it is
     * news to the rest of the team, not noise).
     */
    Uni<Void> resolvedByClinician(Alert alert, String actor, Instant at) {
        if (alert.getStatus() != AlertStatus.RESOLVED) {
            return Uni.createFrom().voidItem();
        }
        if (GroupRules.isParent(alert.getCondition())) {
            return release(alert, Release.PARENT_RESOLVED, actor, at).replaceWithVoid();
        }
        if (alert.getGroupedUnder() == null) {
            return Uni.createFrom().voidItem();
        }
        return alerts.findById(alert.getGroupedUnder()).flatMap(parent -> parent == null
                || parent.getStatus() == AlertStatus.RESOLVED ? Uni.createFrom().voidItem()
                : groupChanged(parent, alert, false, at));
    }

    @Override
    public Uni<Integer> releaseAll(String careTeamId, String actor, Instant at) {
        return groups.openGroupedOfTeamForUpdate(careTeamId)
                .flatMap(children -> each(children, child -> releaseChild(child, Release.GROUPING_OFF, actor, at)
                        .call(() -> audit.record(actor, "alert.ungroup", "alert", child.getAlertId().toString(),
                                Map.of("reason", "grouping-off")))));
    }

    @Override
    public void committed() {
        effects.committed();
    }

    /** The open alerts of a group: {@code children} as this session sees them, and {@code joining}, new. */
    static List<Alert> openMembers(Alert parent, List<Alert> children, Alert joining) {
        List<Alert> open = new ArrayList<>();
        for (Alert child : children) {
            if (parent.getAlertId().equals(child.getGroupedUnder()) && child.getStatus() != AlertStatus.RESOLVED
                    && (joining == null || !child.getAlertId().equals(joining.getAlertId()))) {
                open.add(child);
            }
        }
        if (joining != null) {
            open.add(joining);
        }
        return open;
    }

    static List<Notification.Member> members(List<Alert> alerts) {
        return alerts.stream().map(a -> new Notification.Member(a.getAlertId().toString(), a.getCondition(),
                a.getSeverity(), a.getStatus().name())).toList();
    }

    private static Uni<Integer> each(List<Alert> alerts, java.util.function.Function<Alert, Uni<Void>> change) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Alert alert : alerts) {
            chain = chain.flatMap(ignored -> change.apply(alert));
        }
        return chain.replaceWith(alerts.size());
    }
}
