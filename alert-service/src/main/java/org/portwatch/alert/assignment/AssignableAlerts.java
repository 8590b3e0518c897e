package org.portwatch.alert.assignment;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.UUID;

/**
 * What assignment and the comment thread need of the alerts of record, implemented by the package that owns them:
 * find the alert, record an assignment or a comment on it (its timeline, the live feed, the assignee's notification).
 * Every call joins the caller's Hibernate Reactive session or transaction.
 */
public interface AssignableAlerts {

    /** An alert as assignment sees it: its team (null: none yet), whether it is resolved, its assignee (null: none). */
    record Assignable(UUID alertId, String careTeamId, boolean resolved, String assignee, Instant assignedAt) {
    }

    /** The alert, locked until the transaction ends (assignments and comments of one alert run in turn); null: none. */
    Uni<Assignable> findForUpdate(UUID alertId);

    /** The alert, read in the caller's session; null: none. */
    Uni<Assignable> find(UUID alertId);

    /**
     * Assigns the alert to {@code assignee} (null: unassigns) by {@code by} at {@code at}: on its timeline and its
     * team's live feed, and, when assigned, a notification to the assignee's own devices whose idempotency key is
     * the assignment's (alert, assignee, time): the same clinician assigned again later is told again, a redone
     * transaction of this one is not. In a transaction, after {@link #findForUpdate}.
     */
    Uni<Void> assign(UUID alertId, String assignee, String by, Instant at);

    /** Records that {@code by} commented at {@code at}: on the timeline and the team's feed, without the text. */
    Uni<Void> commented(UUID alertId, String by, Instant at);

    /** After the transaction committed: feed streams and the notification dispatcher look at once. */
    void committed();
}
