package org.portwatch.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a thread spent its time, from a JFR recording's execution samples (Java code only: time in native
 * code such as RocksDB's JNI calls shows as the Java frame that called it, time blocked is not sampled).
 * Also a command: {@code java -cp detection-benchmark.jar org.portwatch.bench.JfrSummary FILE [THREAD-PART]}.
 */
public final class JfrSummary {

    private JfrSummary() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: JfrSummary FILE.jfr [part of the thread name, default StreamThread]");
            System.exit(2);
        }
        String part = args.length > 1 ? args[1] : "StreamThread";
        Map<String, Object> summary = summarize(Path.of(args[0]), name -> name.contains(part), 25);
        System.out.println(Report.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(summary));
    }

    /** Self time by method, by component, and time on the stack (inclusive) for the project's and libraries' methods. */
    static Map<String, Object> summarize(Path file, Predicate<String> thread, int top) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> component = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> steps = new HashMap<>();
        int total = 0;
        int all = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent e = recording.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                    continue;
                }
                all++;
                RecordedThread t = e.getThread("sampledThread");
                String name = t == null ? "?" : t.getJavaName();
                if (name == null || !thread.test(name)) {
                    continue;
                }
                threads.merge(name, 1, Integer::sum);
                total++;
                List<RecordedFrame> frames = e.getStackTrace().getFrames();
                if (frames.isEmpty()) {
                    continue;
                }
                self.merge(method(frames.get(0)), 1, Integer::sum);
                steps.merge(step(frames), 1, Integer::sum);
                component.merge(firstComponent(frames), 1, Integer::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame f : frames) {
                    String m = method(f);
                    if (interesting(m) && seen.add(m)) {
                        inclusive.merge(m, 1, Integer::sum);
                    }
                }
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file.toString());
        m.put("executionSamples", all);
        m.put("samplesOfThread", total);
        m.put("threads", threads);
        m.put("byStep", annotate(percentages(steps, total, 30)));
        m.put("selfByMethod", percentages(self, total, top));
        m.put("selfByComponent", percentages(component, total, top));
        m.put("inclusiveByMethod", percentages(inclusive, total, 40));
        return m;
    }

    /**
     * What the stream thread was doing, per sample: inside the detector's processors, the statement (method and
     * line of the top-most processor frame, e.g. the state store get, the rules, the save); outside them, the
     * step of the stream thread's loop (poll, commit, punctuate, ...): the callee of its run-once method.
     */
    static String step(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String m = method(f);
            if (m.startsWith("org.portwatch.detection.ReadingProcessor.")
                    || m.startsWith("org.portwatch.detection.ProfileProcessor.")) {
                return m.substring("org.portwatch.detection.".length()) + ":" + f.getLineNumber();
            }
        }
        for (int i = frames.size() - 1; i > 0; i--) {
            if (method(frames.get(i)).endsWith("StreamThread.runOnceWithoutProcessingThreads")
                    || method(frames.get(i)).endsWith("StreamThread.runOnceWithProcessingThreads")) {
                String callee = method(frames.get(i - 1));
                String phase = "StreamThread: " + shortName(callee);
                if (callee.endsWith("TaskManager.process")) {
                    // processing, but outside the processors: record queues, timestamps, metrics, forwarding
                    for (RecordedFrame top : frames) {
                        if (method(top).startsWith("org.apache.kafka.")) {
                            return phase + " > " + shortName(method(top));
                        }
                    }
                }
                return phase;
            }
        }
        return "other: " + method(frames.get(0));
    }

    private static String shortName(String method) {
        String[] parts = method.split("\\.");
        return parts.length < 2 ? method : parts[parts.length - 2] + "." + parts[parts.length - 1];
    }

    /** Adds the source text of ReadingProcessor/ProfileProcessor lines when the sources are at hand (repository root). */
    private static Map<String, Double> annotate(Map<String, Double> steps) {
        Map<String, Double> out = new LinkedHashMap<>();
        steps.forEach((k, v) -> out.put(k + sourceText(k), v));
        return out;
    }

    private static String sourceText(String step) {
        int colon = step.lastIndexOf(':');
        int dot = step.indexOf('.');
        if (colon < 0 || dot < 0 || step.startsWith("StreamThread") || step.startsWith("other")) {
            return "";
        }
        Path source = Path.of("detection/src/main/java/org/portwatch/detection", step.substring(0, dot) + ".java");
        try {
            int line = Integer.parseInt(step.substring(colon + 1));
            List<String> lines = java.nio.file.Files.readAllLines(source);
            return line >= 1 && line <= lines.size() ? "  |  " + lines.get(line - 1).trim() : "";
        } catch (IOException | NumberFormatException e) {
            return "";
        }
    }

    private static boolean interesting(String method) {
        return method.startsWith("org.portwatch.") || method.startsWith("org.apache.kafka.")
                || method.startsWith("org.rocksdb.") || method.startsWith("com.fasterxml.jackson.databind.ObjectReader")
                || method.startsWith("io.micrometer.") || method.startsWith("org.slf4j") || method.startsWith("org.jboss");
    }

    static String method(RecordedFrame f) {
        RecordedMethod m = f.getMethod();
        return m == null ? "?" : m.getType().getName() + "." + m.getName();
    }

    /**
     * The component a sample's self time belongs to: the first frame from the top that is not the JDK,
     * shortened to its package's first three parts (com.fasterxml.jackson, org.apache.kafka, org.rocksdb ...);
     * samples entirely in the JDK count as "jdk".
     */
    static String firstComponent(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String type = f.getMethod() == null ? "" : f.getMethod().getType().getName();
            if (type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.") || type.isEmpty()) {
                continue;
            }
            String[] parts = type.split("\\.");
            if (type.startsWith("org.portwatch.")) {
                return String.join(".", List.of(parts).subList(0, Math.min(3, parts.length - 1)))
                        + "." + parts[parts.length - 1];
            }
            if (type.startsWith("org.apache.kafka.")) {
                return String.join(".", List.of(parts).subList(0, Math.min(5, parts.length - 1)));
            }
            return String.join(".", List.of(parts).subList(0, Math.min(3, parts.length - 1)));
        }
        return "jdk";
    }

    private static Map<String, Double> percentages(Map<String, Integer> counts, int total, int top) {
        Map<String, Double> m = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> m.put(e.getKey(), Math.round(1000.0 * e.getValue() / Math.max(1, total)) / 10.0));
        return m;
    }
}
