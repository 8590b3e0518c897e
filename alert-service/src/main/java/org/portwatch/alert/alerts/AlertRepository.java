package org.portwatch.alert.alerts;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.portwatch.alert.database.BatchRepository;
import org.portwatch.alert.database.BatchScope;
import org.portwatch.model.Severity;

/**
 * The repository of the alerts of record and their timelines: every statement on {@code alert} and
 * {@code alert_timeline}. Each method joins the caller's Hibernate Reactive session (and its transaction, if any);
 * the services say where a transaction begins and ends.
 */
@ApplicationScoped
public class AlertRepository implements PanacheRepositoryBase<Alert, UUID> {

    /** Transaction-scoped: released at commit or rollback. Two keys (namespace, patient) keep it apart from others. */
    static final String LOCK_PATIENT =
            "SELECT CAST(pg_advisory_xact_lock(hashtext('alert-ownership'), hashtext(?1)) AS text)";
    static final String SEEN = "SELECT count(*) FROM alert_timeline WHERE event_id = ?1";
    /**
     * Due alerts of an escalation round, claimed: another replica's round skips them. The due time comes from the
     * service clock ({@code ?1}): the database's own {@code now()} would not follow a test's clock.
     */
    static final String DUE = "SELECT CAST(alert_id AS text) FROM alert WHERE escalate_at <= ?1 AND status = 'OPEN'"
            + " AND snoozed_until IS NULL" // snoozed or silenced: no escalation until the snooze round ends it
            + " ORDER BY escalate_at LIMIT ?2 FOR UPDATE SKIP LOCKED";
    /**
     * Snoozes that are over, claimed like {@link #DUE}: expired on the service clock ({@code ?1}), or of an alert
     * resolved meanwhile. The round clears them in the same transaction, so one replica ends (and re-notifies) each.
     */
    static final String SNOOZE_OVER = "SELECT CAST(alert_id AS text) FROM alert WHERE snoozed_until IS NOT NULL"
            + " AND (snoozed_until <= ?1 OR status = 'RESOLVED') ORDER BY snoozed_until LIMIT ?2 FOR UPDATE SKIP LOCKED";
    /**
     * The gauges of {@link AlertMetrics}, in one read. The oldest times as epoch milliseconds: a plain number,
     * whatever Java type the driver would give a timestamptz of a native query.
     */
    static final String GAUGES = "SELECT severity, care_team_id IS NULL AS unassigned, count(*) AS open,"
            + " CAST(EXTRACT(EPOCH FROM min(raised_at) FILTER (WHERE status = 'OPEN')) * 1000 AS bigint),"
            + " CAST(EXTRACT(EPOCH FROM min(raised_at)) * 1000 AS bigint)"
            + " FROM alert WHERE status <> 'RESOLVED' GROUP BY severity, care_team_id IS NULL";
    /** Most severe first, then newest, then by id, so that paging is stable. */
    static final String ORDER_BY = " order by case cast(a.severity as String) when 'CRITICAL' then 4 when 'HIGH' then 3"
            + " when 'MEDIUM' then 2 else 1 end desc, a.raisedAt desc, a.alertId";

    /** A batch's timeline entries, in one statement: ids (the timeline's order) follow the rows' order. */
    static final String TIMELINE_INSERT = "INSERT INTO alert_timeline (alert_id, event_id, kind, severity, at, actor,"
            + " note, detail) VALUES ";
    private static final String[] TIMELINE_COLUMNS = {"CAST(? AS uuid)", "CAST(? AS uuid)", "CAST(? AS text)",
        "CAST(? AS text)", "CAST(? AS timestamptz)", "CAST(? AS text)", "CAST(? AS text)", "CAST(? AS text)"};
    /**
     * A batch's alerts, locked: SEPSIS_RISK parents first, then by alertId, the order every path that locks a group
     * takes ({@link AlertGroups}), so a clinician resolving a parent at this moment cannot deadlock with the batch.
     */
    static final String LOCK_BATCH = "SELECT a.* FROM alert a WHERE a.alert_id IN (%s)"
            + " ORDER BY (a.condition <> 'SEPSIS_RISK'), a.alert_id FOR UPDATE";
    /** The batch's facts: the alerts it locked up front, and those of its events that do not exist yet. */
    private static final String LOCKED = "alerts.locked";
    private static final String ABSENT = "alerts.absent";

