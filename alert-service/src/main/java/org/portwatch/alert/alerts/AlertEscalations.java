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

    /** Escalates the (locked, due, OPEN) alert {@code alertId}; inside the caller's transaction. */
    public Uni<Void> escalate(String alertId, Instant now) {
        UUID id = UUID.fromString(alertId);
        return Panache.getSession().flatMap(session -> session.find(Alert.class, id))
                .flatMap(alert -> policies.of(alert.getCareTeamId()).flatMap(policy -> {
                    int round = alert.getEscalations() + 1;
                    alert.escalated(now, now.plus(policy.repeatEvery()));
                    TimelineEntry entry = new TimelineEntry(id, null, TimelineEntry.Kind.ESCALATION_SENT,
                            alert.getSeverity(), now, null, null,
                            "Not acknowledged: round " + round + " to the on-call contacts");
                    String notificationId = UUID.nameUUIDFromBytes((alertId + "|UNACKNOWLEDGED|" + round)
                            .getBytes(StandardCharsets.UTF_8)).toString();
                    // On the feed too: screens show that on-call was paged (the alert's escalations count).
                    return effects.apply(alert, entry, FEED_TYPE,
                                    new Notify(notificationId, Notification.UNACKNOWLEDGED, Audience.ESCALATION, now))
                            .invoke(item -> metrics.escalated(alert.getSeverity()));
                }))
                .replaceWithVoid();
    }

    /** After the scheduler's transaction committed. */
    public void committed() {
        effects.committed();
    }
}
