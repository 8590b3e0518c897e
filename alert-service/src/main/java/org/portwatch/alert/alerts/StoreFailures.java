package org.portwatch.alert.alerts;

import java.sql.SQLException;

/**
 * Tells a database failure that waiting cures (the server is down, restarting, failing over, not migrated yet, a
 * deadlock) from one the event itself causes and no retry ever will (PostgreSQL SQLSTATE class 22, data exception:
 * a value the column cannot hold; class 23, integrity constraint violation). Only the latter goes to the dead-letter
 * topic: an alert must never be dropped because the database was away, and a poison event must never stop the
 * alerts behind it. A unique violation (23505) is a race with another replica and is retried: it then reads as a
 * duplicate.
 */
final class StoreFailures {

    private StoreFailures() {
    }

    /** The SQLSTATE of the first database error in {@code failure}'s causes, or null. */
    static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.vertx.pgclient.PgException pg && pg.getSqlState() != null) {
                return pg.getSqlState();
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /** Whether no retry can store the event: its data breaks the schema. */
    static boolean permanent(Throwable failure) {
        String state = sqlState(failure);
        return state != null && !"23505".equals(state) && (state.startsWith("22") || state.startsWith("23"));
    }
}
