package org.portwatch.service.persistence;

/** What a PostgreSQL failure means for the caller, whichever layer wrapped it. */
public final class PgErrors {

    /** SQLSTATE unique_violation. */
    static final String UNIQUE_VIOLATION = "23505";

    private PgErrors() {
    }

    /** Two requests created the same row at once: the unique key decided, the loser may retry or answer 409. */
    public static boolean isUniqueViolation(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof io.vertx.pgclient.PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                return true;
            }
        }
        return false;
    }
}
