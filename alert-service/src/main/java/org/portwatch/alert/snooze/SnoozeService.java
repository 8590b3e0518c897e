package org.portwatch.alert.snooze;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.portwatch.alert.alerts.AlertItem;
import org.portwatch.alert.alerts.AlertSnoozes;
import org.portwatch.alert.alerts.AlertStatus;
import org.portwatch.alert.patient.PatientRepository;
import org.portwatch.alert.security.CareTeamAccess;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.Severity;
import org.portwatch.alert.audit.AuditLog;
import org.portwatch.service.problem.Problem;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;

/**
 * Snoozes of alerts and silences of a patient's NO_DATA for the care team: the body checked before any database
 * call, then one transaction that checks the alert or patient is the caller's team's (404 otherwise, as for any alert
 * or patient of another team), changes it and appends the audit row — reasons are counted by length there, never
 * copied. A snooze of a resolved alert is a 409, a CRITICAL alert's over 30 minutes a 422; nothing changes then.
 */
@ApplicationScoped
public class SnoozeService {

    static final String AUDIT_SNOOZE = "alert.snooze";
    static final String AUDIT_UNSNOOZE = "alert.unsnooze";
    static final String AUDIT_SILENCE = "patient.silence";
    static final String AUDIT_SILENCE_END = "patient.silence.end";

    private final AlertSnoozes snoozes;
    private final SilenceRepository silences;
    private final PatientRepository patients;
    private final AuditLog audit;
    private final SnoozeMetrics metrics;
    private final SnoozeConfig config;
    private final Clock clock;

    SnoozeService(AlertSnoozes snoozes, SilenceRepository silences, PatientRepository patients, AuditLog audit,
            SnoozeMetrics metrics, SnoozeConfig config, Clock clock) {
        this.snoozes = snoozes;
        this.silences = silences;
        this.patients = patients;
        this.audit = audit;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    /** Snoozes the alert for {@code body}'s duration (replacing a snooze it has). */
    public Uni<AlertItem> snooze(String alertId, String body, CareTeamAccess access) {
        SnoozeInput.Snooze input = SnoozeInput.snooze(body, config);
        String by = access.subject();
        Instant now = now();
        return Panache.withTransaction(() -> snoozes.lock(alertId, access).flatMap(target -> {
                    if (target.status() == AlertStatus.RESOLVED) {
                        throw new ProblemException(ProblemType.CONFLICT, "The alert is resolved: nothing to snooze.");
                    }
                    if (target.severity() == Severity.CRITICAL
                            && input.duration().compareTo(config.maximumCritical()) > 0) {
                        throw new ProblemException(ProblemType.VALIDATION_FAILED, "Too long for a CRITICAL alert.",
                                List.of(new Problem.FieldError(null, "duration", "OUT_OF_RANGE",
                                        "a CRITICAL alert at most " + config.maximumCritical())), Map.of());
                    }
                    Instant until = now.plus(input.duration());
                    return snoozes.snooze(target.alertId(), until, by, input.reason(), now)
                            .call(() -> audit.record(by, AUDIT_SNOOZE, "alert", alertId, Map.of(
                                    "until", until.toString(), "replaced", target.snoozedUntil() != null,
                                    "reasonLength", input.reason().length())));
                }))
                .invoke(snoozes::committed);
    }

    /** Ends the alert's snooze (or its silence, for this alert) now; 409 when it is not snoozed. */
    public Uni<AlertItem> unsnooze(String alertId, CareTeamAccess access) {
        String by = access.subject();
        Instant now = now();
        return Panache.withTransaction(() -> snoozes.lock(alertId, access).flatMap(target -> {
                    if (target.snoozedUntil() == null || target.status() == AlertStatus.RESOLVED) {
                        throw new ProblemException(ProblemType.CONFLICT, "The alert is not snoozed.");
                    }
                    return snoozes.unsnooze(target.alertId(), by, now)
                            .call(() -> audit.record(by, AUDIT_UNSNOOZE, "alert", alertId, Map.of()));
                }))
                .invoke(snoozes::committed);
    }

    /** Silences the patient's NO_DATA until {@code body}'s until or for its duration; its open NO_DATA alerts now. */
    public Uni<SilenceView> silence(String patientId, String body, CareTeamAccess access) {
        Instant now = now();
        SnoozeInput.Silence input = SnoozeInput.silence(body, config, now);
        String by = access.subject();
        return Panache.withTransaction(() -> patients.findById(patientId).flatMap(patient -> {
                    if (patient == null || !access.canReadPatientData(patient.getCareTeamId())) {
                        return Uni.createFrom().<SilenceView>failure(patientNotFound());
                    }
                    Silence silence = new Silence(patientId, patient.getCareTeamId(), AlertCondition.NO_DATA,
                            input.reason(), by, now, input.until());
                    return silences.persist(silence)
                            .flatMap(persisted -> snoozes.silenceOpen(patientId, AlertCondition.NO_DATA,
                                    silence.getSilenceId(), input.until(), by, input.reason(), now))
                            .call(count -> audit.record(by, AUDIT_SILENCE, "patient", patientId, Map.of(
                                    "silenceId", silence.getSilenceId().toString(), "condition", "NO_DATA",
                                    "until", input.until().toString(), "silencedAlerts", count,
                                    "reasonLength", input.reason().length())))
                            .map(count -> SilenceView.of(silence, count));
                }))
                .invoke(view -> {
                    snoozes.committed();
                    metrics.silenceSet();
                });
    }

    /** The patient's active silences, soonest end first. A read: a session, no transaction. */
    public Uni<List<SilenceView>> silences(String patientId, CareTeamAccess access) {
        return Panache.withSession(() -> patients.findById(patientId).flatMap(patient -> {
            if (patient == null || !access.canReadPatientData(patient.getCareTeamId())) {
                return Uni.createFrom().<List<SilenceView>>failure(patientNotFound());
            }
            return silences.activeOf(patientId)
                    .map(active -> active.stream().map(silence -> SilenceView.of(silence, null)).toList());
        }));
    }

    /** Ends the silence now for every alert it silences; 404 for an unknown one, 409 when it ended already. */
    public Uni<Void> endSilence(String patientId, String silenceId, CareTeamAccess access) {
        UUID id;
        try {
            id = UUID.fromString(silenceId);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.NOT_FOUND, "No such silence."));
        }
        String by = access.subject();
        Instant now = now();
        return Panache.withTransaction(() -> patients.findById(patientId).flatMap(patient -> {
                    if (patient == null || !access.canReadPatientData(patient.getCareTeamId())) {
                        return Uni.createFrom().<Void>failure(patientNotFound());
                    }
                    return silences.findForUpdate(id).flatMap(silence -> {
                        if (silence == null || !silence.getPatientId().equals(patientId)) {
                            throw new ProblemException(ProblemType.NOT_FOUND, "No such silence.");
                        }
                        if (silence.getEndedAt() != null) {
                            throw new ProblemException(ProblemType.CONFLICT, "The silence has ended already.");
                        }
                        silence.end(by, now);
                        return snoozes.endSilence(id, by, now)
                                .call(() -> audit.record(by, AUDIT_SILENCE_END, "patient", patientId,
                                        Map.of("silenceId", silenceId)));
                    });
                }))
                .invoke(snoozes::committed);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Exactly the answer of an unknown patient: it must not tell that the patient exists elsewhere. */
    private static ProblemException patientNotFound() {
        return new ProblemException(ProblemType.NOT_FOUND, "No patient with this patientId.");
    }
}
