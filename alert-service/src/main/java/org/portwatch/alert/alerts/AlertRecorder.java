package org.portwatch.alert.alerts;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.LockMode;
import org.portwatch.alert.alerts.AlertEffects.Notify;
import org.portwatch.alert.escalation.EscalationPolicies;
import org.portwatch.alert.notification.Audience;
import org.portwatch.alert.notification.Notification;
import org.portwatch.alert.patient.Patient;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;

/**
 * Records one detector event as the alert of record: creates or updates the row by alertId under a row lock,
 * and — only if the event's eventId is new — adds it to the timeline, the live feed and the notification outbox
 * in the same transaction. The same event twice (a redelivery, a replay after a restart) changes nothing.
 */
@ApplicationScoped
public class AlertRecorder {

    static final String SEEN = "SELECT count(*) FROM alert_timeline WHERE event_id = ?1";

    private final AlertEffects effects;
    private final EscalationPolicies policies;

    AlertRecorder(AlertEffects effects, EscalationPolicies policies) {
        this.effects = effects;
        this.policies = policies;
    }

    /** What recording an event did. */
    public enum Outcome {
        STORED, DUPLICATE
    }

    /** Records {@code event} in its own transaction; on success the feed and dispatcher are woken. */
    public Uni<Outcome> record(AlertEvent event) {
        UUID alertId = UUID.fromString(event.alertId());
        UUID eventId = UUID.fromString(event.eventId());
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session ->
                        session.find(Alert.class, alertId, LockMode.PESSIMISTIC_WRITE)
                                .flatMap(existing -> existing == null ? create(event)
                                        : seen(eventId).flatMap(dup -> dup ? Uni.createFrom().nullItem() : apply(existing, event)))))
                .map(item -> item == null ? Outcome.DUPLICATE : Outcome.STORED)
                .invoke(outcome -> {
                    if (outcome == Outcome.STORED) {
                        effects.committed();
                    }
                });
    }

    private Uni<Boolean> seen(UUID eventId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(SEEN, Long.class)
                .setParameter(1, eventId).getSingleResult()).map(count -> count > 0);
    }

    private Uni<AlertItem> create(AlertEvent event) {
        return Panache.getSession()
                .flatMap(session -> session.find(Patient.class, event.patientId()))
                .flatMap(patient -> {
                    Alert alert = Alert.of(event, patient == null ? null : patient.getCareTeamId());
                    return Panache.getSession().flatMap(session -> session.persist(alert)).replaceWith(alert);
                })
                .flatMap(alert -> apply(alert, event));
    }

    private Uni<AlertItem> apply(Alert alert, AlertEvent event) {
        return policies.of(alert.getCareTeamId()).flatMap(policy -> {
            TimelineEntry.Kind kind;
            String type;
            switch (event.transition()) {
                case RAISED -> {
                    kind = TimelineEntry.Kind.RAISED;
                    type = Notification.RAISED;
                    if (alert.getStatus() == AlertStatus.OPEN && alert.getEscalations() == 0) {
                        alert.scheduleEscalation(policy.firstDue(alert.getSeverity(), alert.getRaisedAt()));
                    }
                }
                case ESCALATED -> {
                    kind = TimelineEntry.Kind.ESCALATED;
                    type = Notification.ESCALATED;
                    alert.escalate(event);
                    if (alert.getStatus() == AlertStatus.OPEN && alert.getEscalations() == 0) {
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
            return effects.apply(alert, entry, event.transition().name(),
                    new Notify(event.eventId(), type, Audience.CARE_TEAM, event.detectedAt()));
        });
    }

    /** The rule in words ("Withdrawn: ..." for an alert later readings proved wrong), and whether it came late. */
    private static String detail(AlertEvent event) {
        String rule = event.rule() == null ? "" : event.rule();
        String text = event.late() ? rule + " (detected late: readings arrived after a delay)" : rule;
        return text.length() <= 500 ? text : text.substring(0, 497) + "...";
    }

    static boolean valid(AlertEvent event) {
        if (event == null || event.patientId() == null || event.condition() == null || event.severity() == null
                || event.transition() == null || event.episodeStart() == null || event.detectedAt() == null) {
            return false;
        }
        try {
            UUID.fromString(event.alertId());
            UUID.fromString(event.eventId());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static AlertTransition transitionOf(AlertEvent event) {
        return event == null ? null : event.transition();
    }
}
