package org.portwatch.alert.alerts;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.portwatch.alert.alerts.AlertEffects.Notify;
import org.portwatch.alert.escalation.EscalationPolicies;
import org.portwatch.alert.notification.Audience;
import org.portwatch.alert.notification.Notification;

/**
 * One escalation round of one alert, for the escalation scheduler: the on-call contacts are notified, the timeline
 * says so, and the next round is due a repeat interval later. The caller holds the alert's row lock.
 */
@ApplicationScoped
public class AlertEscalations {

    /** The live feed's event type of an escalation round. */
    public static final String FEED_TYPE = "UNACKNOWLEDGED";

    private final AlertEffects effects;
    private final EscalationPolicies policies;
    private final AlertMetrics metrics;

    AlertEscalations(AlertEffects effects, EscalationPolicies policies, AlertMetrics metrics) {
        this.effects = effects;
        this.policies = policies;
        this.metrics = metrics;
    }

    /**
     * Escalates the (locked, due, OPEN) alert {@code alertId}; inside the caller's transaction. The round goes to the
     * on-call reach of the team (its whole care team when the policy names no on-call contact, or when nobody on call
     * has a channel); a round that reached nobody is on the timeline and the feed as such, is not counted as sent,
     * and the next one is due a repeat interval later all the same (someone may subscribe meanwhile).
     */
    public Uni<Void> escalate(String alertId, Instant now) {
        UUID id = UUID.fromString(alertId);
        return Panache.getSession().flatMap(session -> session.find(Alert.class, id))
                .flatMap(alert -> policies.of(alert.getCareTeamId()).flatMap(policy -> {
                    int round = alert.getEscalations() + 1;
                    String notificationId = UUID.nameUUIDFromBytes((alertId + "|UNACKNOWLEDGED|" + round)
                            .getBytes(StandardCharsets.UTF_8)).toString();
                    Notify notify = new Notify(notificationId, Notification.UNACKNOWLEDGED, Audience.ESCALATION, now);
                    if (policy.contacts().isEmpty()) {
                        metrics.escalationUnreachable(AlertMetrics.Unreachable.NO_ON_CALL_CONTACT);
                    }
                    return effects.page(alert, notify).flatMap(reached -> {
                        if (reached > 0) {
                            alert.escalated(now, now.plus(policy.repeatEvery()));
                        } else {
                            alert.escalationUnsent(now, now.plus(policy.repeatEvery()));
                        }
                        String detail = reached > 0
                                ? "Not acknowledged: round " + round + (policy.contacts().isEmpty()
                                        ? " to the whole care team (no on-call contact in the escalation policy)"
                                        : " to the on-call contacts")
                                : "Not acknowledged: round " + round + " reached nobody (no on-call contact, push"
                                        + " subscription or webhook); next round in " + policy.repeatEvery();
                        TimelineEntry entry = new TimelineEntry(id, null, TimelineEntry.Kind.ESCALATION_SENT,
                                alert.getSeverity(), now, null, null, detail);
                        // On the feed too: screens show that on-call was paged (the alert's escalations count).
                        return effects.apply(alert, entry, FEED_TYPE, null).invoke(item -> {
                            if (reached > 0) {
                                metrics.escalated(alert.getSeverity());
                            } else {
                                metrics.escalationUnreachable(AlertMetrics.Unreachable.NOBODY_PAGED);
                            }
                        });
                    });
                }))
                .replaceWithVoid();
    }

    /** After the scheduler's transaction committed. */
    public void committed() {
        effects.committed();
    }
}
