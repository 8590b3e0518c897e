package org.portwatch.alert.medication;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.portwatch.alert.patient.PatientRepository;
import org.portwatch.alert.security.CareTeamAccess;
import org.portwatch.alert.audit.AuditLog;
import org.portwatch.service.problem.Problem;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;
import org.portwatch.model.Antipyretic;
import org.portwatch.model.SymptomCheckIn;

/**
 * Antipyretic doses: recorded by a clinician of the patient's team (checked before any database call, then stored
 * and audited in one transaction), listed for the team, and looked up for a fever alert or a timeline in the caller's
 * session. A patient of another team, or one nobody enrolled, is the 404 of an unknown patient, as for a profile.
 */
@ApplicationScoped
public class MedicationService {

    /** A dose "taken" further ahead than a clock's drift is a typo. */
    static final Duration FUTURE_SKEW = Duration.ofMinutes(5);
    /** Older doses mask nothing the alerts and the 7-day timeline show; ingest keeps readings as long. */
    static final Duration MAX_AGE = Duration.ofDays(7);
    /** A list answers at most this many doses (a 30-day range of four doses a day is 120). */
    static final int LIST_LIMIT = 500;
    static final String RECORD_ACTION = "patient.medication.record";
    static final String READ_ACTION = "patient.medications.read";

    private final MedicationRepository doses;
    private final PatientRepository patients;
    private final AuditLog audit;
    private final MedicationMetrics metrics;
    private final Clock clock;

    public MedicationService(MedicationRepository doses, PatientRepository patients, AuditLog audit,
            MedicationMetrics metrics, Clock clock) {
        this.doses = doses;
        this.patients = patients;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The body of a recording: which antipyretic and when it was taken (ISO-8601; default now). */
    public record DoseInput(String medication, String takenAt) {
    }

    /** Records a dose for a patient of the caller's teams; 422 for a bad body before anything is read. */
    public Uni<AntipyreticDose> record(String patientId, DoseInput input, CareTeamAccess access) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        AntipyreticDose dose = checked(patientId, input, now, access.subject());
        return Panache.withTransaction(() -> patients.findById(patientId).flatMap(patient -> {
                    if (patient == null || !access.canReadPatientData(patient.getCareTeamId())) {
                        return Uni.createFrom().<AntipyreticDose>failure(notFound());
                    }
                    return doses.insert(dose).replaceWithVoid()
                            .call(() -> audit.append(dose.recordedBy(), RECORD_ACTION, "patient", patientId, Map.of(
                                    "doseId", dose.doseId().toString(), "medication", dose.medication().name(),
                                    "takenAt", dose.takenAt().toString())))
                            .replaceWith(dose);
                }))
                .invoke(metrics::recorded);
    }

    /** The doses of the last {@code days} (1–30, default 7) for a patient of the caller's teams, audited. */
    public Uni<List<AntipyreticDose>> list(String patientId, Integer days, CareTeamAccess access) {
        int span = days == null ? 7 : days;
        if (span < 1 || span > 30) {
            throw invalid(List.of(new Problem.FieldError(null, "days", "OUT_OF_RANGE", "must be 1 to 30")));
        }
        Instant to = clock.instant().plus(FUTURE_SKEW);
        Instant from = to.minus(Duration.ofDays(span)).minus(FUTURE_SKEW);
        return Panache.withSession(() -> patients.findById(patientId).flatMap(patient -> {
                    if (patient == null || !access.canReadPatientData(patient.getCareTeamId())) {
                        return Uni.createFrom().<List<AntipyreticDose>>failure(notFound());
                    }
                    return doses.taken(patientId, from, to, LIST_LIMIT);
                }))
                .call(found -> audit.append(access.subject(), READ_ACTION, "patient", patientId,
                        Map.of("days", span, "doses", found.size())));
    }

