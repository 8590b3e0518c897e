package org.portwatch.local.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads an HTTP {@code Retry-After} header: delay-seconds or an HTTP-date. */
public final class RetryAfter {

    /** A server asking for more than this is asked again sooner: the device keeps trying. */
    public static final Duration MAX = Duration.ofMinutes(5);

    private RetryAfter() {
    }

    /** The delay the header asks for, within 0..{@link #MAX}; empty if absent or unreadable. */
    public static Optional<Duration> parse(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        Duration delay;
        try {
            delay = Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                delay = Duration.between(now, at);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
        if (delay.isNegative()) {
            delay = Duration.ZERO;
        }
        return Optional.of(delay.compareTo(MAX) > 0 ? MAX : delay);
    }
}
