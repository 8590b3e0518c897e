package org.portwatch.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * UCUM unit parsing and conversion to the canonical unit of each {@link VitalType}.
 * Temperatures travel in degrees Celsius ({@code Cel}), heart rate in beats per minute ({@code /min}).
 */
public final class Units {

    public static final String CELSIUS = "Cel";
    public static final String FAHRENHEIT = "[degF]";
    public static final String PER_MINUTE = "/min";
    /**
     * The unit of a {@link VitalType#HEART_RHYTHM} reading: a UCUM annotation (dimensionless, "{rhythm}"), because a
     * rhythm is a category and has no unit of measure; devices send none.
     */
    public static final String RHYTHM = "{rhythm}";

    /**
     * Decimal places kept of a converted °F value. docs/clinical-rules.md revision 2: never round before comparing, so
     * no value is rounded to a clinical precision; twelve places (truncated toward zero, so a value below a
     * line never reaches it) are beyond any thermometer and leave no binary noise at 38.0.
     */
    static final int CONVERSION_SCALE = 12;

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("cel", CELSIUS),
            Map.entry("c", CELSIUS),
            Map.entry("°c", CELSIUS),
            Map.entry("degc", CELSIUS),
            Map.entry("[degf]", FAHRENHEIT),
            Map.entry("f", FAHRENHEIT),
            Map.entry("°f", FAHRENHEIT),
            Map.entry("degf", FAHRENHEIT),
            Map.entry("/min", PER_MINUTE),
            Map.entry("{beats}/min", PER_MINUTE),
            Map.entry("bpm", PER_MINUTE),
            Map.entry("{rhythm}", RHYTHM));

    private Units() {
    }

    /** The UCUM code of a unit as devices write it ({@code °F}, {@code F}, {@code bpm}, ...), if we know it. */
    public static Optional<String> normalize(String unit) {
        if (unit == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(ALIASES.get(unit.strip().toLowerCase(Locale.ROOT)));
    }

    /** Whether a (normalized) unit can express a measurement of the given type. */
    public static boolean measures(VitalType type, String ucum) {
        return switch (type) {
            case BODY_TEMPERATURE -> CELSIUS.equals(ucum) || FAHRENHEIT.equals(ucum);
            case HEART_RATE -> PER_MINUTE.equals(ucum);
            case HEART_RHYTHM -> RHYTHM.equals(ucum);
        };
    }

    /**
     * Converts a value in a (normalized) unit of the type into the type's canonical unit.
     * Decimal arithmetic on the value as written, so 100.4 °F is exactly 38.0 °C, the fever line, and
     * 100.396 °F (37.9977... °C) stays below it: values are converted exactly, never rounded to a line.
     *
     * @throws IllegalArgumentException if the unit does not measure the type
     */
    public static double toCanonical(VitalType type, double value, String ucum) {
        if (!measures(type, ucum)) {
            throw new IllegalArgumentException("unit " + ucum + " does not measure " + type);
        }
        if (!FAHRENHEIT.equals(ucum)) {
            return value;
        }
        BigDecimal decimal = BigDecimal.valueOf(value).subtract(BigDecimal.valueOf(32))
                .multiply(BigDecimal.valueOf(5))
                .divide(BigDecimal.valueOf(9), CONVERSION_SCALE, RoundingMode.DOWN);
        return decimal.doubleValue();
    }
}
