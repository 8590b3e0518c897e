package org.portwatch.ingest.symptom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.portwatch.ingest.config.IngestConfig;
import org.portwatch.ingest.reading.ReadingValidator;
import org.portwatch.model.Antipyretic;
import org.portwatch.model.Symptom;
import org.portwatch.model.SymptomCheckIn;
import org.portwatch.service.problem.Problem;
import org.portwatch.service.security.ControlCharacters;

/**
 * A check-in is one report, accepted whole or refused whole: every fault is named, and one fault refuses it (a
 * partly accepted report would tell the care team less than the patient said). Times follow the readings' rules
 * (docs/clinical-rules.md input hygiene: at most 5 minutes ahead, at most 7 days old), so a phone that was offline
 * still delivers what its patient reported.
 */
@ApplicationScoped
public class CheckInValidator {

    /** A short text, as a patient types it on a phone; longer belongs in a call, which every alert leads to anyway. */
    static final int MAX_TEXT = 500;

    private static final Pattern CHECK_IN_ID = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private final Duration maxClockSkew;
    private final Duration maxAge;

    @Inject
    public CheckInValidator(IngestConfig config) {
        this(config.maxClockSkew(), config.maxAge());
    }

    CheckInValidator(Duration maxClockSkew, Duration maxAge) {
        this.maxClockSkew = maxClockSkew;
        this.maxAge = maxAge;
    }

    /** One refused field. */
    public record Fault(String field, CheckInRejection reason, String detail) {
        Problem.FieldError toFieldError() {
            return new Problem.FieldError(null, field, reason.name(), detail);
        }
    }

    /** The check-in to send on, or the faults that refuse it (then {@code checkIn} is null). */
    public record Outcome(SymptomCheckIn checkIn, List<Fault> faults) {
    }

    public Outcome validate(CheckInInput input, String deviceId, String patientId, Instant receivedAt) {
        List<Fault> faults = new ArrayList<>();
        Set<Symptom> symptoms = symptoms(input.symptoms(), input.antipyretic() != null, faults);
        String text = text(input.otherText(), symptoms.contains(Symptom.OTHER), faults);
        Instant reportedAt = reportedAt(input.reportedAt(), receivedAt, faults);
        SymptomCheckIn.AntipyreticTaken antipyretic = antipyretic(input.antipyretic(), reportedAt, receivedAt, faults);
        String checkInId = input.checkInId();
        if (checkInId != null && !CHECK_IN_ID.matcher(checkInId).matches()) {
            faults.add(new Fault("checkInId", CheckInRejection.INVALID_CHECK_IN_ID,
                    "checkInId must be 1-128 characters of letters, digits and . _ : -"));
        }
        if (!faults.isEmpty()) {
            return new Outcome(null, List.copyOf(faults));
        }
        String id = checkInId != null ? checkInId : SymptomCheckIn.deriveCheckInId(deviceId, reportedAt);
        return new Outcome(new SymptomCheckIn(id, patientId, deviceId, List.copyOf(symptoms), text, reportedAt,
                receivedAt, antipyretic), List.of());
    }

    private static Set<Symptom> symptoms(List<String> names, boolean antipyretic, List<Fault> faults) {
        Set<Symptom> symptoms = EnumSet.noneOf(Symptom.class);
        if (names == null && !antipyretic) {
            faults.add(new Fault("symptoms", CheckInRejection.MISSING_FIELD,
                    "symptoms is required (unless the check-in reports an antipyretic taken)"));
            return symptoms;
        }
        if ((names == null || names.isEmpty()) && !antipyretic) {
            faults.add(new Fault("symptoms", CheckInRejection.NO_SYMPTOM,
                    "a check-in reports at least one symptom, or an antipyretic taken"));
            return symptoms;
        }
        if (names == null) {
            return symptoms;
        }
        for (int i = 0; i < names.size(); i++) {
            Optional<Symptom> symptom = parse(names.get(i));
            if (symptom.isEmpty()) {
                faults.add(new Fault("symptoms[" + i + "]", CheckInRejection.UNKNOWN_SYMPTOM,
                        "symptom must be one of " + EnumSet.allOf(Symptom.class)));
            } else if (!symptoms.add(symptom.get())) {
                faults.add(new Fault("symptoms[" + i + "]", CheckInRejection.DUPLICATE_SYMPTOM,
                        symptom.get() + " is listed twice"));
            }
            if (faults.size() > Symptom.values().length) {
                // A list of thousands of bad names is one problem, not thousands of errors to echo.
                break;
            }
        }
        return symptoms;
    }

