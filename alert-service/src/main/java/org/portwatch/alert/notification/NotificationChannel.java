package org.portwatch.alert.notification;

import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * A way to reach people (a CDI bean per {@link Channel}). The dispatcher asks it for targets when an event is
 * recorded, writing one outbox row per target in the same transaction, and later asks it to deliver each row,
 * retrying with backoff for up to 24 hours. A channel therefore never retries by itself and never throws for a
 * failed delivery: it answers with a {@link DeliveryResult}.
 */
public interface NotificationChannel {

    Channel channel();

    /**
     * The ids of this channel's targets (a webhook's id, a push subscription's id) that {@code audience} of
     * {@code careTeamId} has today. Called inside the Hibernate Reactive transaction that records the event, so
     * use Panache (the session of the caller) and do not start a transaction of your own.
     */
    Uni<List<String>> targets(String careTeamId, Audience audience);

    /**
     * The targets of one clinician ({@code subject}) of {@code careTeamId}: their own devices, for what is meant for
     * them alone ({@link Audience#ASSIGNEE}). None by default: a webhook is the team's, not a person's. Same session
     * rules as {@link #targets}.
     */
    default Uni<List<String>> personalTargets(String careTeamId, String subject) {
        return Uni.createFrom().item(List.of());
    }

    /**
     * One attempt to deliver {@code notification} to {@code target}. Called outside any transaction, at most once
     * at a time per outbox row; {@code attempt} counts from 1. A target deleted meanwhile answers {@code GONE}.
     */
    Uni<DeliveryResult> deliver(String target, Notification notification, int attempt);
}
