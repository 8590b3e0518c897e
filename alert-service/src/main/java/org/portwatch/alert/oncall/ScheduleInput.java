package org.portwatch.alert.oncall;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.portwatch.service.problem.Problem;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;
import org.portwatch.service.security.ControlCharacters;

/**
 * A care team's on-call schedule as the API takes and shows it (and as its shifts are stored): an IANA
 * {@code timeZone} and the shifts. {@link #validated()} is the one place its rules live.
 */
public record ScheduleInput(String timeZone, List<ShiftInput> shifts) {

    /** A schedule is a handful of shifts a week; more is a mistake (or an attack), and the overlap check is O(n²). */
    static final int MAX_SHIFTS = 50;
    static final int MAX_NAME = 100;
    static final int MAX_SUBJECT = 200;
    private static final Pattern TIME = Pattern.compile("\\d{2}:\\d{2}");

    /**
     * One shift: a name, days of week ("MONDAY"…), local {@code start} and {@code end} ("HH:mm"; end not after
     * start: into the next day), and its chain (clinicians' subjects; {@code level1} required).
     */
    public record ShiftInput(String name, List<String> days, String start, String end, String level1, String level2,
            String chargeNurse) {

        static ShiftInput of(OnCallSchedule.Shift shift) {
            return new ShiftInput(shift.name(), shift.days().stream().sorted().map(DayOfWeek::name).toList(),
                    shift.start().toString(), shift.end().toString(), shift.level1(), shift.level2(),
                    shift.chargeNurse());
        }
    }

    static ScheduleInput of(OnCallSchedule schedule) {
        return new ScheduleInput(schedule.zone().getId(), schedule.shifts().stream().map(ShiftInput::of).toList());
    }

    /**
     * The schedule this input describes; an empty one ({@code shifts} empty) clears the team's. A 422 naming every
     * field in error otherwise (nothing is stored).
     */
    OnCallSchedule validated() {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (shifts == null) {
            errors.add(error("shifts", "REQUIRED", "a list of shifts; [] returns the team to its flat on-call contacts"));
            throw invalid(errors);
        }
        if (shifts.size() > MAX_SHIFTS) {
            errors.add(error("shifts", "TOO_MANY", "at most " + MAX_SHIFTS + " shifts"));
            throw invalid(errors);
        }
        ZoneId zone = zone(errors);
        List<OnCallSchedule.Shift> valid = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < shifts.size(); i++) {
            OnCallSchedule.Shift shift = shift(i, shifts.get(i), errors);
            if (shift != null && !names.add(shift.name().toLowerCase(Locale.ROOT))) {
                errors.add(error("shifts[" + i + "].name", "DUPLICATE", "each shift has a name of its own"));
            } else if (shift != null) {
                valid.add(shift);
            }
        }
        if (errors.isEmpty()) {
            String[] overlap = OnCallSchedule.overlapping(valid);
            if (overlap != null) {
                errors.add(error("shifts", "OVERLAP", "shifts '" + overlap[0] + "' and '" + overlap[1]
                        + "' overlap: at any time at most one shift is on call"));
            }
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return new OnCallSchedule(zone, List.copyOf(valid));
    }

    private ZoneId zone(List<Problem.FieldError> errors) {
        if (timeZone == null && shifts.isEmpty()) {
            return ZoneId.of("UTC");
        }
        // Region ids only ("Europe/Berlin"): a fixed offset would not follow daylight saving, the point of a zone.
        if (timeZone == null || timeZone.length() > 64 || !ZoneId.getAvailableZoneIds().contains(timeZone)) {
            errors.add(error("timeZone", "INVALID", "an IANA time zone id, e.g. Europe/Berlin"));
            return null;
        }
        return ZoneId.of(timeZone);
    }

    private static OnCallSchedule.Shift shift(int i, ShiftInput shift, List<Problem.FieldError> errors) {
        String at = "shifts[" + i + "]";
        if (shift == null) {
            errors.add(error(at, "REQUIRED", "a shift"));
            return null;
        }
        int before = errors.size();
        if (!text(shift.name(), MAX_NAME)) {
            errors.add(error(at + ".name", "INVALID", "1-" + MAX_NAME + " characters without control characters"));
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        if (shift.days() == null || shift.days().isEmpty()) {
            errors.add(error(at + ".days", "REQUIRED", "at least one day of week, e.g. MONDAY"));
        } else if (shift.days().size() > 7) {
            errors.add(error(at + ".days", "TOO_MANY", "at most the 7 days of a week"));
        } else {
            for (String day : shift.days()) {
                try {
                    days.add(DayOfWeek.valueOf(day == null ? "" : day.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    errors.add(error(at + ".days", "INVALID", "days of week: MONDAY … SUNDAY"));
                    break;
                }
            }
        }
        LocalTime start = time(at + ".start", shift.start(), errors);
        LocalTime end = time(at + ".end", shift.end(), errors);
        if (!text(shift.level1(), MAX_SUBJECT)) {
            errors.add(error(at + ".level1", "INVALID",
                    "required: a clinician's subject of 1-" + MAX_SUBJECT + " characters without control characters"));
        }
        String level2 = optional(at + ".level2", shift.level2(), errors);
        String chargeNurse = optional(at + ".chargeNurse", shift.chargeNurse(), errors);
        if (errors.size() > before) {
            return null;
        }
        return new OnCallSchedule.Shift(shift.name().strip(), Set.copyOf(days), start, end, shift.level1().strip(),
                level2, chargeNurse);
    }

    private static LocalTime time(String field, String value, List<Problem.FieldError> errors) {
        if (value != null && TIME.matcher(value).matches()) {
            try {
                return LocalTime.parse(value);
            } catch (DateTimeException e) {
                // Falls through to the error below: 25:00, 12:60.
            }
        }
        errors.add(error(field, "INVALID", "a local time HH:mm, 00:00-23:59"));
        return null;
    }

    /** An optional level: null or blank is nobody. */
    private static String optional(String field, String value, List<Problem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!text(value, MAX_SUBJECT)) {
            errors.add(error(field, "INVALID",
                    "empty, or a clinician's subject of 1-" + MAX_SUBJECT + " characters without control characters"));
            return null;
        }
        return value.strip();
    }

    private static boolean text(String value, int max) {
        return value != null && !value.isBlank() && value.length() <= max && !ControlCharacters.contains(value)
                && !ControlCharacters.unpairedSurrogate(value);
    }

    private static Problem.FieldError error(String field, String reason, String detail) {
        return new Problem.FieldError(null, field, reason, detail);
    }

    private static ProblemException invalid(List<Problem.FieldError> errors) {
        return new ProblemException(ProblemType.VALIDATION_FAILED, "Invalid on-call schedule.", errors, Map.of());
    }
}
