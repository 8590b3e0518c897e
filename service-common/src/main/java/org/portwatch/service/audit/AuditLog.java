package org.portwatch.service.audit;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The audit trail of a service: who did what to which thing, when — in alert-service every acknowledge and
 * resolve, every threshold, webhook, escalation-policy or push-subscription change, every read of an alert's
 * evidence; in ingest-service every device registration and revocation. Rows in the service's own
 * {@code audit_entry} table (its schema, first on the connections' search_path; defined once for every service in
 * this module's {@code db/audit/R__audit_entry.sql}, which each lists in {@code quarkus.flyway.locations}; read by
 * administrators through {@code GET /api/v1/audit}) and one log line each in category {@value #CATEGORY}. Details name fields and ids,
 * never values that are patient data.
 *
 * <p>{@link #record} joins the caller's Hibernate Reactive transaction, so an action and its audit row commit
 * together or not at all. {@link #append} is for reads, which open no transaction: the row is written in a
 * transaction of its own, one INSERT, once the data is loaded and before it is answered.
 */
@ApplicationScoped
public class AuditLog {

    /** Details are flat maps of names, ids and numbers: a plain mapper serves. */
    private static final ObjectMapper DETAILS = new ObjectMapper();

    public static final String CATEGORY = "org.portwatch.audit";
    private static final Logger LOG = Logger.getLogger(CATEGORY);

    static final String INSERT = "INSERT INTO audit_entry (at, actor, action, target_type, target_id, details)"
            + " VALUES (?1, ?2, ?3, ?4, ?5, CAST(CAST(?6 AS text) AS jsonb))";

    /**
     * Records one action inside the current transaction.
     *
     * @param actor      the token's subject
     * @param action     a stable verb, e.g. {@code alert.acknowledge}, {@code webhook.create}, {@code alert.evidence.read}
     * @param targetType {@code alert}, {@code patient}, {@code webhook}, {@code push-subscription}, {@code care-team}
     * @param targetId   the id of the thing acted on
     * @param details    names and ids only (changed fields, a note's length), never patient data
     */
    public Uni<Void> record(String actor, String action, String targetType, String targetId, Map<String, ?> details) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String json = toJson(details == null ? Map.of() : new TreeMap<>(details));
        return Panache.getSession().flatMap(session -> session.createNativeQuery(INSERT)
                        .setParameter(1, at)
                        .setParameter(2, actor)
                        .setParameter(3, action)
                        .setParameter(4, targetType)
                        .setParameter(5, targetId)
                        .setParameter(6, json)
                        .executeUpdate())
                .invoke(() -> LOG.infof("%s %s=%s by=%s %s", action, targetType, targetId, actor, json))
                .replaceWithVoid();
    }

    /**
     * Records one read in a transaction of its own (one INSERT), outside any of the caller's: a read stays a plain
     * read, holding no transaction or lock while it loads. Call it after the data is loaded and answer only once it
     * completed: a read nobody could audit is not answered (the failure is the caller's answer).
     */
    public Uni<Void> append(String actor, String action, String targetType, String targetId, Map<String, ?> details) {
        return Panache.withTransaction(() -> record(actor, action, targetType, targetId, details));
    }

    private static String toJson(Map<String, ?> details) {
        try {
            return DETAILS.writeValueAsString(details);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("audit details must be plain values", e);
        }
    }
}
