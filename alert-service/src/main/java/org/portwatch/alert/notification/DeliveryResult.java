package org.portwatch.alert.notification;

/**
 * The outcome of one delivery attempt, as a channel reports it to the dispatcher (never an exception).
 *
 * @param outcome    what the dispatcher does next
 * @param httpStatus the receiver's HTTP status, when there was one
 * @param detail     a short reason for the attempt log: no payload, no secret, no patient data
 * @param retryAfter the receiver's Retry-After (429, 503), honoured by the dispatcher; null when none
 */
public record DeliveryResult(Outcome outcome, Integer httpStatus, String detail, java.time.Duration retryAfter) {

    public DeliveryResult(Outcome outcome, Integer httpStatus, String detail) {
        this(outcome, httpStatus, detail, null);
    }

    /** The same result, to be retried no earlier than {@code after} (the receiver's Retry-After). */
    public DeliveryResult after(java.time.Duration after) {
        return new DeliveryResult(outcome, httpStatus, detail, after);
    }

    public enum Outcome {
        /** The receiver took it (2xx). */
        DELIVERED,
        /** Try again later with backoff: timeout, connection refused, 5xx, 429, 425, 408. */
        RETRY,
        /** The target no longer exists (push subscription 404/410, webhook deleted): drop it, do not retry. */
        GONE,
        /** The receiver refused this message for good (other 4xx): do not retry. */
        REJECTED
    }

    public static DeliveryResult delivered(int httpStatus) {
        return new DeliveryResult(Outcome.DELIVERED, httpStatus, null);
    }

    public static DeliveryResult retry(Integer httpStatus, String detail) {
        return new DeliveryResult(Outcome.RETRY, httpStatus, detail);
    }

    public static DeliveryResult gone(Integer httpStatus, String detail) {
        return new DeliveryResult(Outcome.GONE, httpStatus, detail);
    }

    public static DeliveryResult rejected(Integer httpStatus, String detail) {
        return new DeliveryResult(Outcome.REJECTED, httpStatus, detail);
    }

    /**
     * The mapping of an HTTP answer by status class: 2xx delivered; 408 (timeout), 425 (too early), 429 (rate limited)
     * and 5xx retried — the receiver is busy or down, it will take it later; 410 (and 404 where {@code goneOn404}) the
     * target is gone; 3xx (redirects are not followed: a receiver must be registered at its real address) and every
     * other 4xx rejected for good — sending the same request again gets the same answer.
     */
    public static DeliveryResult ofHttpStatus(int status, boolean goneOn404) {
        if (status >= 200 && status < 300) {
            return delivered(status);
        }
        if (status == 410 || (goneOn404 && status == 404)) {
            return gone(status, "target gone");
        }
        if (status == 408 || status == 425 || status == 429 || status >= 500) {
            return retry(status, "receiver answered " + status);
        }
        if (status >= 300 && status < 400) {
            return rejected(status, "receiver answered " + status + " (redirects are not followed)");
        }
        return rejected(status, "receiver answered " + status);
    }

    /** A Retry-After header's delay (seconds, or an HTTP date), at most a day; null when absent or unreadable. */
    public static java.time.Duration retryAfter(String header, java.time.Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        java.time.Duration delay;
        try {
            delay = java.time.Duration.ofSeconds(Long.parseLong(header.strip()));
        } catch (NumberFormatException notSeconds) {
            try {
                delay = java.time.Duration.between(now, java.time.ZonedDateTime.parse(header.strip(),
                        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (java.time.format.DateTimeParseException notADate) {
                return null;
            }
        }
        if (delay.isNegative()) {
            return java.time.Duration.ZERO;
        }
        return delay.compareTo(java.time.Duration.ofDays(1)) > 0 ? java.time.Duration.ofDays(1) : delay;
    }
}
