package org.portwatch.loadgen;

import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Map;

/** Turns a {@link Result} into the human report and the one-line JSON. Pure. */
public final class Report {

    private Report() {
    }

    public static String text(Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "target      %s  batch=%d  rate=%s  connections=%d  threads=%d  devices=%d%n",
                r.target(), r.batch(), r.targetRate() > 0 ? fmt(r.targetRate()) + "/s" : "flat-out",
                r.connections(), r.threads(), r.devices()));
        sb.append(String.format(Locale.ROOT, "window      %ss measured after %ss warmup%n",
                fmt(r.windowSeconds()), fmt(r.warmupSeconds())));
        sb.append(String.format(Locale.ROOT, "throughput  %s req/s (202: %s req/s)  %s readings/s accepted%n",
                fmt(r.requestsPerSecond()), fmt(r.acceptedRequestsPerSecond()), fmt(r.readingsPerSecond())));
        sb.append(String.format(Locale.ROOT, "responses   %d to requests of the window: %s%n", r.responses(),
                statuses(r.statusCounts())));
        if (r.non202() > 0) {
            sb.append(String.format(Locale.ROOT, "NOT 202     %d responses (%s %% of all) were not 202%n",
                    r.non202(), fmt(100.0 * r.non202() / Math.max(1, r.responses()))));
            r.samples().forEach((status, body) -> sb.append("  sample ").append(status).append(": ").append(body).append('\n'));
        }
        if (r.rejectedReadings() > 0) {
            sb.append(String.format(Locale.ROOT, "REJECTED    %d readings inside 202 answers were rejected%n", r.rejectedReadings()));
        }
        sb.append("latency ms  ").append(latency(r.accepted())).append("  (202 only")
                .append(r.targetRate() > 0 ? ", from intended send time" : "").append(")\n");
        if (r.non202() > 0) {
            sb.append("latency ms  ").append(latency(r.all())).append("  (all outcomes)\n");
        }
        if (r.targetRate() > 0) {
            sb.append(String.format(Locale.ROOT, "schedule    %d due, %d sent in window, max send lag %s ms%s%n",
                    r.scheduledInWindow(), r.sentInWindow(), fmt(r.maxScheduleLagMs()),
                    r.sentInWindow() < r.scheduledInWindow() * 0.99 ? "  (RATE NOT SUSTAINED)" : ""));
        }
        sb.append(String.format(Locale.ROOT, "client      %s %% of one core; %d requests still in flight at the end (not counted)%n",
                fmt(r.clientCpuPercent()), r.inFlightAtEnd()));
        return sb.toString();
    }

    public static JsonObject json(Result r) {
        JsonObject statuses = new JsonObject();
        r.statusCounts().forEach(statuses::put);
        JsonObject samples = new JsonObject();
        r.samples().forEach(samples::put);
        return new JsonObject()
                .put("target", r.target())
                .put("batch", r.batch())
                .put("targetRate", round(r.targetRate()))
                .put("connections", r.connections())
                .put("threads", r.threads())
                .put("devices", r.devices())
                .put("warmupSeconds", round(r.warmupSeconds()))
                .put("windowSeconds", round(r.windowSeconds()))
                .put("responses", r.responses())
                .put("requestsPerSecond", round(r.requestsPerSecond()))
                .put("acceptedRequestsPerSecond", round(r.acceptedRequestsPerSecond()))
                .put("readingsPerSecond", round(r.readingsPerSecond()))
                .put("acceptedReadings", r.acceptedReadings())
                .put("rejectedReadings", r.rejectedReadings())
                .put("non202", r.non202())
                .put("statusCounts", statuses)
                .put("latencyMs", latencyJson(r.accepted()))
                .put("latencyAllMs", latencyJson(r.all()))
                .put("scheduledInWindow", r.scheduledInWindow())
                .put("sentInWindow", r.sentInWindow())
                .put("maxScheduleLagMs", round(r.maxScheduleLagMs()))
                .put("inFlightAtEnd", r.inFlightAtEnd())
                .put("clientCpuPercent", round(r.clientCpuPercent()))
                .put("samples", samples)
                .put("windowStartEpochMs", r.windowStartEpochMs())
                .put("windowEndEpochMs", r.windowEndEpochMs());
    }

    static String statuses(Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        counts.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return sb.toString();
    }

    static String latency(Latency l) {
        if (l.count() == 0) {
            return "no samples";
        }
        return String.format(Locale.ROOT, "p50=%s p90=%s p99=%s p99.9=%s max=%s mean=%s",
                fmt(l.p50()), fmt(l.p90()), fmt(l.p99()), fmt(l.p999()), fmt(l.max()), fmt(l.mean()));
    }

    private static JsonObject latencyJson(Latency l) {
        return new JsonObject()
                .put("count", l.count())
                .put("p50", round(l.p50()))
                .put("p90", round(l.p90()))
                .put("p99", round(l.p99()))
                .put("p999", round(l.p999()))
                .put("max", round(l.max()))
                .put("mean", round(l.mean()));
    }

    /** Two decimals, no trailing zeros: 1234.5, 0.25, 17. */
    static String fmt(double v) {
        double rounded = round(v);
        if (rounded == Math.rint(rounded) && Math.abs(rounded) < 1e15) {
            return Long.toString((long) rounded);
        }
        return java.math.BigDecimal.valueOf(rounded).stripTrailingZeros().toPlainString();
    }

    static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
