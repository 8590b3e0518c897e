package org.portwatch.loadgen;

import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What one event loop measured of the requests of the window; only that loop touches it while
 * the run lasts, then the loops' stats are merged. Latencies are recorded in microseconds.
 */
public final class Stats {

    static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(10);

    final Histogram accepted = new Histogram(MAX_LATENCY_MICROS, 3);
    final Histogram all = new Histogram(MAX_LATENCY_MICROS, 3);
    final Map<String, Long> statusCounts = new TreeMap<>();
    final Map<String, String> samples = new LinkedHashMap<>();
    long responses;
    long accepted202;
    long acceptedReadings;
    long scheduledInWindow;
    long sentInWindow;
    long maxLagNanos;
    long inFlightAtEnd;

    /** One answer (or failure) to a request of the window to /api/v1/readings, where 202 means taken. */
    void record(String status, long latencyNanos, int acceptedInBody, String sampleBody) {
        record(status, "202".equals(status), latencyNanos, acceptedInBody, sampleBody);
    }

    /** One answer (or failure); {@code taken}: the status that format answers when it took the readings. */
    void record(String status, boolean taken, long latencyNanos, int acceptedInBody, String sampleBody) {
        long micros = Math.min(MAX_LATENCY_MICROS, Math.max(0, latencyNanos / 1_000));
        responses++;
        all.recordValue(micros);
        statusCounts.merge(status, 1L, Long::sum);
        if (taken) {
            accepted202++;
            accepted.recordValue(micros);
            acceptedReadings += Math.max(0, acceptedInBody);
        } else if (sampleBody != null && samples.size() < 8 && !samples.containsKey(status)) {
            samples.put(status, abbreviate(sampleBody, 300));
        }
    }

    void merge(Stats other) {
        accepted.add(other.accepted);
        all.add(other.all);
        other.statusCounts.forEach((k, v) -> statusCounts.merge(k, v, Long::sum));
        other.samples.forEach(samples::putIfAbsent);
        responses += other.responses;
        accepted202 += other.accepted202;
        acceptedReadings += other.acceptedReadings;
        scheduledInWindow += other.scheduledInWindow;
        sentInWindow += other.sentInWindow;
        maxLagNanos = Math.max(maxLagNanos, other.maxLagNanos);
        inFlightAtEnd += other.inFlightAtEnd;
    }

    /** How ingest-service's {@code {"accepted": n, ...}} counts; -1 if the body does not say. */
    static int parseAccepted(String body) {
        if (body == null) {
            return -1;
        }
        int key = body.indexOf("\"accepted\"");
        if (key < 0) {
            return -1;
        }
        int i = body.indexOf(':', key + 10);
        if (i < 0) {
            return -1;
        }
        i++;
        while (i < body.length() && Character.isWhitespace(body.charAt(i))) {
            i++;
        }
        int start = i;
        long value = 0;
        while (i < body.length() && Character.isDigit(body.charAt(i)) && i - start < 9) {
            value = value * 10 + (body.charAt(i) - '0');
            i++;
        }
        return i == start ? -1 : (int) value;
    }

    /** The key under which a failed request (no HTTP answer) is counted. */
    static String errorKey(Throwable error) {
        String name = error.getClass().getSimpleName();
        String message = String.valueOf(error.getMessage()).toLowerCase();
        if (name.contains("Timeout") || message.contains("timeout") || message.contains("timed out")) {
            return "ERR:timeout";
        }
        if (name.contains("Connect") || message.contains("connection refused")) {
            return "ERR:connect";
        }
        if (name.contains("Closed") || message.contains("connection reset") || message.contains("closed")) {
            return "ERR:closed";
        }
        return "ERR:" + name;
    }

    static String abbreviate(String s, int max) {
        String oneLine = s.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "...";
    }
}
