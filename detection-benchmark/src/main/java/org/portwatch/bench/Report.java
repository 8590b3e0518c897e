package org.portwatch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The result: one JSON document, its one-line summary, and a table for people. */
final class Report {

    static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Report() {
    }

    /** Median of the numbers some runs give (the lower middle one for an even count, so it is a measured run). */
    static Double median(List<Map<String, Object>> runs, Function<Map<String, Object>, Object> value) {
        List<Double> values = new ArrayList<>();
        for (Map<String, Object> run : runs) {
            Object v = value.apply(run);
            if (v instanceof Number n) {
                values.add(n.doubleValue());
            }
        }
        if (values.isEmpty()) {
            return null;
        }
        Collections.sort(values);
        return values.get((values.size() - 1) / 2);
    }

    @SuppressWarnings("unchecked")
    static Object path(Map<String, Object> map, String... keys) {
        Object current = map;
        for (String k : keys) {
            if (!(current instanceof Map)) {
                return null;
            }
            current = ((Map<String, Object>) current).get(k);
        }
        return current;
    }

    /** The headline figures, medians over the repeats. */
    static Map<String, Object> summary(List<Map<String, Object>> ceilings, List<Map<String, Object>> topologies,
            Map<String, Object> live, Map<String, Object> steady, Map<String, Object> flood) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("repeats", topologies.size());
        s.put("ceilingReadingsPerSecond", median(ceilings, r -> r.get("readingsPerSecond")));
        s.put("ceilingReadingsPerCpuSecond", median(ceilings, r -> r.get("readingsPerCpuSecond")));
        s.put("topologyReadingsPerSecond", median(topologies, r -> r.get("readingsPerSecond")));
        s.put("topologyReadingsPerStreamThreadCpuSecond",
                median(topologies, r -> r.get("readingsPerStreamThreadCpuSecond")));
        s.put("topologyReadingsPerTopologyCpuSecond", median(topologies, r -> r.get("readingsPerTopologyCpuSecond")));
        s.put("topologyReadingsPerProcessCpuSecond", median(topologies, r -> r.get("readingsPerProcessCpuSecond")));
        Double ceilingWall = (Double) s.get("ceilingReadingsPerSecond");
        Double topologyWall = (Double) s.get("topologyReadingsPerSecond");
        Double ceilingCpu = (Double) s.get("ceilingReadingsPerCpuSecond");
        Double topologyCpu = (Double) s.get("topologyReadingsPerTopologyCpuSecond");
        s.put("ratioWall", ceilingWall == null || topologyWall == null ? null
                : Meters.round(topologyWall / ceilingWall));
        s.put("ratioPerCore", ceilingCpu == null || topologyCpu == null ? null
                : Meters.round(topologyCpu / ceilingCpu));
        s.put("replayReadingsCommitted", median(topologies, r -> r.get("readings")));
        s.put("catchUpSecondsFromStart", median(topologies, r -> r.get("fromStartSeconds")));
        s.put("catchUpStartupSeconds", median(topologies, r -> r.get("startupSeconds")));
        s.put("warmRestoreSecondsFreshInstance", median(topologies, r -> path(r, "warmUp", "restoreSeconds")));
        s.put("stateValueBytesPerPatientMean", median(topologies, r -> path(r, "stateStore", "valueBytesMean")));
        s.put("stateKeyPlusValueBytesPerPatientMean",
                median(topologies, r -> path(r, "stateStore", "keyPlusValueBytesMean")));
        s.put("stateValueBytesPerPatientP99", median(topologies, r -> path(r, "stateStore", "valueBytesP99")));
        s.put("stateValueBytesPerPatientMax", median(topologies, r -> path(r, "stateStore", "valueBytesMax")));
        s.put("stateSummaryMeanBytes", median(topologies, r -> path(r, "stateBytesSummary", "mean")));
        s.put("stateSummaryMaxBytes", median(topologies, r -> path(r, "stateBytesSummary", "max")));
        s.put("stateSstBytesPerPatientUncompacted", median(topologies, r -> perPatient(r, path(r, "stateDir",
                "patientStateSstBytes"))));
        s.put("changelogBytesWrittenPerReading", median(topologies, r -> path(r, "changelog",
                "bytesWrittenPerReading")));
        s.put("punctuateLatencyMaxMs", median(topologies, r -> path(r, "streamThread", "punctuate-latency-max-ms")));
        if (steady != null) {
            s.put("steadyStateValueBytesPerPatientMean", steady.get("populationValueBytesMean"));
            s.put("steadyStateKeyPlusValueBytesPerPatientMean", steady.get("populationKeyPlusValueBytesMean"));
            s.put("steadyStateDetectorMicrosPerReading", path(steady, "allKinds", "totalMicros"));
        }
        if (live != null) {
            s.put("liveTargetRate", path(live, "producer", "targetRate"));
            s.put("liveAchievedRate", path(live, "producer", "achievedRate"));
            s.put("liveAlertsTimed", path(live, "latencyReceivedToDetected", "count"));
            s.put("latencyP50Ms", path(live, "latencyReceivedToDetected", "p50Ms"));
            s.put("latencyP99Ms", path(live, "latencyReceivedToDetected", "p99Ms"));
            s.put("latencyMaxMs", path(live, "latencyReceivedToDetected", "maxMs"));
            s.put("visibleP50Ms", path(live, "alertsOnTopic", "receivedToVisibleOnTopic", "p50Ms"));
            s.put("visibleP99Ms", path(live, "alertsOnTopic", "receivedToVisibleOnTopic", "p99Ms"));
            s.put("visibleMaxMs", path(live, "alertsOnTopic", "receivedToVisibleOnTopic", "maxMs"));
            s.put("livePunctuateLatencyMaxMs", path(live, "streamThread", "punctuate-latency-max-ms"));
            s.put("liveNoDataRaised", path(live, "alertsOnTopic", "noDataRaisedDueToDetected", "count"));
            s.put("liveNoDataDueToDetectedMaxMs", path(live, "alertsOnTopic", "noDataRaisedDueToDetected", "maxMs"));
        }
        if (flood != null) {
            s.put("floodSendSeconds", flood.get("floodSendSeconds"));
            s.put("floodOthers", flood.get("others"));
            s.put("floodOthersMissing", flood.get("othersMissing"));
            s.put("floodOthersSentToVisibleMaxMs", flood.get("othersSentToVisibleMaxMs"));
            s.put("floodOthersReceivedToDetectedMaxMs", flood.get("othersReceivedToDetectedMaxMs"));
            s.put("floodOthersSentToVisibleMedianMs", flood.get("othersSentToVisibleMedianMs"));
            s.put("floodStartToCommittedSeconds", flood.get("floodStartToCommittedSeconds"));
            s.put("floodedStateBytes", flood.get("floodedStateBytes"));
        }
        return s;
    }

    private static Object perPatient(Map<String, Object> run, Object bytes) {
        Object patients = path(run, "stateStore", "patients");
        if (bytes instanceof Number b && patients instanceof Number p && p.longValue() > 0) {
            return Meters.round(b.doubleValue() / p.doubleValue());
        }
        return null;
    }

    static void table(PrintStream out, List<Map<String, Object>> ceilings, List<Map<String, Object>> topologies,
            Map<String, Object> live, Map<String, Object> steady, Map<String, Object> summary) {
        out.println();
        out.println("Throughput (readings of the replay; per CPU-second = per core fully busy)");
        out.printf(Locale.ROOT, "%-10s %12s %14s %14s %16s %16s %8s%n", "run", "readings/s", "/stream-thr-s",
                "/topology-cpu-s", "/process-cpu-s", "alerts", "done");
        for (int i = 0; i < Math.max(ceilings.size(), topologies.size()); i++) {
            if (i < ceilings.size()) {
                Map<String, Object> c = ceilings.get(i);
                out.printf(Locale.ROOT, "%-10s %12s %14s %14s %16s %16s %8s%n", "ceiling-" + (i + 1),
                        fmt(c.get("readingsPerSecond")), fmt(c.get("readingsPerCpuSecond")), "-",
                        fmt(c.get("readingsPerProcessCpuSecond")), "-", c.get("complete"));
            }
            if (i < topologies.size()) {
                Map<String, Object> t = topologies.get(i);
                out.printf(Locale.ROOT, "%-10s %12s %14s %14s %16s %16s %8s%n", "topology-" + (i + 1),
                        fmt(t.get("readingsPerSecond")), fmt(t.get("readingsPerStreamThreadCpuSecond")),
                        fmt(t.get("readingsPerTopologyCpuSecond")), fmt(t.get("readingsPerProcessCpuSecond")),
                        fmt(path(t, "alerts")), t.get("complete"));
            }
        }
        out.println();
        out.println("Summary (medians)");
        summary.forEach((k, v) -> out.printf(Locale.ROOT, "  %-46s %s%n", k, fmt(v)));
        out.println();
    }

    static String fmt(Object v) {
        if (v instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.format(Locale.ROOT, "%,d", d.longValue())
                    : String.format(Locale.ROOT, "%,.2f", d);
        }
        if (v instanceof Long || v instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
        }
        return String.valueOf(v);
    }
}
