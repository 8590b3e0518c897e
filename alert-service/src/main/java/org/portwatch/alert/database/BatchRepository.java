package org.portwatch.alert.database;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * The statements of {@link BatchScope}: a batch's deferred rows as one multi-row statement, and the session's pending
 * changes written before them. In the caller's session and transaction.
 */
public final class BatchRepository {

    private BatchRepository() {
    }

    /**
     * Runs {@code sql} with every value of {@code rows}, row after row, as its positional parameters ?1..?n; answers
     * the rows it changed.
     */
    public static Uni<Integer> execute(String sql, List<Object[]> rows) {
        return Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql);
            int parameter = 1;
            for (Object[] row : rows) {
                for (Object value : row) {
                    query.setParameter(parameter++, value);
                }
            }
            return query.executeUpdate();
        });
    }

    /** Writes the session's pending changes (new alerts first: deferred rows refer to them). */
    static Uni<Void> flushSession() {
        return Panache.getSession().flatMap(session -> session.flush());
    }
}
