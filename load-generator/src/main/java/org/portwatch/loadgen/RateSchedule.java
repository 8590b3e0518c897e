package org.portwatch.loadgen;

/**
 * The intended send times of an open-loop load at a fixed rate: request k is due at
 * {@code start + k / rate} (nanosecond clock). Each time is computed from k alone, so no
 * rounding error piles up over a run. Latency is measured from these times, not from the
 * moment a request actually left (which can be later when all connections were busy): a
 * stall of the server then shows in the latency of every request it held back, instead of
 * silently lowering the rate (coordinated omission).
 */
public final class RateSchedule {

    private final long startNanos;
    private final double ratePerSecond;
    private final double intervalNanos;

    /**
     * @param startNanos    when request 0 is due
     * @param ratePerSecond requests per second, positive
     */
    public RateSchedule(long startNanos, double ratePerSecond) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be positive: " + ratePerSecond);
        }
        this.startNanos = startNanos;
        this.ratePerSecond = ratePerSecond;
        this.intervalNanos = 1e9 / ratePerSecond;
    }

    /**
     * One of {@code n} interleaved schedules that together make {@code totalRate}: each runs at
     * totalRate / n, the i-th shifted by i / totalRate, so their sends alternate evenly.
     */
    public static RateSchedule share(long startNanos, double totalRate, int index, int n) {
        if (index < 0 || index >= n) {
            throw new IllegalArgumentException("index " + index + " of " + n);
        }
        long offset = Math.round(index * 1e9 / totalRate);
        return new RateSchedule(startNanos + offset, totalRate / n);
    }

    /** When request k is due. */
    public long intendedTime(long k) {
        return startNanos + Math.round(k * intervalNanos);
    }

    /** How many requests are due at {@code nowNanos}: those with intendedTime(k) <= now. */
    public long dueBy(long nowNanos) {
        if (nowNanos < startNanos) {
            return 0;
        }
        long k = (long) Math.floor((nowNanos - startNanos) / intervalNanos);
        // Correct the floating-point estimate against intendedTime itself, the one source of truth.
        while (k > 0 && intendedTime(k) > nowNanos) {
            k--;
        }
        while (intendedTime(k + 1) <= nowNanos) {
            k++;
        }
        return k + 1;
    }

    /** How many requests fall due in [from, to): the length of the schedule inside a time window. */
    public long dueBetween(long fromNanos, long toNanos) {
        return Math.max(0, dueBy(toNanos - 1) - dueBy(fromNanos - 1));
    }

    /** Milliseconds from now until request k is due, at least {@code 1} (a timer's finest step). */
    public long millisUntil(long k, long nowNanos) {
        long nanos = intendedTime(k) - nowNanos;
        return Math.max(1, (nanos + 999_999) / 1_000_000);
    }

    public double ratePerSecond() {
        return ratePerSecond;
    }

    public long startNanos() {
        return startNanos;
    }
}
