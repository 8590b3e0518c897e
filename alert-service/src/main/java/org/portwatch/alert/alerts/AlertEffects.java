package org.portwatch.alert.alerts;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.portwatch.alert.feed.AlertFeed;
import org.portwatch.alert.feed.FeedEvent;
import org.portwatch.alert.grouping.GroupRules;
import org.portwatch.alert.notification.Audience;
import org.portwatch.alert.notification.Notification;
import org.portwatch.alert.notification.NotificationDispatcher;
import org.portwatch.alert.notification.NotificationOutbox;
import org.portwatch.alert.patient.PatientRepository;

/**
 * What follows every change of an alert, inside the transaction that made it: the timeline entry, the live-feed
 * event, the notifications in the outbox — all committed with the change or not at all — and, after the commit,
 * waking this replica's feed streams and dispatcher.
 */
@ApplicationScoped
class AlertEffects {

    private final AlertRepository alerts;
    private final PatientRepository patients;
    private final AlertFeed feed;
    private final NotificationOutbox outbox;
    private final NotificationDispatcher dispatcher;
    private final AlertsConfig config;
    private final AlertGroupRepository groups;

    AlertEffects(AlertRepository alerts, PatientRepository patients, AlertFeed feed, NotificationOutbox outbox,
            NotificationDispatcher dispatcher, AlertsConfig config, AlertGroupRepository groups) {
        this.groups = groups;
        this.alerts = alerts;
        this.patients = patients;
        this.feed = feed;
        this.outbox = outbox;
        this.dispatcher = dispatcher;
        this.config = config;
    }

    /**
     * A notification to send with the change: its idempotency key, its type, who gets it, and why when it is not a
     * new detection ({@code reason}: {@link Notification#HANDED_OVER}, {@link Notification#TRANSFERRED},
     * {@link Notification#RERAISED}; also on the feed event), and on a SEPSIS_RISK's the group it lists
     * ({@code group}; null: looked up when the notification is queued).
     */
    record Notify(String id, String type, Audience audience, Instant occurredAt, String reason,
            List<Notification.Member> group) {

        Notify(String id, String type, Audience audience, Instant occurredAt) {
            this(id, type, audience, occurredAt, null);
        }

        Notify(String id, String type, Audience audience, Instant occurredAt, String reason) {
            this(id, type, audience, occurredAt, reason, null);
        }

        Notify withReason(String why) {
            return new Notify(id, type, audience, occurredAt, why, group);
        }

        Notify withGroup(List<Notification.Member> members) {
            return new Notify(id, type, audience, occurredAt, reason, members);
        }

        /** An idempotency key that no other change can have: the same parts always give the same key. */
        static String key(Object... parts) {
            StringBuilder text = new StringBuilder();
            for (Object part : parts) {
                text.append(text.length() == 0 ? "" : "|").append(part);
            }
            return UUID.nameUUIDFromBytes(text.toString().getBytes(StandardCharsets.UTF_8)).toString();
        }
    }

    /**
     * Records {@code entry}, appends {@code feedType} (null: no feed event) and queues {@code notify} (null: none);
     * answers the alert as lists show it. Call inside a transaction.
     */
    Uni<AlertItem> apply(Alert alert, TimelineEntry entry, String feedType, Notify notify) {
        return apply(alert, entry, feedType, notify == null ? null : notify.reason(), notify);
    }

    /** As {@link #apply(Alert, TimelineEntry, String, Notify)}, with the feed event's own reason (UNSNOOZED's). */
    Uni<AlertItem> apply(Alert alert, TimelineEntry entry, String feedType, String feedReason, Notify notify) {
        return alerts.addToTimeline(entry)
                .flatMap(persisted -> patients.profile(alert.getPatientId()))
                .flatMap(patient -> {
                    String name = patient == null ? null : patient.getDisplayName();
                    AlertItem item = AlertItem.of(alert, name);
                    Uni<Void> fed = feedType == null ? Uni.createFrom().voidItem()
                            : feed.append(feedType, feedReason, item);
                    return fed.flatMap(ignored -> notify == null ? Uni.createFrom().item(0)
                                    : notify.audience() == Audience.ASSIGNEE
                            ? outbox.enqueueFor(notification(alert, notify, name), alert.getAssignee(), notify.occurredAt())
                            : grouped(alert, notify).flatMap(told -> outbox.enqueue(
                                    notification(alert, told, name), told.audience(), told.occurredAt())))
                            .replaceWith(item);
                });
    }

