package org.portwatch.alert.escalation;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.portwatch.model.Severity;

/**
 * What an escalation round needs of the alerts of record, implemented by the package that owns them: read the due
 * alert, queue the round's notification to the on-call reach, record the round on the alert (its timeline, the live
 * feed). Every call joins the caller's transaction, which holds the alert's row lock.
 */
public interface EscalatedAlerts {

    /**
     * A due alert as escalation sees it: its team (null: none yet), severity, rounds sent so far and the clinician it
     * is assigned to (null: nobody).
     */
    record Due(UUID alertId, String careTeamId, Severity severity, int roundsSent, String assignee) {
    }

    /**
     * Up to {@code limit} OPEN alerts whose escalation is due at {@code now}, each locked until the transaction ends
     * and skipped by other replicas' rounds meanwhile ({@code FOR UPDATE SKIP LOCKED}), oldest due first.
     */
    Uni<List<UUID>> claimDue(Instant now, int limit);

    /** The alert {@code alertId}; null when it is gone. */
    Uni<Due> find(UUID alertId);

    /**
     * Queues the round's notification {@code notificationId} (an idempotency key) for the team's on-call reach — the
     * whole team when nobody on call has a channel — and answers how many targets it went to (0: nobody).
     */
    Uni<Integer> page(UUID alertId, String notificationId, Instant at);

    /**
     * Queues the round's notification {@code notificationId} for the alert's assignee alone (their own devices) and
     * answers how many targets it went to (0: they have none).
     */
    Uni<Integer> pageAssignee(UUID alertId, String notificationId, Instant at);

    /**
     * Queues the round's notification {@code notificationId} for one clinician of the on-call chain ({@code subject}:
     * the level the round is for) alone, on their own devices, and answers how many targets it went to (0: they have
     * none, and the round goes up the chain).
     */
    Uni<Integer> pageOnCall(UUID alertId, String notificationId, Instant at, String subject);

    /**
     * Records the round: counted as sent when {@code reached}, the next one due at {@code nextDue}, {@code detail} on
     * the timeline, and the alert on its team's live feed.
     */
    Uni<Void> recordRound(UUID alertId, boolean reached, Instant at, Instant nextDue, String detail);

    /** After the round's transaction committed: feed streams and the notification dispatcher look at once. */
    void committed();
}