    private static Optional<Symptom> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Symptom.valueOf(name.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    private static String text(String text, boolean other, List<Fault> faults) {
        boolean present = text != null && !text.isBlank();
        if (!present) {
            if (other) {
                faults.add(new Fault("otherText", CheckInRejection.TEXT_REQUIRED, "OTHER needs a short text saying what it is"));
            }
            return null;
        }
        if (!other) {
            faults.add(new Fault("otherText", CheckInRejection.TEXT_WITHOUT_OTHER, "otherText goes with the symptom OTHER"));
            return null;
        }
        // As acknowledgement notes: what a person types may break lines, but no other control character (PostgreSQL
        // and every log line downstream) and no unpaired surrogate (not Unicode text at all).
        if (text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')
                || ControlCharacters.unpairedSurrogate(text)) {
            faults.add(new Fault("otherText", CheckInRejection.INVALID_TEXT,
                    "no control characters but line breaks and tabs, no unpaired surrogates"));
            return null;
        }
        String stripped = text.strip();
        if (stripped.codePointCount(0, stripped.length()) > MAX_TEXT) {
            faults.add(new Fault("otherText", CheckInRejection.TEXT_TOO_LONG, "at most " + MAX_TEXT + " characters"));
            return null;
        }
        return stripped;
    }

    /** The antipyretic taken, if any: a known medication, taken within the times a reading may be measured. */
    private SymptomCheckIn.AntipyreticTaken antipyretic(CheckInInput.AntipyreticInput input, Instant reportedAt,
            Instant receivedAt, List<Fault> faults) {
        if (input == null) {
            return null;
        }
        Antipyretic medication = null;
        try {
            medication = input.medication() == null ? null
                    : Antipyretic.valueOf(input.medication().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            medication = null;
        }
        if (medication == null) {
            faults.add(new Fault("antipyretic.medication", input.medication() == null ? CheckInRejection.MISSING_FIELD
                    : CheckInRejection.UNKNOWN_MEDICATION, "must be one of " + java.util.Arrays.stream(
                            Antipyretic.values()).map(Enum::name).collect(java.util.stream.Collectors.joining(", "))));
        }
        Instant takenAt = input.takenAt() == null ? reportedAt
                : instant(input.takenAt(), "antipyretic.takenAt", receivedAt, faults);
        return medication == null || takenAt == null ? null : new SymptomCheckIn.AntipyreticTaken(medication, takenAt);
    }

    private Instant reportedAt(String value, Instant receivedAt, List<Fault> faults) {
        if (value == null) {
            faults.add(new Fault("reportedAt", CheckInRejection.MISSING_FIELD, "reportedAt is required"));
            return null;
        }
        return instant(value, "reportedAt", receivedAt, faults);
    }

    /** An ISO-8601 instant with a zone, at most the clock skew ahead of receipt and at most maxAge old. */
    private Instant instant(String value, String field, Instant receivedAt, List<Fault> faults) {
        Optional<Instant> at = ReadingValidator.parseInstant(value);
        if (at.isEmpty()) {
            faults.add(new Fault(field, CheckInRejection.INVALID_TIMESTAMP,
                    field + " must be an ISO-8601 instant with a zone, e.g. 2026-11-28T10:15:30Z"));
            return null;
        }
        if (at.get().isAfter(receivedAt.plus(maxClockSkew))) {
            faults.add(new Fault(field, CheckInRejection.IN_FUTURE,
                    field + " is more than " + maxClockSkew.toMinutes() + " minutes in the future; check the device clock"));
            return null;
        }
        if (at.get().isBefore(receivedAt.minus(maxAge))) {
            faults.add(new Fault(field, CheckInRejection.TOO_OLD, field + " is more than " + maxAge.toDays() + " days old"));
            return null;
        }
        return at.get();
    }
}
