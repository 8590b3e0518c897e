package org.portwatch.alert.readings;

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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.portwatch.alert.medication.MedicationService;
import org.portwatch.alert.readings.Timeline.Resolution;
import org.portwatch.alert.readings.Timeline.Series;
import org.portwatch.alert.security.CareTeamAccess;
import org.portwatch.model.VitalType;
import org.portwatch.alert.audit.AuditLog;
import org.portwatch.service.problem.Problem;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;

/**
 * A patient's timeline for the care team: the range checked before any database call (a bad one is a 422 that costs
 * nothing), then read without a transaction, scoped to the patient's care team exactly as a profile is (a patient of
 * another team, or one nobody enrolled yet, is the 404 of an unknown patient), and audited like an alert's evidence:
 * the audit row commits before the answer leaves.
 */
@ApplicationScoped
public class TimelineService {

    /** The default range: the dashboard's first view. */
    static final Duration DEFAULT_RANGE = Duration.ofHours(24);
    /** Up to this range buckets are 15 minutes (672 per type over 7 days); beyond, an hour (720 over 30 days). */
    static final Duration QUARTER_HOUR_MAX_RANGE = Duration.ofDays(7);
    static final String AUDIT_ACTION = "patient.readings.read";
    /**
     * Bounds of a timeline's instants: no reading is older than the Unix epoch, and beyond the year 9999 PostgreSQL's
     * timestamps (and ISO-8601 without a sign) end; an instant outside is a client's error, not a 500.
     */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

    private final TimelineRepository repository;
    private final AuditLog audit;
    private final ReadingsConfig config;
    private final MedicationService medications;
    private final Clock clock;

    public TimelineService(TimelineRepository repository, AuditLog audit, ReadingsConfig config,
            MedicationService medications, Clock clock) {
        this.repository = repository;
        this.medications = medications;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /** A checked request: the range and the one type asked for (null: every type). */
    public record Query(Instant from, Instant to, VitalType type) {

        Duration range() {
            return Duration.between(from, to);
        }
    }

    /**
     * Checks {@code from}, {@code to} (ISO-8601 instants; default the 24 h up to now) and {@code type}; throws the 422
     * with every field's error.
     */
    public Query query(String from, String to, String type) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Instant end = blank(to) ? clock.instant().truncatedTo(ChronoUnit.MILLIS) : instant(to, "to", errors);
        Instant start = blank(from) ? (end == null ? null : end.minus(DEFAULT_RANGE)) : instant(from, "from", errors);
        VitalType vital = null;
        if (!blank(type)) {
            try {
                vital = VitalType.valueOf(type.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                vital = null;
            }
            // The timeline plots numbers: a categorical type (a heart rhythm) is not in the history.
            if (vital == null || vital.categorical()) {
                vital = null;
                errors.add(new Problem.FieldError(null, "type", "UNKNOWN_VALUE", "must be one of "
                        + java.util.Arrays.stream(VitalType.values()).filter(t -> !t.categorical()).map(Enum::name)
                                .collect(Collectors.joining(", "))));
            }
        }
        if (start != null && end != null) {
            if (!end.isAfter(start)) {
                errors.add(new Problem.FieldError(null, "to", "INVALID_RANGE", "must be after from"));
            } else if (Duration.between(start, end).compareTo(config.maxRange()) > 0) {
                errors.add(new Problem.FieldError(null, "from", "RANGE_TOO_LONG",
                        "the range may span at most " + config.maxRange().toDays() + " days"));
            }
        }
        if (!errors.isEmpty()) {
            String fields = errors.stream().map(Problem.FieldError::field).distinct().collect(Collectors.joining(", "));
            throw new ProblemException(ProblemType.VALIDATION_FAILED, "Invalid value for: " + fields + ".", errors,
                    Map.of());
        }
        return new Query(start, end, vital);
    }

    /** The timeline of a patient of the caller's care teams; 404 for any other patient, enrolled or not. */
    public Uni<Timeline> timeline(String patientId, Query query, CareTeamAccess access) {
        String by = access.subject();
        return Panache.withSession(() -> repository.patient(patientId).flatMap(patient -> {
                    if (patient == null || !access.canReadPatientData(patient.getCareTeamId())) {
                        return Uni.createFrom().<Timeline>failure(notFound());
                    }
                    return resolution(patientId, query)
                            .flatMap(resolution -> series(patientId, query, resolution)
                                    .flatMap(series -> repository.alerts(patientId, patient.getCareTeamId(), query.from(),
                                                    query.to())
                                            .flatMap(alerts -> medications.masking(patientId, query.from(), query.to())
                                            .map(doses -> new Timeline(patientId, query.from(), query.to(), resolution,
                                                    series, patient.getThresholds(), alerts, doses)))));
                }))
                .call(timeline -> audit.append(by, AUDIT_ACTION, "patient", patientId, Map.of(
                        "from", query.from().toString(), "to", query.to().toString(),
                        "resolution", timeline.resolution().name())));
    }

    /** RAW up to 24 h unless that is more than {@code max-raw-points} readings (then 1-minute buckets). */
    private Uni<Resolution> resolution(String patientId, Query query) {
        if (query.range().compareTo(config.rawMaxRange()) > 0) {
            return Uni.createFrom().item(query.range().compareTo(QUARTER_HOUR_MAX_RANGE) > 0 ? Resolution.PT1H
                    : Resolution.PT15M);
        }
        return repository.count(patientId, query.from(), query.to(), query.type())
                .map(count -> count > config.maxRawPoints() ? Resolution.PT1M : Resolution.RAW);
    }

    private Uni<List<Series>> series(String patientId, Query query, Resolution resolution) {
        return resolution == Resolution.RAW ? repository.raw(patientId, query.from(), query.to(), query.type())
                : repository.buckets(patientId, query.from(), query.to(), query.type(), resolution);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** An ISO-8601 instant, {@code Z} or with an offset, within the years PostgreSQL and people deal in. */
    private static Instant instant(String value, String field, List<Problem.FieldError> errors) {
        try {
            Instant instant = OffsetDateTime.parse(value.strip()).toInstant();
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                errors.add(new Problem.FieldError(null, field, "OUT_OF_RANGE", "must be between " + EARLIEST + " and "
                        + LATEST));
                return null;
            }
            return instant;
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(null, field, "INVALID_INSTANT",
                    "must be an ISO-8601 instant, e.g. 2026-11-30T08:00:00Z"));
            return null;
        }
    }

    /** Exactly the answer of an unknown patient's profile: it must not tell that the patient exists elsewhere. */
    private static ProblemException notFound() {
        return new ProblemException(ProblemType.NOT_FOUND, "No patient with this patientId.");
    }
}
