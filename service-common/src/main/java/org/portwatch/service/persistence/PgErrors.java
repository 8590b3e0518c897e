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

    /**
     * The data itself was refused (SQLSTATE class 22, data exception: e.g. a NUL character in text; class 23, an
     * integrity constraint other than a unique key): sending the same rows again can never succeed, unlike a server
     * that is down, restarting or failing over.
     */
    public static boolean isDataRefused(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof io.vertx.pgclient.PgException pg && pg.getSqlState() != null) {
                String state = pg.getSqlState();
                return !UNIQUE_VIOLATION.equals(state) && (state.startsWith("22") || state.startsWith("23"));
            }
        }
        return false;
    }
}
