package org.portwatch.alert.patient;

import org.portwatch.service.persistence.PgErrors;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.portwatch.alert.audit.AuditLog;
import org.portwatch.alert.security.CareTeamAccess;
import org.portwatch.model.Thresholds;
import org.portwatch.service.problem.Problem;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;

/**
 * Patient profiles: set, read, list and discharge, each change committed together with its outbox row (the
 * detector's copy on {@code patients.profiles} follows within milliseconds, or after an outage, but always) and
 * with what it means for the patient's alerts ({@link PatientAlerts}: handed over at enrollment, moved with the
 * patient to another care team, resolved at discharge).
 */
@ApplicationScoped
public class PatientService {

    private final PatientRepository patients;
    private final ProfileOutbox outbox;
    private final ProfileOutboxPublisher publisher;
    private final AuditLog audit;
    private final PatientAlerts alerts;
    private final Clock clock;

    public PatientService(PatientRepository patients, ProfileOutbox outbox, ProfileOutboxPublisher publisher,
            AuditLog audit, PatientAlerts alerts, Clock clock) {
        this.clock = clock;
        this.patients = patients;
        this.outbox = outbox;
        this.publisher = publisher;
        this.audit = audit;
        this.alerts = alerts;
    }

    /** What happened to a profile, for the audit trail (action {@code patient.<action>}). */
    enum Action {
        CREATED,
        UPDATED,
        READMITTED,
        DISCHARGED;

