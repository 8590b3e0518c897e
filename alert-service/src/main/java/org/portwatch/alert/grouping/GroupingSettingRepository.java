package org.portwatch.alert.grouping;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** The repository of {@code care_team_grouping}: a care team's own setting and its upsert. Joins the caller's session. */
@ApplicationScoped
public class GroupingSettingRepository {

    static final String SELECT = "SELECT enabled FROM care_team_grouping WHERE care_team_id = ?1";
    static final String UPSERT = "INSERT INTO care_team_grouping (care_team_id, enabled, updated_at, updated_by)"
            + " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (care_team_id) DO UPDATE SET enabled = EXCLUDED.enabled,"
            + " updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by";

    /** The team's own setting; null when it has none. */
    public Uni<Boolean> find(String careTeamId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(SELECT, Boolean.class)
                        .setParameter(1, careTeamId).getResultList())
                .map(rows -> rows.isEmpty() ? null : rows.get(0));
    }

    /** Stores the team's setting. In a transaction. */
    public Uni<Void> save(String careTeamId, boolean enabled, String by, Instant at) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(UPSERT)
                        .setParameter(1, careTeamId)
                        .setParameter(2, enabled)
                        .setParameter(3, at)
                        .setParameter(4, by)
                        .executeUpdate())
                .replaceWithVoid();
    }
}
