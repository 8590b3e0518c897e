package org.portwatch.alert.notification;

/**
 * The outcome of one delivery attempt, as a channel reports it to the dispatcher (never an exception).
 *
 * @param outcome    what the dispatcher does next
 * @param httpStatus the receiver's HTTP status, when there was one
 * @param detail     a short reason for the attempt log: no payload, no secret, no patient data
 */
public record DeliveryResult(Outcome outcome, Integer httpStatus, String detail) {

    public enum Outcome {
        /** The receiver took it (2xx). */
        DELIVERED,
        /** Try again later with backoff: timeout, connection refused, 5xx, 429, 408. */
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

    /** The usual mapping of an HTTP answer: 2xx delivered, 404/410 gone, 408/429/5xx retry, other 4xx rejected. */
    public static DeliveryResult ofHttpStatus(int status, boolean goneOn404) {
        if (status >= 200 && status < 300) {
            return delivered(status);
        }
        if (status == 410 || (goneOn404 && status == 404)) {
            return gone(status, "target gone");
        }
        if (status == 408 || status == 429 || status >= 500) {
            return retry(status, "receiver answered " + status);
        }
        return rejected(status, "receiver answered " + status);
    }
}
