package org.portwatch.alert.alerts;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.LockMode;
import org.portwatch.alert.alerts.AlertEffects.Notify;
import org.portwatch.service.audit.AuditLog;
import org.portwatch.alert.feed.FeedEvent;
import org.portwatch.alert.notification.Audience;
import org.portwatch.alert.notification.Notification;
import org.portwatch.alert.patient.Patient;
import org.portwatch.alert.security.CareTeamAccess;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.Severity;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;

/**
 * The care team's side of alerts: lists, one alert with its evidence, acknowledge and resolve. A clinician sees
 * and acts only on alerts of their care teams; any other alert does not exist for them (404). The administrator role
 * adds nothing here: a token with both roles is scoped by its care teams like any clinician's.
 */
@ApplicationScoped
public class AlertService {

    private final Clock clock;

    static final String COLUMNS = "a.alert_id, a.patient_id, p.display_name, a.care_team_id, a.condition, a.severity,"
            + " a.status, a.episode_start, a.raised_at, a.updated_at, a.detected_late, a.acknowledged_by,"
            + " a.acknowledged_at, a.resolved_by, a.resolved_at, a.resolution, a.superseded_by, a.escalations";
    static final String FROM = " FROM alert a LEFT JOIN patient p ON p.patient_id = a.patient_id"
            + " WHERE a.care_team_id = ANY($1) AND ($2::text[] IS NULL OR a.status = ANY($2))"
            + " AND ($3::text IS NULL OR a.patient_id = $3) AND ($4::text[] IS NULL OR a.severity = ANY($4))";
    static final String ORDER_BY = " ORDER BY CASE a.severity WHEN 'CRITICAL' THEN 4 WHEN 'HIGH' THEN 3"
            + " WHEN 'MEDIUM' THEN 2 ELSE 1 END DESC, a.raised_at DESC, a.alert_id";
    static final String ORDER = ORDER_BY + " LIMIT $5 OFFSET $6";
    /** Alerts of patients without a profile: no join to patient data, administrators see only the alert. */
    static final String UNASSIGNED_COLUMNS = "a.alert_id, a.patient_id, a.condition, a.severity, a.status,"
            + " a.episode_start, a.raised_at, a.updated_at, a.resolved_at";
    static final String UNASSIGNED_FROM = " FROM alert a WHERE a.care_team_id IS NULL"
            + " AND ($1::text[] IS NULL OR a.status = ANY($1))"
            + " AND ($2::text IS NULL OR a.patient_id = $2) AND ($3::text[] IS NULL OR a.severity = ANY($3))";

    private final Pool pool;
    private final AlertEffects effects;
    private final AuditLog audit;
    private final AlertMetrics metrics;

    AlertService(Pool pool, AlertEffects effects, AuditLog audit, AlertMetrics metrics, Clock clock) {
        this.clock = clock;
        this.pool = pool;
        this.effects = effects;
        this.audit = audit;
        this.metrics = metrics;
    }

    /** Filters of a list; null means any. */
    public record Filter(List<AlertStatus> statuses, String patientId, List<Severity> severities) {
    }

    /** The caller's teams' alerts, most severe first, then newest. */
    public Uni<AlertPage> list(Filter filter, int page, int size, CareTeamAccess access) {
        Collection<String> teams = access.careTeams();
        if (teams.isEmpty()) {
            return Uni.createFrom().item(new AlertPage(List.of(), 0, page, size));
        }
        Object statuses = filter.statuses() == null || filter.statuses().isEmpty() ? null
                : filter.statuses().stream().map(Enum::name).toArray(String[]::new);
        Object severities = filter.severities() == null || filter.severities().isEmpty() ? null
                : filter.severities().stream().map(Enum::name).toArray(String[]::new);
        Tuple params = Tuple.from(new ArrayList<>(java.util.Arrays.asList(teams.toArray(String[]::new), statuses,
                filter.patientId(), severities, size, page * size)));
        Tuple countParams = Tuple.from(new ArrayList<>(java.util.Arrays.asList(teams.toArray(String[]::new), statuses,
                filter.patientId(), severities)));
        return pool.preparedQuery("SELECT " + COLUMNS + FROM + ORDER).execute(params)
                .flatMap(rows -> {
                    List<AlertItem> items = new ArrayList<>();
                    rows.forEach(row -> items.add(item(row)));
                    return pool.preparedQuery("SELECT count(*) AS total" + FROM).execute(countParams)
                            .map(count -> new AlertPage(items, count.iterator().next().getLong("total"), page, size));
                });
    }

