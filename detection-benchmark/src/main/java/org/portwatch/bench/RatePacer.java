package org.portwatch.bench;

/**
 * A fixed-rate schedule: record {@code i} (from 0) is due {@code i / rate} seconds after the start. Pure
 * arithmetic on nanosecond clocks, so the caller decides how to wait and tests need no sleeping. A sender
 * that falls behind sends what is due at once (the schedule does not slip), and {@link #lagNanos} says by
 * how much it was late.
 */
public final class RatePacer {

    private final double ratePerSecond;
    private final long startNanos;

    public RatePacer(double ratePerSecond, long startNanos) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive: " + ratePerSecond);
        }
        this.ratePerSecond = ratePerSecond;
        this.startNanos = startNanos;
    }

    /** When record {@code i} is due. */
    public long dueTime(long i) {
        return startNanos + (long) Math.ceil(i * 1e9 / ratePerSecond);
    }

    /** How many records are due at {@code nowNanos}: those with {@code dueTime(i) <= nowNanos}. */
    public long dueBy(long nowNanos) {
        long elapsed = nowNanos - startNanos;
        if (elapsed < 0) {
            return 0;
        }
        long n = (long) Math.floor(elapsed * ratePerSecond / 1e9) + 1;
        // Floating point may be one off at an exact boundary; the definition is dueTime.
        while (n > 0 && dueTime(n - 1) > nowNanos) {
            n--;
        }
        while (dueTime(n) <= nowNanos) {
            n++;
        }
        return n;
    }

    /** How long to wait at {@code nowNanos} before record {@code next} is due; 0 if it is due already. */
    public long waitNanos(long next, long nowNanos) {
        return Math.max(0, dueTime(next) - nowNanos);
    }

    /** How late record {@code i} is when sent at {@code nowNanos}; 0 if on time. */
    public long lagNanos(long i, long nowNanos) {
        return Math.max(0, nowNanos - dueTime(i));
    }
}
