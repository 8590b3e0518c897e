package org.portwatch.alert.escalation;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * The repository of {@code escalation_on_call_round}: how many rounds of an alert went to on-call and reached
 * someone. Not derivable from the alert's own round count, since the assignee's round (issue 11) may or may not have
 * been one of them. Native SQL in the escalation round's session and transaction (which holds the alert's row lock).
 */
@ApplicationScoped
public class OnCallRoundRepository {

    static final String SELECT = "SELECT rounds FROM escalation_on_call_round WHERE alert_id = ?1";
    static final String COUNT = "INSERT INTO escalation_on_call_round (alert_id, rounds) VALUES (?1, 1)"
            + " ON CONFLICT (alert_id) DO UPDATE SET rounds = escalation_on_call_round.rounds + 1";

    /** The on-call rounds of {@code alertId} that reached someone so far (0: none). */
    public Uni<Integer> sent(UUID alertId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(SELECT, Integer.class)
                        .setParameter(1, alertId)
                        .getResultList())
                .map(rows -> rows.isEmpty() ? 0 : ((Number) rows.get(0)).intValue());
    }

    /** Counts one more on-call round of {@code alertId} that reached someone. In the round's transaction. */
    public Uni<Void> counted(UUID alertId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(COUNT)
                        .setParameter(1, alertId)
                        .executeUpdate())
                .replaceWithVoid();
    }
}