    private final BatchScope.Writer timelineWriter = rows -> BatchScope.inChunks(rows, 1000,
            chunk -> BatchRepository.execute(TIMELINE_INSERT + BatchScope.values(chunk.size(), TIMELINE_COLUMNS.length,
                    column -> TIMELINE_COLUMNS[column]), chunk));

    /** Filters of a list; null or empty means any. */
    public record Filter(Collection<AlertStatus> statuses, String patientId, Collection<Severity> severities) {
    }

    /** One page of a list and the count of every match. */
    public record Page<T>(List<T> items, long total) {
    }

    /** An alert as a care team's list shows it, with its patient's display name (null: no profile). */
    public record Listed(Alert alert, String patientName) {
    }

    /** The gauge figures of one severity, for alerts with an owner or without. */
    public record Gauge(Severity severity, boolean unassigned, long open, Instant oldestOpen, Instant oldest) {
    }

    /** Serialises, per patient, recording an alert and changing who owns the patient's alerts. In a transaction. */
    public Uni<Void> lockPatient(String patientId) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(LOCK_PATIENT).setParameter(1, patientId).getSingleResult())
                .replaceWithVoid();
    }

    /**
     * {@link #lockPatient} for every patient of a batch in one statement, in the order given (sorted by the caller,
     * so two batches cannot take them crosswise). Transaction-scoped, as one lock each.
     */
    public Uni<Void> lockPatients(List<String> patientIds) {
        if (patientIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String sql = "SELECT CAST(count(pg_advisory_xact_lock(hashtext('alert-ownership'), hashtext(p.id))) AS text)"
                + " FROM unnest(CAST(ARRAY[" + placeholders(patientIds.size()) + "] AS text[])) AS p(id)";
        return Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql);
            for (int i = 0; i < patientIds.size(); i++) {
                query.setParameter(i + 1, patientIds.get(i));
            }
            return query.getSingleResult();
        }).replaceWithVoid();
    }

    /** Which of {@code eventIds} are on some alert's timeline already: {@link #seen} for a batch, in one read. */
    public Uni<java.util.Set<UUID>> seenAmong(List<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(java.util.Set.of());
        }
        String sql = "SELECT CAST(event_id AS text) FROM alert_timeline WHERE event_id IN ("
                + placeholders(eventIds.size()) + ")";
        return Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql, String.class);
            for (int i = 0; i < eventIds.size(); i++) {
                query.setParameter(i + 1, eventIds.get(i));
            }
            return query.getResultList();
        }).map(ids -> ids.stream().map(UUID::fromString).collect(java.util.stream.Collectors.toSet()));
    }

    /** {@code ?1, ?2, ... ?count}: positional parameters of an IN list or array (also AlertGroupRepository's). */
    static String placeholders(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            text.append(i == 1 ? "?" : ", ?").append(i);
        }
        return text.toString();
    }

    /** The alert, its row locked until the transaction ends; null when there is none. */
    public Uni<Alert> findForUpdate(UUID alertId) {
        BatchScope batch = BatchScope.current();
        if (batch != null) {
            java.util.Set<UUID> absent = batch.fact(ABSENT);
            java.util.Set<UUID> locked = batch.fact(LOCKED);
            if (absent != null && absent.contains(alertId)) {
                return Uni.createFrom().nullItem(); // nobody else can create it: the batch holds its patient's lock
            }
            if (locked != null && locked.contains(alertId)) {
                return findById(alertId); // in the session already, locked by lockForBatch
            }
        }
        return findById(alertId, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Locks the alerts of a batch's events in one statement and keeps them in the session, so that each event's
     * {@link #findForUpdate} reads none; remembers which do not exist yet. Call under the batch's patients' locks,
     * inside {@link BatchScope#run}.
     */
    public Uni<Void> lockForBatch(List<UUID> alertIds) {
        BatchScope batch = BatchScope.current();
        if (batch == null || alertIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String sql = String.format(LOCK_BATCH, placeholders(alertIds.size()));
        return Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql, Alert.class);
            for (int i = 0; i < alertIds.size(); i++) {
                query.setParameter(i + 1, alertIds.get(i));
            }
            return query.getResultList();
        }).invoke(found -> {
            java.util.Set<UUID> locked = new java.util.HashSet<>();
            found.forEach(alert -> locked.add(alert.getAlertId()));
            java.util.Set<UUID> absent = new java.util.HashSet<>(alertIds);
            absent.removeAll(locked);
            batch.fact(LOCKED, locked);
            batch.fact(ABSENT, absent);
        }).replaceWithVoid();
    }

    /** Persists a new alert; in a batch, its later events find it in the session. */
    public Uni<Alert> persistNew(Alert alert) {
        BatchScope batch = BatchScope.current();
        java.util.Set<UUID> absent = batch == null ? null : batch.fact(ABSENT);
        if (absent != null) {
            absent.remove(alert.getAlertId());
            java.util.Set<UUID> locked = batch.fact(LOCKED);
            locked.add(alert.getAlertId()); // new in this transaction: nobody else can see it, let alone lock it
        }
        return persist(alert);
    }

    /**
     * The alert in a read-only session (nothing is flushed, no snapshot kept): what a read loads after it, in the
     * same session, is read-only too.
     */
    public Uni<Alert> findReadOnly(UUID alertId) {
        return Panache.getSession().flatMap(session -> {
            session.setDefaultReadOnly(true);
            return session.find(Alert.class, alertId);
        });
    }

    /** Whether a detector event with this eventId is on some alert's timeline already. */
    public Uni<Boolean> seen(UUID eventId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(SEEN, Long.class)
                .setParameter(1, eventId).getSingleResult()).map(count -> count > 0);
    }

    /** Adds {@code entry} to its alert's timeline; in a batch, with the batch's other entries at its end. */
    public Uni<Void> addToTimeline(TimelineEntry entry) {
        BatchScope batch = BatchScope.current();
        if (batch != null) {
            batch.defer(timelineWriter, entry.getAlertId(), entry.getEventId(), entry.getKind().name(),
                    entry.getSeverity().name(), entry.getAt(), entry.getActor(), entry.getNote(), entry.getDetail());
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().flatMap(session -> session.persist(entry));
    }

    /** The alert's timeline, oldest first. */
    public Uni<List<TimelineEntry>> timeline(UUID alertId) {
        return Panache.getSession().flatMap(session -> session
                .createQuery("from TimelineEntry where alertId = ?1 order by id", TimelineEntry.class)
                .setParameter(1, alertId).getResultList());
    }

    /** The patient's alerts not resolved, locked. */
    public Uni<List<Alert>> openOfPatientForUpdate(String patientId) {
        return locked("from Alert where patientId = ?1 and status <> ?2 order by alertId", patientId,
                AlertStatus.RESOLVED);
    }

    /** The patient's alerts without a care team (kept while the patient had no profile), locked. */
    public Uni<List<Alert>> unassignedOfPatientForUpdate(String patientId) {
        return locked("from Alert where patientId = ?1 and careTeamId is null order by alertId", patientId);
    }

    /** The patient's alerts not resolved and owned by a team other than {@code careTeamId}, locked. */
    public Uni<List<Alert>> openOfPatientElsewhereForUpdate(String patientId, String careTeamId) {
        return locked("from Alert where patientId = ?1 and status <> ?2 and careTeamId <> ?3 order by alertId",
                patientId, AlertStatus.RESOLVED, careTeamId);
    }

    /**
     * The alerts {@code query} selects, each locked until the transaction ends (in alertId order, as every
     * multi-row change of alerts here takes them, so two of them cannot deadlock).
     */
    private Uni<List<Alert>> locked(String query, Object... parameters) {
        return find(query, parameters).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** Up to {@code limit} OPEN alerts whose escalation is due at {@code now}, claimed ({@code SKIP LOCKED}). */
    public Uni<List<UUID>> claimDueForEscalation(Instant now, int limit) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(DUE, String.class)
                        .setParameter(1, now).setParameter(2, limit).getResultList())
                .map(ids -> ids.stream().map(UUID::fromString).toList());
    }

    /** Up to {@code limit} snoozed alerts whose snooze is over at {@code now}, claimed ({@code SKIP LOCKED}). */
    public Uni<List<UUID>> claimSnoozeOver(Instant now, int limit) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(SNOOZE_OVER, String.class)
                        .setParameter(1, now).setParameter(2, limit).getResultList())
                .map(ids -> ids.stream().map(UUID::fromString).toList());
    }

    /** The patient's alerts of {@code condition} not resolved, locked. */
    public Uni<List<Alert>> openOfPatientForUpdate(String patientId, org.portwatch.model.AlertCondition condition) {
        return locked("from Alert where patientId = ?1 and condition = ?2 and status <> ?3 order by alertId", patientId,
                condition, AlertStatus.RESOLVED);
    }

    /** The alerts the silence {@code silenceId} snoozes, locked. */
    public Uni<List<Alert>> silencedForUpdate(UUID silenceId) {
        return locked("from Alert where silenceId = ?1 order by alertId", silenceId);
    }

    /** A page of the alerts of {@code careTeams} matching {@code filter}, most severe first, then newest; read-only. */
    public Uni<Page<Listed>> listOfTeams(Collection<String> careTeams, Filter filter, int page, int size) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("teams", careTeams);
        String where = " where a.careTeamId in :teams" + filters(filter, parameters);
        return Panache.getSession().flatMap(session -> {
            var select = session.createQuery("select a, p.displayName from Alert a"
                    + " left join Patient p on p.patientId = a.patientId" + where + ORDER_BY, Object[].class);
            var count = session.createQuery("select count(a) from Alert a" + where, Long.class);
            parameters.forEach(select::setParameter);
            parameters.forEach(count::setParameter);
            return select.setReadOnly(true).setFirstResult(page * size).setMaxResults(size).getResultList()
                    .flatMap(rows -> count.getSingleResult().map(total -> new Page<>(
                            rows.stream().map(row -> new Listed((Alert) row[0], (String) row[1])).toList(), total)));
        });
    }

    /** A page of the alerts nobody owns yet matching {@code filter}, in the order of {@link #listOfTeams}; read-only. */
    public Uni<Page<Alert>> unassigned(Filter filter, int page, int size) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        String where = " where a.careTeamId is null" + filters(filter, parameters);
        return Panache.getSession().flatMap(session -> {
            var select = session.createQuery("select a from Alert a" + where + ORDER_BY, Alert.class);
            var count = session.createQuery("select count(a) from Alert a" + where, Long.class);
            parameters.forEach(select::setParameter);
            parameters.forEach(count::setParameter);
            return select.setReadOnly(true).setFirstResult(page * size).setMaxResults(size).getResultList()
                    .flatMap(items -> count.getSingleResult().map(total -> new Page<>(items, total)));
        });
    }

    private static String filters(Filter filter, Map<String, Object> parameters) {
        StringBuilder where = new StringBuilder();
        if (filter.statuses() != null && !filter.statuses().isEmpty()) {
            where.append(" and a.status in :statuses");
            parameters.put("statuses", filter.statuses());
        }
        if (filter.patientId() != null) {
            where.append(" and a.patientId = :patientId");
            parameters.put("patientId", filter.patientId());
        }
        if (filter.severities() != null && !filter.severities().isEmpty()) {
            where.append(" and a.severity in :severities");
            parameters.put("severities", filter.severities());
        }
        return where.toString();
    }

    /** The alerts not resolved, counted by severity and whether they have an owner, with the oldest of each. */
    public Uni<List<Gauge>> gauges() {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(GAUGES, Object[].class).getResultList())
                .map(rows -> rows.stream().map(row -> new Gauge(Severity.valueOf((String) row[0]), (Boolean) row[1],
                        ((Number) row[2]).longValue(), instant(row[3]), instant(row[4]))).toList());
    }

    private static Instant instant(Object epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(((Number) epochMillis).longValue());
    }
}
