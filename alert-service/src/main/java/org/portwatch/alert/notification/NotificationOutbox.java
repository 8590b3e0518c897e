package org.portwatch.alert.notification;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.portwatch.alert.database.BatchScope;
import org.portwatch.model.Json;
import org.portwatch.model.Severity;

/**
 * Writes ({@link NotificationOutboxRepository}) one outbox row per (notification, channel, target) in the caller's
 * transaction — the one that recorded the event — so an event is notified if and only if it was recorded, and a
 * redelivered event finds its rows already there (unique key) and notifies nobody twice.
 * {@link NotificationDispatcher} sends the rows.
 */
@ApplicationScoped
public class NotificationOutbox {

    private final Clock clock;

    private final List<NotificationChannel> channels;
    private final NotificationOutboxRepository repository;

    public NotificationOutbox(Instance<NotificationChannel> channels, NotificationOutboxRepository repository,
            Clock clock) {
        this.clock = clock;
        this.repository = repository;
        this.channels = channels.stream().toList();
    }

    /** The channels this service has; a tag value set for metrics. */
    public List<Channel> channels() {
        return channels.stream().map(NotificationChannel::channel).toList();
    }

    /**
     * Queues {@code notification} for every target of every channel that {@code audience} of its care team has.
     * Must run inside a Hibernate Reactive transaction. Answers the number of rows queued (0 for a duplicate).
     */
    public Uni<Integer> enqueue(Notification notification, Audience audience, Instant occurredAt) {
        return enqueueCounting(notification, audience, occurredAt).map(Queued::rows);
    }

    /** Rows inserted now, and targets found (a redelivery finds its targets and inserts nothing). */
    private record Queued(int rows, int targets) {
    }

    /**
     * Queues an escalation round for the care team's on-call reach: its ESCALATION webhooks and the push subscriptions
     * of its on-call contacts (of the whole team when the policy names none). When that reaches nobody, the round goes
     * to the whole care team's channels instead (CARE_TEAM webhooks and push subscriptions). Answers how many targets
     * the round went to: 0 only when nobody at all can be paged.
     */
    public Uni<Integer> enqueueEscalation(Notification notification, Instant occurredAt) {
        return enqueueCounting(notification, Audience.ESCALATION, occurredAt)
                .flatMap(onCall -> onCall.targets() > 0 ? Uni.createFrom().item(onCall.targets())
                        : enqueueCounting(notification, Audience.CARE_TEAM, occurredAt).map(Queued::targets));
    }

    /**
     * Queues {@code notification} for one clinician of its care team ({@code subject}: the assignee) on the channels
     * that reach a person ({@link NotificationChannel#personalTargets}), as audience {@link Audience#ASSIGNEE}.
     * Answers how many targets it went to (0: they have no device subscribed for the team).
     */
    public Uni<Integer> enqueueFor(Notification notification, String subject, Instant occurredAt) {
        return enqueueFor(notification, subject, Audience.ASSIGNEE, occurredAt);
    }

    /**
     * As {@link #enqueueFor(Notification, String, Instant)}, for {@code audience}: {@link Audience#ESCALATION} for a
     * round to one level of the on-call chain.
     */
    public Uni<Integer> enqueueFor(Notification notification, String subject, Audience audience, Instant occurredAt) {
        Uni<Integer> personal = enqueueCounting(notification, audience, occurredAt,
                channel -> memo(channel, "personal|" + subject, notification.careTeamId(),
                        () -> channel.personalTargets(notification.careTeamId(), subject))).map(Queued::targets);
        if (audience != Audience.ESCALATION) {
            return personal;
        }
        // A level of the on-call chain reached: the team's ESCALATION webhooks (its paging system) get the round too,
        // as every round without a schedule, so a team that pages through them loses nothing by setting one. They
        // do not count as reaching the level: a level without a device still sends the round up the chain (whose
        // fallback, the flat reach, includes those webhooks).
        return personal.flatMap(reached -> reached == 0 ? Uni.createFrom().item(0)
                : enqueueCounting(notification, audience, occurredAt, channel -> channel.channel() == Channel.WEBHOOK
                        ? teamTargets(channel, notification.careTeamId(), Audience.ESCALATION)
                        : Uni.createFrom().item(List.<String>of())).replaceWith(reached));
    }

    private Uni<Queued> enqueueCounting(Notification notification, Audience audience, Instant occurredAt) {
        return enqueueCounting(notification, audience, occurredAt,
                channel -> teamTargets(channel, notification.careTeamId(), audience));
    }

    private static Uni<List<String>> teamTargets(NotificationChannel channel, String careTeamId, Audience audience) {
        return memo(channel, audience.name(), careTeamId, () -> channel.targets(careTeamId, audience));
    }

    /**
     * {@code targets}, read once per batch ({@link BatchScope}) for the same channel, team and reach: a batch's
     * hundred events of one team would otherwise read its webhooks and subscriptions a hundred times each. A webhook
     * added meanwhile gets the next batch's notifications, as it would an event recorded a moment earlier.
     */
    private static Uni<List<String>> memo(NotificationChannel channel, String reach, String careTeamId,
            java.util.function.Supplier<Uni<List<String>>> targets) {
        BatchScope batch = BatchScope.current();
        return batch == null ? targets.get()
                : batch.memo("targets|" + channel.channel() + "|" + reach, careTeamId, targets);
    }

    private Uni<Queued> enqueueCounting(Notification notification, Audience audience, Instant occurredAt,
            java.util.function.Function<NotificationChannel, Uni<List<String>>> targetsOf) {
        if (notification.careTeamId() == null) {
            return Uni.createFrom().item(new Queued(0, 0));
        }
        String payload = json(notification);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Uni<Queued> queued = Uni.createFrom().item(new Queued(0, 0));
        for (NotificationChannel channel : channels) {
            // One after the other: a reactive session runs one statement at a time.
            queued = queued.flatMap(sofar -> targetsOf.apply(channel)
                    .flatMap(targets -> insertAll(notification, channel.channel(), targets, audience, payload, now,
                            occurredAt == null ? now : occurredAt)
                            .map(rows -> new Queued(sofar.rows() + rows, sofar.targets() + targets.size()))));
        }
        return queued;
    }

    private Uni<Integer> insertAll(Notification notification, Channel channel, List<String> targets,
            Audience audience, String payload, Instant now, Instant occurredAt) {
        boolean urgent = notification.severity() == Severity.HIGH || notification.severity() == Severity.CRITICAL;
        Uni<Integer> inserted = Uni.createFrom().item(0);
        for (String target : targets) {
            inserted = inserted.flatMap(sofar -> repository
                    .insert(notification.id(), channel, target, audience, payload, now, occurredAt)
                    .flatMap(queued -> queued == 0 || !urgent || notification.alertId() == null
                            ? Uni.createFrom().item(queued)
                            : repository.hurryEarlier(channel, target, notification.alertId(), now).replaceWith(queued))
                    .map(queued -> sofar + queued));
        }
        return inserted;
    }

    static String json(Notification notification) {
        try {
            return Json.mapper().writeValueAsString(notification);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a Notification is always serializable", e);
        }
    }
}