    /**
     * Records the antipyretic a patient's check-in reports (source PATIENT_APP, recorded by the device), once: the
     * dose's id derives from the device and the check-in, so a redelivered check-in records nothing twice. In the
     * caller's transaction; counted after it commits by {@link #counted}.
     */
    public Uni<AntipyreticDose> reported(SymptomCheckIn checkIn) {
        SymptomCheckIn.AntipyreticTaken taken = checkIn.antipyretic();
        UUID id = UUID.nameUUIDFromBytes((checkIn.deviceId() + "|" + checkIn.checkInId() + "|ANTIPYRETIC")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        AntipyreticDose dose = AntipyreticDose.of(id, checkIn.patientId(), taken.medication(),
                taken.takenAt().truncatedTo(ChronoUnit.MILLIS), checkIn.receivedAt(), checkIn.deviceId(),
                AntipyreticDose.Source.PATIENT_APP);
        return doses.insert(dose).map(inserted -> inserted > 0 ? dose : null);
    }

    /** Counts a dose recorded from a check-in, once its transaction committed; null (a redelivery) counts nothing. */
    public void counted(AntipyreticDose dose) {
        if (dose != null) {
            metrics.recorded(dose);
        }
    }

    /**
     * The doses that may lower the patient's temperature at some time in [{@code from}, {@code to}): taken before
     * {@code to} and masking past {@code from}. In the caller's session; the caller has checked the team.
     */
    public Uni<List<AntipyreticDose>> masking(String patientId, Instant from, Instant to) {
        return doses.taken(patientId, from.minus(Antipyretic.LONGEST), to, LIST_LIMIT)
                .map(found -> found.stream().filter(d -> d.maskingUntil().isAfter(from)).toList());
    }

    private static AntipyreticDose checked(String patientId, DoseInput input, Instant now, String by) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Antipyretic medication = null;
        String name = input == null ? null : input.medication();
        try {
            medication = name == null ? null : Antipyretic.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            medication = null;
        }
        if (medication == null) {
            errors.add(new Problem.FieldError(null, "medication", name == null ? "MISSING_FIELD" : "UNKNOWN_VALUE",
                    "must be one of " + Arrays.stream(Antipyretic.values()).map(Enum::name)
                            .collect(Collectors.joining(", "))));
        }
        Instant takenAt = now;
        String at = input == null ? null : input.takenAt();
        if (at != null && !at.isBlank()) {
            try {
                takenAt = OffsetDateTime.parse(at.strip()).toInstant().truncatedTo(ChronoUnit.MILLIS);
                if (takenAt.isAfter(now.plus(FUTURE_SKEW))) {
                    errors.add(new Problem.FieldError(null, "takenAt", "IN_FUTURE",
                            "may be at most " + FUTURE_SKEW.toMinutes() + " minutes ahead"));
                } else if (takenAt.isBefore(now.minus(MAX_AGE))) {
                    errors.add(new Problem.FieldError(null, "takenAt", "TOO_OLD",
                            "may be at most " + MAX_AGE.toDays() + " days ago"));
                }
            } catch (DateTimeParseException e) {
                errors.add(new Problem.FieldError(null, "takenAt", "INVALID_INSTANT",
                        "must be an ISO-8601 instant, e.g. 2026-11-30T08:00:00Z"));
            }
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return AntipyreticDose.of(UUID.randomUUID(), patientId, medication, takenAt, now, by,
                AntipyreticDose.Source.CLINICIAN);
    }

    private static ProblemException invalid(List<Problem.FieldError> errors) {
        String fields = errors.stream().map(Problem.FieldError::field).distinct().collect(Collectors.joining(", "));
        return new ProblemException(ProblemType.VALIDATION_FAILED, "Invalid value for: " + fields + ".", errors, Map.of());
    }

    /** Exactly the answer of an unknown patient's profile: it must not tell that the patient exists elsewhere. */
    private static ProblemException notFound() {
        return new ProblemException(ProblemType.NOT_FOUND, "No patient with this patientId.");
    }
}
