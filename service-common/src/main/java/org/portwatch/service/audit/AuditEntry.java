package org.portwatch.service.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * One entry of a service's audit trail: who did what to which thing, when. Rows in the service's own
 * {@code audit_entry} table (its schema, first on the connections' search_path; defined once for every service in
 * this module's {@code db/audit/R__audit_entry.sql}, which each lists in {@code quarkus.flyway.locations}; read by
 * administrators through {@link AuditResource}) and one log line each in category {@value #CATEGORY}. Details name
 * fields and ids, never values that are patient data.
 *
 * <p>Written either through {@link #insert} on the caller's reactive-client connection (ingest-service's device
 * registry: the action and its row commit together or not at all) or, in alert-service, as a native statement of
 * the caller's Hibernate Reactive session ({@link #INSERT_POSITIONAL}, parameters {@link #parameters()}).
 *
 * @param at         when, to the microsecond PostgreSQL keeps
 * @param actor      the token's subject
 * @param action     a stable verb, e.g. {@code alert.acknowledge}, {@code device.register}, {@code alert.evidence.read}
 * @param targetType {@code alert}, {@code patient}, {@code device}, {@code webhook}, ...
 * @param targetId   the id of the thing acted on
 * @param details    the details as a JSON object with sorted keys
 */
public record AuditEntry(Instant at, String actor, String action, String targetType, String targetId, String details) {

    /** Details are flat maps of names, ids and numbers: a plain mapper serves. */
    private static final ObjectMapper DETAILS = new ObjectMapper();

    public static final String CATEGORY = "org.portwatch.audit";
    private static final Logger LOG = Logger.getLogger(CATEGORY);

    private static final String INSERT_INTO = "INSERT INTO audit_entry (at, actor, action, target_type, target_id, details)";
    /** The statement with Hibernate's positional parameters ?1..?6, in the order of {@link #parameters()}. */
    public static final String INSERT_POSITIONAL = INSERT_INTO + " VALUES (?1, ?2, ?3, ?4, ?5, CAST(CAST(?6 AS text) AS jsonb))";
    /**
     * The same statement for the reactive PostgreSQL client ($1..$6). The details go as text first: a parameter the
     * client sees typed jsonb takes a Java string as one JSON string, not as the object it spells.
     */
    static final String INSERT_NUMBERED = INSERT_INTO + " VALUES ($1, $2, $3, $4, $5, CAST(CAST($6 AS text) AS jsonb))";

    /** An entry made now; {@code details} names and ids only (changed fields, a note's length), never patient data. */
    public static AuditEntry of(String actor, String action, String targetType, String targetId, Map<String, ?> details) {
        return new AuditEntry(Instant.now().truncatedTo(ChronoUnit.MICROS), actor, action, targetType, targetId,
                toJson(details == null ? Map.of() : new TreeMap<>(details)));
    }

    /** The statement's parameters, in order. */
    public Object[] parameters() {
        return new Object[] {at, actor, action, targetType, targetId, details};
    }

    /** Writes the row on {@code client} (the caller's transaction, if it holds one), then logs the entry. */
    public Uni<Void> insert(SqlClient client) {
        return client.preparedQuery(INSERT_NUMBERED)
                .execute(Tuple.of(at.atOffset(ZoneOffset.UTC), actor, action, targetType, targetId, details))
                .invoke(this::log)
                .replaceWithVoid();
    }

    /** The entry's log line: once its row is written. */
    public void log() {
        LOG.infof("%s %s=%s by=%s %s", action, targetType, targetId, actor, details);
    }

    private static String toJson(Map<String, ?> details) {
        try {
            return DETAILS.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit details must be plain values", e);
        }
    }
}
