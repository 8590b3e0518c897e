package org.portwatch.alert.oncall;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * The repository of {@code on_call_schedule}: a care team's schedule as stored (its zone id and its shifts as a jsonb
 * array), the upsert, the delete. Native SQL through the caller's Hibernate Reactive session (and transaction).
 */
@ApplicationScoped
public class OnCallScheduleRepository {

    static final String SELECT = "SELECT time_zone, CAST(shifts AS text) FROM on_call_schedule WHERE care_team_id = ?1";
    static final String UPSERT = "INSERT INTO on_call_schedule (care_team_id, time_zone, shifts, updated_at, updated_by)"
            + " VALUES (?1, ?2, CAST(CAST(?3 AS text) AS jsonb), ?4, ?5) ON CONFLICT (care_team_id) DO UPDATE SET"
            + " time_zone = EXCLUDED.time_zone, shifts = EXCLUDED.shifts, updated_at = EXCLUDED.updated_at,"
            + " updated_by = EXCLUDED.updated_by";
    static final String DELETE = "DELETE FROM on_call_schedule WHERE care_team_id = ?1";

    /** A schedule as stored: an IANA zone id and the shifts as a JSON array. */
    public record Stored(String timeZone, String shifts) {
    }

    /** The team's schedule; null when it has none. */
    public Uni<Stored> find(String careTeamId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(SELECT, Object[].class)
                        .setParameter(1, careTeamId)
                        .getResultList())
                .map(rows -> rows.isEmpty() ? null : new Stored((String) rows.get(0)[0], (String) rows.get(0)[1]));
    }

    /** Stores the team's schedule. In a transaction. */
    public Uni<Void> save(String careTeamId, Stored schedule, String by, Instant at) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(UPSERT)
                        .setParameter(1, careTeamId)
                        .setParameter(2, schedule.timeZone())
                        .setParameter(3, schedule.shifts())
                        .setParameter(4, at)
                        .setParameter(5, by)
                        .executeUpdate())
                .replaceWithVoid();
    }

    /** Removes the team's schedule; answers whether it had one. In a transaction. */
    public Uni<Boolean> delete(String careTeamId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(DELETE)
                        .setParameter(1, careTeamId)
                        .executeUpdate())
                .map(rows -> rows > 0);
    }
}
