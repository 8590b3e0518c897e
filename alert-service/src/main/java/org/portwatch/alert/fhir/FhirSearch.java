package org.portwatch.alert.fhir;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.portwatch.model.Ids;
import org.portwatch.model.VitalType;
import org.portwatch.service.problem.Problem;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;

/**
 * The search parameters of our FHIR read side, checked before anything is read (a bad one is a 400
 * OperationOutcome and costs no database call): {@code patient} (required: a care team reads one patient at a time),
 * {@code code} (LOINC tokens, comma-separated), {@code date} (FHIR prefixes eq, ge, gt, le, lt on an instant with its
 * zone or a UTC day; repeatable), {@code status} (Flag), {@code _count} and {@code _offset} (paging, 1-1,000 a page).
 */
record FhirSearch(String patientId, Set<VitalType> types, Instant from, Instant to, Boolean active, int count,
        int offset) {

    static final int DEFAULT_COUNT = 100;
    static final int MAX_COUNT = 1000;
    /** Pages past this are not served: 30 days of minute readings of two types is 86,400. */
    static final int MAX_OFFSET = 100_000;

    static FhirSearch of(String patient, String code, List<String> dates, String status, String count, String offset) {
        String patientId = patient(patient);
        Set<VitalType> types = code == null ? EnumSet.of(VitalType.BODY_TEMPERATURE, VitalType.HEART_RATE) : codes(code);
        Instant from = null;
        Instant to = null;
        for (String date : dates == null ? List.<String>of() : dates) {
            Bound bound = bound(date);
            if (bound.lower() != null && (from == null || bound.lower().isAfter(from))) {
                from = bound.lower();
            }
            if (bound.upper() != null && (to == null || bound.upper().isBefore(to))) {
                to = bound.upper();
            }
        }
        Boolean active = null;
        if (status != null) {
            active = switch (status) {
                case "active" -> true;
                case "inactive" -> false;
                default -> throw invalid("status", "status must be active or inactive");
            };
        }
        return new FhirSearch(patientId, types, from, to, active, number("_count", count, DEFAULT_COUNT, 1, MAX_COUNT),
                number("_offset", offset, 0, 0, MAX_OFFSET));
    }

    /** An empty search: a date range that holds no instant, or codes that name no vital sign of ours. */
    boolean matchesNothing() {
        return types.isEmpty() || (from != null && to != null && !from.isBefore(to));
    }

    private static String patient(String patient) {
        if (patient == null || patient.isBlank()) {
            throw invalid("patient", "patient is required: Patient/{id} or {id}");
        }
        String id = patient.startsWith("Patient/") ? patient.substring("Patient/".length()) : patient;
        if (!Ids.isValid(id)) {
            throw invalid("patient", "patient must be Patient/{id} with an id that " + Ids.MESSAGE);
        }
        return id;
    }

    /** LOINC tokens, with or without their system; a code of another system, or another code, matches nothing. */
    private static Set<VitalType> codes(String code) {
        Set<VitalType> types = EnumSet.noneOf(VitalType.class);
        for (String token : code.split(",")) {
            String value = token;
            int bar = token.indexOf('|');
            if (bar >= 0) {
                String system = token.substring(0, bar);
                value = token.substring(bar + 1);
                if (!system.isEmpty() && !system.equals(FhirResources.LOINC)) {
                    continue;
                }
            }
            VitalType type = FhirResources.typeOf(value);
            if (type != null) {
                types.add(type);
            }
        }
        return types;
    }

    private record Bound(Instant lower, Instant upper) {
    }

    /** One {@code date} parameter as a half-open [lower, upper) bound (either side may be open). */
    private static Bound bound(String date) {
        String prefix = date.length() > 2 && Character.isLetter(date.charAt(0)) ? date.substring(0, 2) : "eq";
        String value = date.length() > 2 && Character.isLetter(date.charAt(0)) ? date.substring(2) : date;
        Instant start;
        Instant end;
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
                end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            } else {
                start = OffsetDateTime.parse(value).toInstant();
                end = start.plusNanos(1000);
            }
        } catch (DateTimeParseException e) {
            throw invalid("date", "date must be [eq|ge|gt|le|lt] and a day (2026-11-30) or an instant with its zone");
        }
        return switch (prefix) {
            case "eq" -> new Bound(start, end);
            case "ge" -> new Bound(start, null);
            case "gt" -> new Bound(end, null);
            case "le" -> new Bound(null, end);
            case "lt" -> new Bound(null, start);
            default -> throw invalid("date", "date prefixes are eq, ge, gt, le and lt");
        };
    }

    private static int number(String name, String text, int otherwise, int min, int max) {
        if (text == null) {
            return otherwise;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw invalid(name, name + " must be a whole number from " + min + " to " + max);
    }

    private static ProblemException invalid(String parameter, String detail) {
        return new ProblemException(ProblemType.MALFORMED_REQUEST, "Invalid search parameter: " + parameter + ".",
                List.of(new Problem.FieldError(null, parameter, "INVALID", detail)), java.util.Map.of());
    }
}
