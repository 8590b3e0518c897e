package org.portwatch.alert.snooze;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.portwatch.model.AlertCondition;

/**
 * Every statement on {@code alert_silence}, and the count of snoozed alerts for the gauge. Each method joins the
 * caller's session (and transaction, if any).
 */
@ApplicationScoped
public class SilenceRepository implements PanacheRepositoryBase<Silence, UUID> {

    /**
     * Ends the silences whose time ran out at {@code ?1} (the service clock), in one conditional statement: whichever
     * replica runs it first ends each, the others find nothing. Their alerts' own snoozes end by the same time.
     */
    static final String END_EXPIRED = "UPDATE alert_silence SET ended_at = ?1, end_reason = 'EXPIRED'"
            + " WHERE ended_at IS NULL AND until <= ?1";
    /** Alerts snoozed now, by a clinician (false) or a silence (true); resolved ones are about to be cleared. */
    static final String SNOOZED = "SELECT silence_id IS NOT NULL AS silenced, count(*) FROM alert"
            + " WHERE snoozed_until IS NOT NULL AND status <> 'RESOLVED' GROUP BY silence_id IS NOT NULL";

    /** The patient's active silence of {@code condition} (the one that lasts longest), or null. */
    public Uni<Silence> active(String patientId, AlertCondition condition) {
        return find("patientId = ?1 and condition = ?2 and endedAt is null order by until desc", patientId, condition)
                .firstResult();
    }

    /** As {@link #active}, other than {@code except}. */
    public Uni<Silence> activeOther(String patientId, AlertCondition condition, UUID except) {
        return find("patientId = ?1 and condition = ?2 and endedAt is null and silenceId <> ?3 order by until desc",
                patientId, condition, except).firstResult();
    }

    /** The patient's active silences, soonest end first. */
    public Uni<List<Silence>> activeOf(String patientId) {
        return list("patientId = ?1 and endedAt is null order by until, silenceId", patientId);
    }

    /** The silence, its row locked; null when there is none. */
    public Uni<Silence> findForUpdate(UUID silenceId) {
        return findById(silenceId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Ends the silences expired at {@code now}; answers how many. In a transaction. */
    public Uni<Integer> endExpired(Instant now) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(END_EXPIRED)
                .setParameter(1, now).executeUpdate());
    }

    /** Snoozed alerts now: [by a clinician, by a silence]. */
    public Uni<long[]> snoozedCounts() {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(SNOOZED, Object[].class).getResultList())
                .map(rows -> {
                    long[] counts = new long[2];
                    for (Object[] row : rows) {
                        counts[(Boolean) row[0] ? 1 : 0] = ((Number) row[1]).longValue();
                    }
                    return counts;
                });
    }
}
