package org.portwatch.alert.alerts;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.portwatch.alert.alerts.AlertEffects.Notify;
import org.portwatch.alert.assignment.CommentRepository;
import org.portwatch.alert.audit.AuditLog;
import org.portwatch.alert.feed.FeedEvent;
import org.portwatch.alert.notification.Audience;
import org.portwatch.alert.notification.Notification;
import org.portwatch.alert.checkin.CheckInRepository;
import org.portwatch.alert.checkin.CheckInView;
import org.portwatch.alert.medication.AntipyreticDose;
import org.portwatch.alert.medication.MedicationService;
import org.portwatch.alert.patient.PatientRepository;
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

    private final AlertRepository alerts;
    private final PatientRepository patients;
    private final AlertEffects effects;
    private final AuditLog audit;
    private final AlertMetrics metrics;
    private final CommentRepository comments;
    private final MedicationService medications;
    private final CheckInRepository checkIns;
    private final AlertGroups groups;
    private final AlertGroupRepository grouped;

    AlertService(AlertRepository alerts, PatientRepository patients, AlertEffects effects, AuditLog audit,
            AlertMetrics metrics, Clock clock, CommentRepository comments, MedicationService medications,
            CheckInRepository checkIns, AlertGroups groups, AlertGroupRepository grouped) {
        this.comments = comments;
        this.groups = groups;
        this.grouped = grouped;
        this.clock = clock;
        this.checkIns = checkIns;
        this.medications = medications;
        this.alerts = alerts;
        this.patients = patients;
        this.effects = effects;
        this.audit = audit;
        this.metrics = metrics;
    }

    /** Filters of a list; null means any. */
    public record Filter(List<AlertStatus> statuses, String patientId, List<Severity> severities) {

        AlertRepository.Filter of() {
            return new AlertRepository.Filter(statuses, patientId, severities);
        }
    }

    /** The caller's teams' alerts, most severe first, then newest. A read: a session, no transaction. */
    public Uni<AlertPage> list(Filter filter, int page, int size, CareTeamAccess access) {
        Collection<String> teams = access.careTeams();
        if (teams.isEmpty()) {
            return Uni.createFrom().item(new AlertPage(List.of(), 0, page, size));
        }
        return Panache.withSession(() -> alerts.listOfTeams(teams, filter.of(), page, size))
                .map(found -> new AlertPage(found.items().stream()
                        .map(listed -> AlertItem.of(listed.alert(), listed.patientName())).toList(),
                        found.total(), page, size));
    }

    /**
     * Alerts nobody owns yet (the patient has no profile), for administrators: same filters, order and paging as
     * {@link #list}, without anything of the patient but the id.
     */
    public Uni<UnassignedAlert.Page> unassigned(Filter filter, int page, int size) {
        return Panache.withSession(() -> alerts.unassigned(filter.of(), page, size))
                .map(found -> new UnassignedAlert.Page(found.items().stream().map(UnassignedAlert::of).toList(),
                        found.total(), page, size));
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
        return Panache.withSession(() -> alerts.findReadOnly(id).flatMap(alert -> {
                    if (alert == null || !access.canReadPatientData(alert.getCareTeamId())) {
                        return Uni.createFrom().<Loaded>failure(notFound());
                    }
                    return patients.findById(alert.getPatientId())
                            .flatMap(patient -> alerts.timeline(id)
                                    .flatMap(timeline -> comments.thread(id)
                                    .flatMap(thread -> antipyretics(alert)
                                    .flatMap(doses -> checkIn(alert)
                                    .flatMap(checkIn -> groupOf(alert)
                                    .map(children -> new Loaded(alert.getPatientId(), new AlertDetail(
                                            AlertItem.of(alert, patient == null ? null : patient.getDisplayName()),
                                            alert.getRule(), alert.getThresholds(), alert.getEvidence(),
                                            timeline.stream().map(AlertDetail.Step::of).toList(), thread, doses,
                                            checkIn, children.stream().map(AlertDetail.Grouped::of).toList()))))))));
                }))
                .call(loaded -> audit.append(by, "alert.evidence.read", "alert", alertId,
                        Map.of("patientId", loaded.patientId())))
                .map(Loaded::detail);
    }

    /**
     * For a fever (FEVER, SEPSIS_RISK): the doses that may have lowered the temperature from the episode's start until
     * it was resolved or now. Paracetamol can hide how high a fever runs, or that it persists.
     */
    private Uni<List<AntipyreticDose>> antipyretics(Alert alert) {
        if (alert.getCondition() != AlertCondition.FEVER && alert.getCondition() != AlertCondition.SEPSIS_RISK) {
            return Uni.createFrom().item(List.of());
        }
        Instant until = alert.getResolvedAt() != null ? alert.getResolvedAt() : now();
        return medications.masking(alert.getPatientId(), alert.getEpisodeStart(), until.plusMillis(1));
    }

    /**
     * For a SYMPTOM alert, the check-in that raised it (its evidence names the check-in): the patient's own words for
     * OTHER reach the team's clinicians here, never on the alert itself.
     */
    private Uni<CheckInView> checkIn(Alert alert) {
        List<org.portwatch.model.Evidence> evidence = alert.getEvidence();
        if (alert.getCondition() != AlertCondition.SYMPTOM || evidence == null || evidence.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return checkIns.find(alert.getPatientId(), evidence.get(0).readingId());
    }

    /** The alerts grouped under {@code alert}: only a SEPSIS_RISK has any. */
    private Uni<List<Alert>> groupOf(Alert alert) {
        return org.portwatch.alert.grouping.GroupRules.isParent(alert.getCondition())
                ? grouped.childrenOf(alert.getAlertId()) : Uni.createFrom().item(List.<Alert>of());
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
    public Uni<AlertItem> resolve(String alertId, String note, Outcome outcome, CareTeamAccess access) {
        String by = access.subject();
        Instant now = now();
        return change(alertId, access, alert -> {
            if (alert.getStatus() == AlertStatus.RESOLVED) {
                throw conflict("The alert is resolved already.");
            }
            alert.resolveByClinician(by, now, outcome);
            return new Change(TimelineEntry.Kind.RESOLVED, FeedEvent.RESOLVED, Notification.RESOLVED, "alert.resolve",
                    outcome == null ? Map.of() : Map.of("outcome", outcome.name()));
        }, by, note, now).invoke(item -> metrics.resolvedWith(item.condition(), item.severity(), outcome));
    }

    private record Change(TimelineEntry.Kind kind, String feedType, String notificationType, String auditAction,
            Map<String, Object> details) {
        Change(TimelineEntry.Kind kind, String feedType, String notificationType, String auditAction) {
            this(kind, feedType, notificationType, auditAction, Map.of());
        }
    }

    private Uni<AlertItem> change(String alertId, CareTeamAccess access, java.util.function.Function<Alert, Change> action,
            String by, String note, Instant now) {
        UUID id = parse(alertId);
        String cleanNote = note == null || note.isBlank() ? null : note.strip();
        return Panache.withTransaction(() -> alerts.findForUpdate(id)
                        .flatMap(alert -> {
                            if (alert == null || !access.canReadPatientData(alert.getCareTeamId())) {
                                return Uni.createFrom().failure(notFound());
                            }
                            Change change = action.apply(alert);
                            TimelineEntry entry = new TimelineEntry(id, null, change.kind(), alert.getSeverity(), now, by,
                                    cleanNote, null);
                            String notificationId = UUID.nameUUIDFromBytes((alertId + '|' + change.kind() + "|clinician")
                                    .getBytes(StandardCharsets.UTF_8)).toString();
                            // A resolved SEPSIS_RISK releases its group first (AlertGroups), in this transaction.
                            return groups.resolvedByClinician(alert, by, now).flatMap(released -> effects.apply(alert,
                                            entry, change.feedType(),
                                            new Notify(notificationId, change.notificationType(), Audience.CARE_TEAM, now)))
                                    .call(() -> audit.record(by, change.auditAction(), "alert", alertId,
                                            details(change, cleanNote)));
                        }))
                .invoke(item -> {
                    effects.committed();
                    metrics.changed();
                });
    }

    /** What the audit row says besides who and what: the note's length (never its text), the outcome if any. */
    private static Map<String, Object> details(Change change, String note) {
        Map<String, Object> details = new java.util.LinkedHashMap<>(change.details());
        details.put("noteLength", note == null ? 0 : note.length());
        return details;
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
