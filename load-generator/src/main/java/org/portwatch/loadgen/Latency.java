package org.portwatch.loadgen;

import org.HdrHistogram.Histogram;

/** A latency distribution summed up, in milliseconds. */
public record Latency(long count, double p50, double p90, double p99, double p999, double max, double mean) {

    public static final Latency EMPTY = new Latency(0, 0, 0, 0, 0, 0, 0);

    /** From a histogram of microseconds. */
    public static Latency ofMicros(Histogram h) {
        if (h.getTotalCount() == 0) {
            return EMPTY;
        }
        return new Latency(h.getTotalCount(),
                ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(90)),
                ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)),
                ms(h.getMaxValue()),
                h.getMean() / 1000.0);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
