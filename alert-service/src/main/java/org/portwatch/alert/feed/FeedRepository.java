package org.portwatch.alert.feed;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.portwatch.alert.database.BatchRepository;
import org.portwatch.alert.database.BatchScope;
import java.util.UUID;

/**
 * The repository of the feed's writes: the append to {@code alert_feed}, in the caller's transaction. Its reads are
 * {@link FeedHub}'s (through the raw pool, see the package doc). Rows must become visible in id order, or a client
 * that saw id 8 could miss a 7 that commits later: each append therefore takes a transaction-scoped advisory lock,
 * so feed-writing transactions commit one at a time from this point (alert changes are a handful a minute; the lock
 * is held for one commit).
 */
@ApplicationScoped
public class FeedRepository {

    static final String LOCK = "SELECT CAST(pg_advisory_xact_lock(hashtext('alert_feed')) AS text)";
    static final String INSERT = "INSERT INTO alert_feed (care_team_id, alert_id, kind, payload)"
            + " VALUES (?1, ?2, ?3, CAST(CAST(?4 AS text) AS jsonb))";

    /** A batch's feed rows in one statement, under the lock taken once; ids follow the rows' order. */
    static final String INSERT_ROWS = "INSERT INTO alert_feed (care_team_id, alert_id, kind, payload) VALUES ";
    private static final String[] COLUMNS = {"CAST(? AS text)", "CAST(? AS uuid)", "CAST(? AS text)",
        "CAST(CAST(? AS text) AS jsonb)"};

    /** The batch's rows at its end: the lock is then held from the last statement to the commit only. */
    private final BatchScope.Writer batchWriter = rows -> Panache.getSession()
            .flatMap(session -> session.createNativeQuery(LOCK).getSingleResult())
            .flatMap(locked -> BatchScope.inChunks(rows, 1000, chunk -> BatchRepository.execute(INSERT_ROWS
                    + BatchScope.values(chunk.size(), COLUMNS.length, column -> COLUMNS[column]), chunk)));

    /**
     * Appends one event ({@code payload}: its JSON) for {@code careTeamId}'s screens. In a transaction; in a batch
     * ({@link BatchScope}), with the batch's other rows at its end.
     */
    public Uni<Void> append(String careTeamId, UUID alertId, String kind, String payload) {
        BatchScope batch = BatchScope.current();
        if (batch != null) {
            batch.defer(batchWriter, careTeamId, alertId, kind, payload);
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(LOCK).getSingleResult()
                        .flatMap(locked -> session.createNativeQuery(INSERT)
                                .setParameter(1, careTeamId)
                                .setParameter(2, alertId)
                                .setParameter(3, kind)
                                .setParameter(4, payload)
                                .executeUpdate()))
                .replaceWithVoid();
    }
}
