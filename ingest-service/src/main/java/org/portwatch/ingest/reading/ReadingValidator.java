package org.portwatch.ingest.reading;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.portwatch.ingest.config.IngestConfig;
import org.portwatch.model.Activity;
import org.portwatch.model.HeartRhythm;
import org.portwatch.model.MeasurementSite;
import org.portwatch.model.SensorStatus;
import org.portwatch.model.Units;
import org.portwatch.model.VitalReading;
import org.portwatch.model.VitalType;

/**
 * Input hygiene of docs/clinical-rules.md: units, plausible ranges and measurement times. Each reading is judged
 * on its own; the patient comes from the device's registration, never from the body.
 */
@ApplicationScoped
public class ReadingValidator {

    /** Below 25 °C or above 45 °C no living body was measured: a sensor fault (docs/clinical-rules.md). */
    static final double MIN_CELSIUS = 25.0;
    static final double MAX_CELSIUS = 45.0;
    /** Heart rates outside 20–250 /min are artefacts, not patient states (docs/clinical-rules.md). */
    static final double MIN_HEART_RATE = 20.0;
    static final double MAX_HEART_RATE = 250.0;

    private final Duration maxClockSkew;
    private final Duration maxAge;

    @Inject
    public ReadingValidator(IngestConfig config) {
        this(config.maxClockSkew(), config.maxAge());
    }

    public ReadingValidator(Duration maxClockSkew, Duration maxAge) {
        this.maxClockSkew = maxClockSkew;
        this.maxAge = maxAge;
    }

    /**
     * The outcome for a whole request: canonical readings to send on, in request order; the readings that
     * an equal measurement later in the request replaced; the positions in the request of both; and the rest, with
     * reasons.
     */
    public record Outcome(List<VitalReading> accepted, List<VitalReading> superseded, List<Rejection> rejected,
            List<Integer> acceptedAt, List<Integer> supersededAt) {
    }

    /** docs/clinical-rules.md: one device's same type and measuredAt is one measurement, whatever its readingId. */
    private record Measurement(VitalType type, Instant measuredAt) {
    }

    /** The first reading of the request that used a readingId, and the measurement it named. */
    private record Claim(int index, Measurement measurement) {
    }

