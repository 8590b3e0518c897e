package org.portwatch.alert.grouping;

import io.smallrye.mutiny.Uni;
import java.time.Instant;

/**
 * What a change of a team's grouping setting needs of the alerts of record, implemented by the package that owns
 * them. Joins the caller's transaction.
 */
public interface GroupedAlerts {

    /**
     * Releases every open grouped alert of {@code careTeamId} (grouping was switched off): each notifies and escalates
     * on its own from {@code at}, as it would have without grouping. Answers how many were released.
     */
    Uni<Integer> releaseAll(String careTeamId, String actor, Instant at);

    /** After the transaction committed: wake the feed and the dispatcher. */
    void committed();
}