    /**
     * Queues an escalation round ({@code notify}, audience ESCALATION) with the on-call reach of
     * {@link NotificationOutbox#enqueueEscalation}; answers how many targets it went to (0: nobody could be paged).
     * Call inside a transaction.
     */
    Uni<Integer> page(Alert alert, Notify notify) {
        return patients.profile(alert.getPatientId())
                .flatMap(patient -> grouped(alert, notify).flatMap(told -> outbox.enqueueEscalation(
                        notification(alert, told, patient == null ? null : patient.getDisplayName()),
                        told.occurredAt())));
    }

    /** {@code notify} with the group of a SEPSIS_RISK it is about: its open members, looked up unless given. */
    private Uni<Notify> grouped(Alert alert, Notify notify) {
        if (notify.group() != null || !GroupRules.isParent(alert.getCondition())) {
            return Uni.createFrom().item(notify);
        }
        return groups.childrenOf(alert.getAlertId())
                .map(children -> notify.withGroup(AlertGroups.members(AlertGroups.openMembers(alert, children, null))));
    }

    /**
     * Queues an escalation round ({@code notify}) for the alert's assignee alone (their own devices); answers how many
     * targets it went to (0: they have none, and the round must go to on-call instead). Call inside a transaction.
     */
    Uni<Integer> pageAssignee(Alert alert, Notify notify) {
        return patients.profile(alert.getPatientId())
                .flatMap(patient -> outbox.enqueueFor(
                        notification(alert, notify, patient == null ? null : patient.getDisplayName()),
                        alert.getAssignee(), notify.occurredAt()));
    }

    /**
     * Queues an escalation round ({@code notify}) for one clinician of the team's on-call chain ({@code subject}) on
     * their own devices; answers how many targets it went to (0: none, the round goes up the chain). Call inside a
     * transaction.
     */
    Uni<Integer> pageOnCall(Alert alert, Notify notify, String subject) {
        return patients.profile(alert.getPatientId())
                .flatMap(patient -> grouped(alert, notify).flatMap(told -> outbox.enqueueFor(
                        notification(alert, told, patient == null ? null : patient.getDisplayName()),
                        subject, Audience.ESCALATION, told.occurredAt())));
    }

    /**
     * Tells the screens of {@code formerTeam} that the alert left with its patient ({@code TRANSFERRED}), so it
     * drops off their list at once; without the patient's name, which that team no longer needs.
     */
    Uni<Void> departed(Alert alert, String formerTeam) {
        return feed.append(formerTeam, FeedEvent.TRANSFERRED, null, AlertItem.of(alert, null));
    }

    /** After the transaction committed. */
    void committed() {
        feed.committed();
        dispatcher.wake();
    }

    Notification notification(Alert alert, Notify notify, String patientName) {
        String base = config.dashboardUrl().endsWith("/") ? config.dashboardUrl() : config.dashboardUrl() + "/";
        return new Notification(notify.id(), notify.type(), alert.getAlertId().toString(), alert.getCareTeamId(),
                alert.getCondition(), alert.getSeverity(), alert.getStatus().name(), notify.occurredAt(),
                label(patientName), base + "#/alerts/" + alert.getAlertId(), notify.reason(),
                notify.group() == null || (notify.group().isEmpty() && !Notification.GROUP_UPDATED.equals(notify.type()))
                        ? null : notify.group());
    }

    /**
     * Initials of the display name — "J. Doe (bed 12)" gives "J.D." — enough to tell two alerts apart on a pager,
     * too little to identify anyone. Words in brackets and words without a leading letter are left out.
     */
    static String label(String displayName) {
        if (displayName == null) {
            return "";
        }
        StringBuilder initials = new StringBuilder();
        boolean bracket = false;
        for (String word : displayName.trim().split("[\\s,]+")) {
            if (word.startsWith("(")) {
                bracket = true;
            }
            boolean skip = bracket || word.isEmpty() || !Character.isLetter(word.codePointAt(0));
            if (word.endsWith(")")) {
                bracket = false;
            }
            if (!skip && initials.length() < 6) {
                initials.appendCodePoint(Character.toUpperCase(word.codePointAt(0))).append('.');
            }
        }
        return initials.toString().toUpperCase(Locale.ROOT);
    }
}