    /**
     * Alerts nobody owns yet (the patient has no profile), for administrators: same filters, order and paging as
     * {@link #list}, without anything of the patient but the id.
     */
    public Uni<UnassignedAlert.Page> unassigned(Filter filter, int page, int size) {
        Object statuses = names(filter.statuses());
        Object severities = names(filter.severities());
        Tuple params = Tuple.from(new ArrayList<>(java.util.Arrays.asList(statuses, filter.patientId(), severities,
                size, page * size)));
        Tuple countParams = Tuple.from(new ArrayList<>(java.util.Arrays.asList(statuses, filter.patientId(),
                severities)));
        return pool.preparedQuery("SELECT " + UNASSIGNED_COLUMNS + UNASSIGNED_FROM + ORDER_BY + " LIMIT $4 OFFSET $5")
                .execute(params)
                .flatMap(rows -> {
                    List<UnassignedAlert> items = new ArrayList<>();
                    rows.forEach(row -> items.add(new UnassignedAlert(row.getUUID("alert_id").toString(),
                            row.getString("patient_id"), AlertCondition.valueOf(row.getString("condition")),
                            Severity.valueOf(row.getString("severity")), AlertStatus.valueOf(row.getString("status")),
                            instant(row.getOffsetDateTime("episode_start")), instant(row.getOffsetDateTime("raised_at")),
                            instant(row.getOffsetDateTime("updated_at")), instant(row.getOffsetDateTime("resolved_at")))));
                    return pool.preparedQuery("SELECT count(*) AS total" + UNASSIGNED_FROM).execute(countParams)
                            .map(count -> new UnassignedAlert.Page(items, count.iterator().next().getLong("total"),
                                    page, size));
                });
    }

    private static String[] names(List<? extends Enum<?>> values) {
        return values == null || values.isEmpty() ? null : values.stream().map(Enum::name).toArray(String[]::new);
    }

    /**
     * One alert with rule, thresholds, evidence and timeline; the read of its evidence is audited. The read takes no
     * transaction (a read-only session: nothing is flushed, no lock is held while loading); the audit row is then
     * appended in a transaction of its own, and the alert is answered only once that row committed, so every answered
     * read is in the trail (README). A read that finds nothing (404) is not audited.
     */
    public Uni<AlertDetail> find(String alertId, CareTeamAccess access) {
        UUID id = parse(alertId);
        String by = access.subject();
        return Panache.withSession(() -> Panache.getSession().flatMap(session -> {
                    session.setDefaultReadOnly(true);
                    return session.find(Alert.class, id).flatMap(alert -> {
                        if (alert == null || !access.canReadPatientData(alert.getCareTeamId())) {
                            return Uni.createFrom().<Loaded>failure(notFound());
                        }
                        return session.find(Patient.class, alert.getPatientId())
                                .flatMap(patient -> session.createQuery(
                                                "from TimelineEntry where alertId = ?1 order by id", TimelineEntry.class)
                                        .setParameter(1, id).getResultList()
                                        .map(timeline -> new Loaded(alert.getPatientId(), new AlertDetail(
                                                AlertItem.of(alert, patient == null ? null : patient.getDisplayName()),
                                                alert.getRule(), alert.getThresholds(), alert.getEvidence(),
                                                timeline.stream().map(AlertDetail.Step::of).toList()))));
                    });
                }))
                .call(loaded -> audit.append(by, "alert.evidence.read", "alert", alertId,
                        Map.of("patientId", loaded.patientId())))
                .map(Loaded::detail);
    }

    /** What a read loaded: the answer, and the patient its audit row names. */
    private record Loaded(String patientId, AlertDetail detail) {
    }

