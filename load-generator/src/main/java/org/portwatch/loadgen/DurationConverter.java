package org.portwatch.loadgen;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The command line's durations: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1.5s}; a bare number is
 * seconds. Shorter to type than ISO-8601 ({@code PT30S}) and the way the benchmark scripts write them. Lives here
 * because the load generator is the only command line that takes durations (the detection benchmark's and the local
 * stack's take whole seconds, minutes or counts).
 */
final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");
    /** No run lasts a day: a longer value is a typo (say 48h for 48s), refused rather than waited out. */
    private static final Duration LONGEST = Duration.ofDays(1);

    @Override
    public Duration convert(String value) {
        Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new TypeConversionException("not a duration: " + value + " (e.g. 30s, 500ms, 2m)");
        }
        double amount = Double.parseDouble(m.group(1));
        double millis = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> amount;
            case "m" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            default -> amount * 1_000;
        };
        if (millis > LONGEST.toMillis()) {
            throw new TypeConversionException("too long: " + value);
        }
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }
}