        String auditAction() {
            return "patient." + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The answer to a PUT: the profile now in force, and whether it was created by this request. */
    public record Saved(PatientView patient, boolean created) {
    }

    /**
     * A change as committed: what to answer, what to audit and publish (nothing when {@code action} is null), and
     * how many of the patient's alerts changed owner or were resolved with it.
     */
    private record Change(PatientView view, boolean created, Action action, List<String> fields, int alertsChanged) {
    }

    /**
     * Creates or updates a profile. Thresholds not given keep their value in force (the default for a new patient).
     * A discharged patient is admitted again. A request that changes nothing writes nothing.
     */
    public Uni<Saved> save(String patientId, PatientProfileInput input, CareTeamAccess access) {
        if (!access.canAccess(input.careTeamId())) {
            return Uni.createFrom().failure(forbidden());
        }
        String subject = access.subject();
        return Panache.withTransaction(() -> patients.findForUpdate(patientId)
                        .flatMap(existing -> apply(patientId, existing, input, access, subject))
                        // Field names only: the values are patient data (the name) or on the topic (thresholds).
                        .call(change -> change.action() == null ? Uni.createFrom().voidItem()
                                : audit.record(subject, change.action().auditAction(), "patient", patientId,
                                        Map.of("fields", change.fields()))))
                .onFailure(PgErrors::isUniqueViolation).transform(race -> new ProblemException(ProblemType.CONFLICT,
                        "The patient was created by another request at the same time; send the request again."))
                .invoke(change -> {
                    if (change.action() != null) {
                        // After the commit: the row is visible to the publisher's own connection.
                        publisher.wake();
                    }
                    if (change.alertsChanged() > 0) {
                        alerts.committed();
                    }
                })
                .map(change -> new Saved(change.view(), change.created()));
    }

    private Uni<Change> apply(String patientId, Patient existing, PatientProfileInput input, CareTeamAccess access,
            String subject) {
        if (existing != null && !access.canAccess(existing.getCareTeamId())) {
            // Moving a patient needs both teams: the one it leaves and the one it joins. To the caller a patient of
            // another team does not exist (as on GET and DELETE): the answer is exactly an unknown patient's 404,
            // never a 403 that would confirm the patient is someone else's.
            return Uni.createFrom().failure(notFound());
        }
        ThresholdSettings.Merge merge = ThresholdSettings.merge(
                existing == null ? Thresholds.DEFAULTS : existing.getThresholds(), input.thresholds());
        if (!merge.valid()) {
            return Uni.createFrom().failure(invalid(merge.errors()));
        }
        boolean monitoring = input.monitoring() != null ? input.monitoring()
                : existing == null || existing.isDischarged() || existing.isMonitoring();
        Instant now = now();

        if (existing == null) {
            Patient patient = new Patient(patientId, now);
            patient.apply(input.displayName(), input.careTeamId(), input.portSite(), monitoring, merge.thresholds(), now);
            List<String> fields = new ArrayList<>(List.of("displayName", "careTeamId", "portSite", "monitoring"));
            ThresholdSettings.changed(Thresholds.DEFAULTS, merge.thresholds()).forEach(t -> fields.add(ThresholdSettings.FIELD_PREFIX + t));
            // Alerts raised before enrollment go to the enrolling team, notified as RAISED.
            return patients.persist(patient)
                    .call(saved -> outbox.enqueue(saved.toProfile(), now))
                    .flatMap(saved -> alerts.careTeamSet(patientId, null, saved.getCareTeamId(), subject, now)
                            .map(changed -> new Change(PatientView.of(saved, access), true, Action.CREATED, List.copyOf(fields),
                                    changed)));
        }

        List<String> fields = new ArrayList<>();
        if (!Objects.equals(existing.getDisplayName(), input.displayName())) {
            fields.add("displayName");
        }
        if (!Objects.equals(existing.getCareTeamId(), input.careTeamId())) {
            fields.add("careTeamId");
        }
        if (existing.getPortSite() != input.portSite()) {
            fields.add("portSite");
        }
        if (existing.isMonitoring() != monitoring) {
            fields.add("monitoring");
        }
        ThresholdSettings.changed(existing.getThresholds(), merge.thresholds())
                .forEach(t -> fields.add(ThresholdSettings.FIELD_PREFIX + t));
        boolean readmitted = existing.isDischarged();
        String formerCareTeamId = existing.getCareTeamId();
        if (fields.isEmpty() && !readmitted) {
            // The profile stays as it is; alerts recorded without an owner (if any) still go to the patient's team.
            return alerts.careTeamSet(patientId, formerCareTeamId, formerCareTeamId, subject, now)
                    .map(changed -> new Change(PatientView.of(existing, access), false, null, List.of(), changed));
        }
        boolean monitoringEnds = existing.isMonitoring() && !monitoring;
        existing.apply(input.displayName(), input.careTeamId(), input.portSite(), monitoring, merge.thresholds(), now);
        // Monitoring ending resolves the open alerts where they are; otherwise they follow the patient's team.
        return outbox.enqueue(existing.toProfile(), now)
                .flatMap(queued -> monitoringEnds ? alerts.monitoringEnded(patientId, subject, now)
                        : Uni.createFrom().item(0))
                .flatMap(ended -> alerts.careTeamSet(patientId, formerCareTeamId, input.careTeamId(), subject, now)
                        .map(moved -> ended + moved))
                .map(changed -> new Change(PatientView.of(existing, access), false,
                        readmitted ? Action.READMITTED : Action.UPDATED, List.copyOf(fields), changed));
    }

    /**
     * The profile with every threshold in force; 404 also when the patient belongs to another care team. The
     * display name only for a clinician of the patient's team ({@link PatientView#of}).
     */
    @WithSession
    public Uni<PatientView> find(String patientId, CareTeamAccess access) {
        return patients.findById(patientId)
                .map(patient -> {
                    if (patient == null || !access.canAccess(patient.getCareTeamId())) {
                        throw notFound();
                    }
                    return PatientView.of(patient, access);
                });
    }

    /**
     * The patients the caller may see, by patientId: an administrator every team's (or {@code careTeamId}'s), a
     * clinician their own teams' (a team not theirs gives an empty page, as an unknown one does).
     */
    public Uni<PatientPage> list(String careTeamId, boolean includeDischarged, int page, int size, CareTeamAccess access) {
        Collection<String> teams = access.listableCareTeams(careTeamId).orElse(null);
        if (teams != null && teams.isEmpty()) {
            return Uni.createFrom().item(new PatientPage(List.of(), page, size, 0));
        }
        return Panache.withSession(() -> {
            PanacheQuery<Patient> query = patients.listed(teams, includeDischarged).page(Page.of(page, size));
            return query.list().flatMap(found -> query.count().map(total ->
                    new PatientPage(found.stream().map(patient -> PatientView.of(patient, access)).toList(), page, size, total)));
        });
    }

    /**
     * Ends monitoring: the row stays with {@code dischargedAt}, the detector gets a tombstone, every open alert of
     * the patient is resolved as discharged. Discharging a discharged patient changes nothing.
     */
    public Uni<Void> discharge(String patientId, CareTeamAccess access) {
        String subject = access.subject();
        return Panache.withTransaction(() -> patients.findForUpdate(patientId).flatMap(patient -> {
                    if (patient == null || !access.canAccess(patient.getCareTeamId())) {
                        return Uni.createFrom().<Discharge>failure(notFound());
                    }
                    if (patient.isDischarged()) {
                        return Uni.createFrom().item(new Discharge(false, 0));
                    }
                    Instant now = now();
                    patient.discharge(now);
                    // Every open alert resolved as discharged, in this transaction: nothing escalates after it.
                    return outbox.enqueueTombstone(patientId, now)
                            .call(() -> audit.record(subject, Action.DISCHARGED.auditAction(), "patient", patientId,
                                    Map.of("fields", List.of("monitoring", "dischargedAt"))))
                            .flatMap(queued -> alerts.monitoringEnded(patientId, subject, now))
                            .map(resolved -> new Discharge(true, resolved));
                }))
                .invoke(discharge -> {
                    if (discharge.discharged()) {
                        publisher.wake();
                    }
                    if (discharge.alertsResolved() > 0) {
                        alerts.committed();
                    }
                })
                .replaceWithVoid();
    }

    /** What a discharge did: nothing for a discharged patient. */
    private record Discharge(boolean discharged, int alertsResolved) {
    }

    private Instant now() {
        // PostgreSQL keeps microseconds; the answer and the topic show what the database stores.
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }


    private static ProblemException invalid(List<Problem.FieldError> errors) {
        String fields = errors.stream().map(Problem.FieldError::field).distinct().collect(Collectors.joining(", "));
        return new ProblemException(ProblemType.VALIDATION_FAILED, "Invalid value for: " + fields + ".", errors, Map.of());
    }

    private static ProblemException forbidden() {
        return new ProblemException(ProblemType.FORBIDDEN,
                "Your care teams do not include this patient's care team.");
    }

    private static ProblemException notFound() {
        return new ProblemException(ProblemType.NOT_FOUND, "No patient with this patientId.");
    }
}