    /** Takes ownership: escalation stops. 409 when already acknowledged or resolved. */
    public Uni<AlertItem> acknowledge(String alertId, String note, CareTeamAccess access) {
        String by = access.subject();
        Instant now = now();
        return change(alertId, access, alert -> {
            if (alert.getStatus() == AlertStatus.RESOLVED) {
                throw conflict("The alert is resolved already.");
            }
            if (alert.getStatus() == AlertStatus.ACKNOWLEDGED) {
                throw conflict("The alert was acknowledged already by " + alert.getAcknowledgedBy() + ".");
            }
            alert.acknowledge(by, now);
            return new Change(TimelineEntry.Kind.ACKNOWLEDGED, FeedEvent.ACKNOWLEDGED, Notification.ACKNOWLEDGED,
                    "alert.acknowledge");
        }, by, note, now).invoke(item -> metrics.acknowledged(item.severity(), Duration.between(item.raisedAt(), now)));
    }

    /** Closes it (the clinician's judgement; the detector may still send its own RESOLVED later). 409 when resolved. */
    public Uni<AlertItem> resolve(String alertId, String note, CareTeamAccess access) {
        String by = access.subject();
        Instant now = now();
        return change(alertId, access, alert -> {
            if (alert.getStatus() == AlertStatus.RESOLVED) {
                throw conflict("The alert is resolved already.");
            }
            alert.resolveByClinician(by, now);
            return new Change(TimelineEntry.Kind.RESOLVED, FeedEvent.RESOLVED, Notification.RESOLVED, "alert.resolve");
        }, by, note, now);
    }

    private record Change(TimelineEntry.Kind kind, String feedType, String notificationType, String auditAction) {
    }

    private Uni<AlertItem> change(String alertId, CareTeamAccess access, java.util.function.Function<Alert, Change> action,
            String by, String note, Instant now) {
        UUID id = parse(alertId);
        String cleanNote = note == null || note.isBlank() ? null : note.strip();
        return Panache.withTransaction(() -> Panache.getSession()
                        .flatMap(session -> session.find(Alert.class, id, LockMode.PESSIMISTIC_WRITE))
                        .flatMap(alert -> {
                            if (alert == null || !access.canReadPatientData(alert.getCareTeamId())) {
                                return Uni.createFrom().failure(notFound());
                            }
                            Change change = action.apply(alert);
                            TimelineEntry entry = new TimelineEntry(id, null, change.kind(), alert.getSeverity(), now, by,
                                    cleanNote, null);
                            String notificationId = UUID.nameUUIDFromBytes((alertId + '|' + change.kind() + "|clinician")
                                    .getBytes(StandardCharsets.UTF_8)).toString();
                            return effects.apply(alert, entry, change.feedType(),
                                            new Notify(notificationId, change.notificationType(), Audience.CARE_TEAM, now))
                                    .call(() -> audit.record(by, change.auditAction(), "alert", alertId,
                                            Map.of("noteLength", cleanNote == null ? 0 : cleanNote.length())));
                        }))
                .invoke(item -> {
                    effects.committed();
                    metrics.changed();
                });
    }

    static AlertItem item(Row row) {
        return new AlertItem(row.getUUID("alert_id").toString(), row.getString("patient_id"),
                row.getString("display_name"), row.getString("care_team_id"),
                AlertCondition.valueOf(row.getString("condition")), Severity.valueOf(row.getString("severity")),
                AlertStatus.valueOf(row.getString("status")), instant(row.getOffsetDateTime("episode_start")),
                instant(row.getOffsetDateTime("raised_at")), instant(row.getOffsetDateTime("updated_at")),
                row.getBoolean("detected_late"), row.getString("acknowledged_by"),
                instant(row.getOffsetDateTime("acknowledged_at")), row.getString("resolved_by"),
                instant(row.getOffsetDateTime("resolved_at")),
                row.getString("resolution") == null ? null : Resolution.valueOf(row.getString("resolution")),
                row.getUUID("superseded_by") == null ? null : row.getUUID("superseded_by").toString(),
                row.getInteger("escalations"));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static UUID parse(String alertId) {
        try {
            return UUID.fromString(alertId);
        } catch (RuntimeException e) {
            throw notFound();
        }
    }

    private static ProblemException notFound() {
        return new ProblemException(ProblemType.NOT_FOUND, "No alert with this alertId.");
    }

    private static ProblemException conflict(String detail) {
        return new ProblemException(ProblemType.CONFLICT, detail);
    }
}