    /**
     * Judges each reading, then makes the request one reading per measurement: of two with the same type
     * and measuredAt the later replaces the earlier (a re-send carries the device's latest value), and a
     * readingId names one measurement, so a later reading reusing it for another one is rejected. Only
     * this request is looked at: across requests the detector recognises a measurement by itself.
     */
    public Outcome validate(List<ReadingInput> inputs, String deviceId, String patientId, Instant receivedAt) {
        List<VitalReading> valid = new ArrayList<>(inputs.size());
        List<Rejection> rejected = new ArrayList<>();
        Map<Measurement, Integer> latest = new HashMap<>();
        Map<String, Claim> claims = new HashMap<>();
        Set<Integer> replaced = new HashSet<>();
        List<Integer> validAt = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Result result = validate(i, inputs.get(i), deviceId, patientId, receivedAt);
            if (result.reading == null) {
                rejected.add(result.rejection);
                continue;
            }
            VitalReading reading = result.reading;
            Measurement measurement = new Measurement(reading.type(), reading.measuredAt());
            Claim claim = claims.putIfAbsent(reading.readingId(), new Claim(i, measurement));
            if (claim != null && !claim.measurement().equals(measurement)) {
                rejected.add(new Rejection(i, "readingId", RejectionReason.DUPLICATE_READING_ID,
                        "reading " + claim.index() + " of this request already uses this readingId for another "
                                + "type or measuredAt; a readingId names one measurement of the device"));
                continue;
            }
            Integer earlier = latest.put(measurement, valid.size());
            if (earlier != null) {
                replaced.add(earlier);
            }
            valid.add(reading);
            validAt.add(i);
        }
        List<VitalReading> accepted = new ArrayList<>(valid.size() - replaced.size());
        List<VitalReading> superseded = new ArrayList<>(replaced.size());
        List<Integer> acceptedAt = new ArrayList<>(valid.size());
        List<Integer> supersededAt = new ArrayList<>(replaced.size());
        for (int i = 0; i < valid.size(); i++) {
            boolean replacedLater = replaced.contains(i);
            (replacedLater ? superseded : accepted).add(valid.get(i));
            (replacedLater ? supersededAt : acceptedAt).add(validAt.get(i));
        }
        return new Outcome(accepted, superseded, rejected, acceptedAt, supersededAt);
    }

    private record Result(VitalReading reading, Rejection rejection) {
        static Result reject(int index, String field, RejectionReason reason, String detail) {
            return new Result(null, new Rejection(index, field, reason, detail));
        }
    }

    private Result validate(int index, ReadingInput input, String deviceId, String patientId, Instant receivedAt) {
        if (input == null) {
            return Result.reject(index, "readings[" + index + "]", RejectionReason.MISSING_FIELD, "the reading is null");
        }
        if (input.type() == null) {
            return Result.reject(index, "type", RejectionReason.MISSING_FIELD, "type is required");
        }
        Optional<VitalType> type = parseEnum(VitalType.class, input.type());
        if (type.isEmpty()) {
            return Result.reject(index, "type", RejectionReason.UNKNOWN_TYPE, "type must be BODY_TEMPERATURE, HEART_RATE or HEART_RHYTHM");
        }
        VitalType vital = type.get();

        JsonNode valueNode = input.value();
        if (valueNode == null || valueNode.isNull() || valueNode.isMissingNode()) {
            return Result.reject(index, "value", RejectionReason.MISSING_FIELD, "value is required");
        }
        Value value = vital.categorical() ? category(index, input, vital) : number(index, input, vital);
        if (value.rejection() != null) {
            return new Result(null, value.rejection());
        }

        if (input.measuredAt() == null) {
            return Result.reject(index, "measuredAt", RejectionReason.MISSING_FIELD, "measuredAt is required");
        }
        Optional<Instant> measuredAt = parseInstant(input.measuredAt());
        if (measuredAt.isEmpty()) {
            return Result.reject(index, "measuredAt", RejectionReason.INVALID_TIMESTAMP,
                    "measuredAt must be an ISO-8601 instant with a zone, e.g. 2026-11-28T10:15:30Z");
        }
        if (measuredAt.get().isAfter(receivedAt.plus(maxClockSkew))) {
            return Result.reject(index, "measuredAt", RejectionReason.IN_FUTURE,
                    "measuredAt is more than " + maxClockSkew.toMinutes() + " minutes in the future; check the device clock");
        }
        if (measuredAt.get().isBefore(receivedAt.minus(maxAge))) {
            return Result.reject(index, "measuredAt", RejectionReason.TOO_OLD,
                    "measuredAt is more than " + maxAge.toDays() + " days old");
        }

        MeasurementSite site = null;
        if (input.site() != null) {
            Optional<MeasurementSite> parsed = parseEnum(MeasurementSite.class, input.site());
            if (parsed.isEmpty()) {
                return Result.reject(index, "site", RejectionReason.UNKNOWN_VALUE, "site is not a known measurement site");
            }
            site = parsed.get();
        }
        Activity activity = null;
        if (input.activity() != null) {
            Optional<Activity> parsed = parseEnum(Activity.class, input.activity());
            if (parsed.isEmpty()) {
                return Result.reject(index, "activity", RejectionReason.UNKNOWN_VALUE,
                        "activity must be RESTING, SLEEPING, ACTIVE, EXERCISE or UNKNOWN");
            }
            activity = parsed.get();
        }
        SensorStatus sensorStatus = null;
        if (input.sensorStatus() != null) {
            Optional<SensorStatus> parsed = parseEnum(SensorStatus.class, input.sensorStatus());
            if (parsed.isEmpty()) {
                return Result.reject(index, "sensorStatus", RejectionReason.UNKNOWN_VALUE,
                        "sensorStatus must be ON_BODY, OFF_BODY or UNKNOWN");
            }
            sensorStatus = parsed.get();
        }

        String readingId = input.readingId();
        if (readingId == null) {
            readingId = VitalReading.deriveReadingId(deviceId, vital, measuredAt.get());
        } else if (!validReadingId(readingId)) {
            return Result.reject(index, "readingId", RejectionReason.INVALID_READING_ID,
                    "readingId must be 1-128 characters of letters, digits and . _ : -");
        }

        return new Result(new VitalReading(readingId, patientId, deviceId, vital, value.canonical(), vital.canonicalUnit(),
                value.unit(), measuredAt.get(), receivedAt, site, activity, sensorStatus, value.rhythm()), null);
    }

    /** A reading's value in its type's canonical unit, or why it has none. */
    private record Value(double canonical, String unit, HeartRhythm rhythm, Rejection rejection) {
        static Value reject(int index, String field, RejectionReason reason, String detail) {
            return new Value(0, null, null, new Rejection(index, field, reason, detail));
        }
    }

    /** docs/clinical-rules.md input hygiene: a known unit that measures the type, a plausible value. */
    private static Value number(int index, ReadingInput input, VitalType vital) {
        JsonNode valueNode = input.value();
        if (!valueNode.isNumber()) {
            return Value.reject(index, "value", RejectionReason.NOT_A_NUMBER, "value must be a JSON number");
        }
        if (input.unit() == null) {
            return Value.reject(index, "unit", RejectionReason.MISSING_FIELD, "unit is required");
        }
        Optional<String> unit = Units.normalize(input.unit());
        if (unit.isEmpty()) {
            return Value.reject(index, "unit", RejectionReason.UNKNOWN_UNIT,
                    "unit must be UCUM: Cel or [degF] for temperature, /min for heart rate");
        }
        if (!Units.measures(vital, unit.get())) {
            return Value.reject(index, "unit", RejectionReason.UNIT_MISMATCH,
                    "unit " + unit.get() + " does not measure " + vital);
        }
        double raw = valueNode.doubleValue();
        if (!Double.isFinite(raw)) {
            // 1e400 is valid JSON but no double: far outside any plausible range.
            return Value.reject(index, "value", RejectionReason.IMPLAUSIBLE_VALUE, "value is out of any plausible range");
        }
        double canonical = Units.toCanonical(vital, raw, unit.get());
        if (!plausible(vital, canonical)) {
            return Value.reject(index, "value", RejectionReason.IMPLAUSIBLE_VALUE, vital == VitalType.BODY_TEMPERATURE
                    ? "temperature must be between 25.0 and 45.0 Cel"
                    : "heart rate must be between 20 and 250 /min");
        }
        return new Value(canonical, unit.get(), null, null);
    }

    /**
     * A heart rhythm is a category, as watches report it: {@code "value": "IRREGULAR"} (or REGULAR); no unit, or
     * {@code {rhythm}}.
     */
    private static Value category(int index, ReadingInput input, VitalType vital) {
        JsonNode valueNode = input.value();
        Optional<HeartRhythm> rhythm = valueNode.isTextual() ? parseEnum(HeartRhythm.class, valueNode.textValue())
                : Optional.empty();
        if (rhythm.isEmpty()) {
            return Value.reject(index, "value", RejectionReason.UNKNOWN_VALUE, vital + " value must be REGULAR or IRREGULAR");
        }
        if (input.unit() != null && !Units.normalize(input.unit()).filter(u -> Units.measures(vital, u)).isPresent()) {
            return Value.reject(index, "unit", RejectionReason.UNIT_MISMATCH, vital + " takes no unit (or " + Units.RHYTHM + ")");
        }
        return new Value(0, Units.RHYTHM, rhythm.get(), null);
    }

    private static boolean plausible(VitalType type, double canonical) {
        return switch (type) {
            case BODY_TEMPERATURE -> canonical >= MIN_CELSIUS && canonical <= MAX_CELSIUS;
            case HEART_RATE -> canonical >= MIN_HEART_RATE && canonical <= MAX_HEART_RATE;
            case HEART_RHYTHM -> true;
        };
    }

    /**
     * The constant {@code value} names, ignoring case and surrounding space. The usual spelling is one map lookup
     * ({@code getEnumConstants()} copies the array on every call, and this runs several times per reading); the
     * loop stays for what the lookup misses, so exactly the spellings {@code equalsIgnoreCase} accepts are taken.
     */
    private static <E extends Enum<E>> Optional<E> parseEnum(Class<E> type, String value) {
        String wanted = value.strip();
        Map<String, Enum<?>> byName = ENUMS.get(type);
        @SuppressWarnings("unchecked")
        E known = byName == null ? null : (E) byName.get(wanted.toUpperCase(java.util.Locale.ROOT));
        if (known != null) {
            return Optional.of(known);
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(wanted)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }

    /** The readings' enums by upper-case name. */
    private static final Map<Class<?>, Map<String, Enum<?>>> ENUMS = Map.of(
            VitalType.class, byName(VitalType.values()), MeasurementSite.class, byName(MeasurementSite.values()),
            Activity.class, byName(Activity.values()), SensorStatus.class, byName(SensorStatus.values()),
            HeartRhythm.class, byName(HeartRhythm.values()));

    private static Map<String, Enum<?>> byName(Enum<?>[] constants) {
        Map<String, Enum<?>> byName = new HashMap<>();
        for (Enum<?> constant : constants) {
            byName.put(constant.name(), constant);
        }
        return Map.copyOf(byName);
    }

    /** Whether {@code readingId} is 1-128 of {@code [A-Za-z0-9._:-]}: a loop, not a regex, as it runs per reading. */
    static boolean validReadingId(String readingId) {
        int length = readingId.length();
        if (length < 1 || length > 128) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = readingId.charAt(i);
            boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '_' || c == ':' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /**
     * An ISO-8601 instant with a zone (or offset), as every device time of the API is written. The usual
     * {@code ...Z} form is read by {@link UtcInstants}; anything else by the full parsers.
     */
    public static Optional<Instant> parseInstant(String value) {
        Instant common = UtcInstants.parse(value);
        return common != null ? Optional.of(common) : parseAnyInstant(value);
    }

    /** The full parsers alone: {@code Instant.parse}, then an offset date-time. */
    static Optional<Instant> parseAnyInstant(String value) {
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException notUtc) {
            try {
                return Optional.of(OffsetDateTime.parse(value).toInstant());
            } catch (DateTimeParseException invalid) {
                return Optional.empty();
            }
        }
    }
}
