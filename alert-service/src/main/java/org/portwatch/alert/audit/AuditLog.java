package org.portwatch.alert.audit;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;
import org.portwatch.service.audit.AuditEntry;

/**
 * alert-service's audit trail ({@link AuditEntry}: the row, its log line, the table): every acknowledge and
 * resolve, every threshold, webhook, escalation-policy or push-subscription change, every read of an alert's
 * evidence.
 *
 * <p>{@link #record} joins the caller's Hibernate Reactive transaction, so an action and its audit row commit
 * together or not at all. {@link #append} is for reads, which open no transaction: the row is written in a
 * transaction of its own, one INSERT, once the data is loaded and before it is answered.
 */
@ApplicationScoped
public class AuditLog {

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
        AuditEntry entry = AuditEntry.of(actor, action, targetType, targetId, details);
        return Panache.getSession().flatMap(session -> insert(session, entry))
                .invoke(entry::log)
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

    private static Uni<Integer> insert(Mutiny.Session session, AuditEntry entry) {
        Mutiny.MutationQuery query = session.createNativeQuery(AuditEntry.INSERT_POSITIONAL);
        Object[] parameters = entry.parameters();
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return query.executeUpdate();
    }
}
