package org.portwatch.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.portwatch.detection.DetectionMetrics;

/** The detector's own meters, read back for the result. */
final class Meters {

    static final double[] PERCENTILES = {0.5, 0.9, 0.99, 0.999};

    private Meters() {
    }

    /**
     * A registry for one detector instance. Its filter adds client-side percentiles (2 significant digits) to
     * the detector's timers and summaries and stretches their window to an hour, so that p50/p99/max cover a
     * whole phase instead of Micrometer's default two-minute decaying window. Must be set before the
     * {@link DetectionMetrics} registers its meters.
     */
    static SimpleMeterRegistry registry() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().startsWith("portwatch.detection")) {
                    return config;
                }
                return DistributionStatisticConfig.builder().percentiles(PERCENTILES).percentilePrecision(2)
                        .expiry(Duration.ofHours(1)).bufferLength(1).build().merge(config);
            }
        });
        return registry;
    }

    /** Sum of the readings counter over all outcomes. */
    static long readingsProcessed(MeterRegistry registry) {
        return (long) registry.find(DetectionMetrics.READINGS).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** Counter totals by the value of one tag, zeros left out. */
    static Map<String, Long> countsBy(MeterRegistry registry, String name, String tag) {
        Map<String, Long> counts = new TreeMap<>();
        for (Counter c : registry.find(name).counters()) {
            long n = (long) c.count();
            if (n > 0) {
                counts.merge(c.getId().getTag(tag), n, Long::sum);
            }
        }
        return counts;
    }

    /** The latency timer {@code portwatch.detection.latency{since=...}}, in milliseconds. */
    static Map<String, Object> latency(MeterRegistry registry, String since) {
        Timer timer = registry.find(DetectionMetrics.LATENCY).tag("since", since).timer();
        Map<String, Object> m = new LinkedHashMap<>();
        if (timer == null) {
            return m;
        }
        HistogramSnapshot s = timer.takeSnapshot();
        m.put("count", s.count());
        m.put("meanMs", round(s.mean(TimeUnit.MILLISECONDS)));
        for (ValueAtPercentile p : s.percentileValues()) {
            m.put(key(p.percentile()), round(p.value(TimeUnit.MILLISECONDS)));
        }
        m.put("maxMs", round(s.max(TimeUnit.MILLISECONDS)));
        return m;
    }

    /** The summary {@code portwatch.detection.state.bytes}: one value per state update. */
    static Map<String, Object> stateBytes(MeterRegistry registry) {
        DistributionSummary summary = registry.find(DetectionMetrics.STATE_BYTES).summary();
        Map<String, Object> m = new LinkedHashMap<>();
        if (summary == null) {
            return m;
        }
        HistogramSnapshot s = summary.takeSnapshot();
        m.put("updates", s.count());
        m.put("mean", round(s.mean()));
        for (ValueAtPercentile p : s.percentileValues()) {
            m.put(key(p.percentile()).replace("Ms", ""), round(p.value()));
        }
        m.put("max", round(s.max()));
        return m;
    }

    /** p50/p90/p99/p99.9/max of an HdrHistogram of milliseconds. */
    static Map<String, Object> histogram(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        if (h.getTotalCount() == 0) {
            return m;
        }
        m.put("meanMs", round(h.getMean()));
        for (double p : PERCENTILES) {
            m.put(key(p), h.getValueAtPercentile(p * 100));
        }
        m.put("maxMs", h.getMaxValue());
        m.put("minMs", h.getMinValue());
        return m;
    }

    static String key(double percentile) {
        String digits = percentile == 0.999 ? "999" : Long.toString(Math.round(percentile * 100));
        return "p" + digits + "Ms";
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
