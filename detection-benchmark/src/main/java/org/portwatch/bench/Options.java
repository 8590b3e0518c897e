package org.portwatch.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's command line: {@code --name value} or {@code --name=value}; booleans also as a bare
 * {@code --name} or {@code --no-name}. Unknown names and bad values are errors, never ignored.
 */
public record Options(
        int patients,
        int readingsPerPatient,
        int partitions,
        int rate,
        int latencySeconds,
        int repeats,
        double febrileShare,
        double tachycardicShare,
        double liveFeverShare,
        long seed,
        boolean profiles,
        String bootstrap,
        Path jsonOut,
        Path workDir,
        Path jfr,
        int topologyTimeoutSeconds,
        int ceilingTimeoutSeconds,
        int maxMinutes,
        int steadyStatePatients,
        long brokerPid,
        String gitCommit,
        boolean skipCeiling,
        boolean skipLive,
        int historyMinutes,
        int replayMinutes,
        int seedThreads,
        boolean skipFlood,
        int floodReadings,
        int floodSeconds,
        int floodOthers,
        int floodTimeoutSeconds,
        int liveSilentPatients) {

    /** The defaults are the parameters. */
    static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("patients", "100000");
        d.put("readings-per-patient", "20");
        d.put("partitions", "6");
        d.put("rate", "5000");
        d.put("latency-seconds", "60");
        d.put("repeats", "3");
        d.put("febrile-share", "0.03");
        d.put("tachycardic-share", "0.02");
        d.put("live-fever-share", "0.03");
        d.put("seed", "20261129");
        d.put("profiles", "true");
        d.put("bootstrap", "");
        d.put("json-out", "");
        d.put("work-dir", "");
        d.put("jfr", "");
        d.put("topology-timeout-seconds", "300");
        d.put("ceiling-timeout-seconds", "120");
        d.put("max-minutes", "22");
        d.put("steady-state-patients", "400");
        d.put("broker-pid", "0");
        d.put("git-commit", "");
        d.put("skip-ceiling", "false");
        d.put("skip-live", "false");
        d.put("history-minutes", "190");
        d.put("replay-minutes", "10");
        d.put("seed-threads", "2");
        d.put("skip-flood", "false");
        d.put("flood-readings", "70000");
        d.put("flood-seconds", "10");
        d.put("flood-others", "20");
        d.put("flood-timeout-seconds", "120");
        d.put("live-silent-patients", "500");
        return d;
    }

    private static final List<String> BOOLEANS = List.of("profiles", "skip-ceiling", "skip-live", "skip-flood");

    static final String USAGE = """
            Usage: java -jar detection-benchmark.jar [options]
                   java -jar detection-benchmark.jar broker --bootstrap-file FILE [--max-minutes N]
            Replays generated readings through the detection topology on a real broker and compares it with
            a plain consumer that only deserializes the same topic.
              --patients N                 patients in the replay (100000)
              --history-minutes N          warm state: every patient's first N minutes computed offline with
                                           the detector's code and restored into each detector (190); the
                                           replay is the next --replay-minutes. 0: fresh state, replay of
                                           --readings-per-patient (the v1 benchmark)
              --replay-minutes N           minutes of the stream replayed on the warm state (10)
              --seed-threads N             threads computing the warm state (2)
              --readings-per-patient N     replay readings per patient with --history-minutes 0 (20)
              --partitions N               partitions of the readings/profiles/alerts topics (6)
              --rate N                     readings/s of the live latency phase (5000)
              --latency-seconds N          length of the live latency phase (60)
              --live-silent-patients N     monitored patients without readings coming due for NO_DATA during
                                           the live phase (500)
              --flood-readings N           heart rates one device sends for one patient in the flood (70000)
              --flood-seconds N            ... in about N seconds (10)
              --flood-others N             other patients' single oral 38.6 after the flood (20)
              --flood-timeout-seconds N    how long to wait for their alerts (120)
              --repeats N                  ceiling + topology throughput pairs (3)
              --febrile-share F            share of patients with a fever in the replay (0.03)
              --tachycardic-share F        share with a racing heart in the replay (0.02)
              --live-fever-share F         share of otherwise normal patients whose fever starts live (0.03)
              --seed N                     generator seed: same seed, same readings
              --[no-]profiles              produce a monitored profile per patient first (true)
              --bootstrap HOST:PORT        use this broker instead of starting one in this JVM
              --broker-pid PID             that broker's process, to report its CPU (optional)
              --json-out FILE              write the full result as JSON there
              --work-dir DIR               state directories (a temporary directory)
              --jfr FILE                   one more, unmeasured topology run under JFR; summary in the result
              --topology-timeout-seconds N stop a topology run after N s and report what it did (300)
              --ceiling-timeout-seconds N  same for the plain consumer (120)
              --max-minutes N              skip what would start after N minutes (14)
              --steady-state-patients N    patients of the offline 3-hour state computation (400)
              --git-commit SHA             recorded in the result
              --skip-ceiling, --skip-live, --skip-flood   leave a phase out
            """;

    public static Options parse(String... args) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (value == null && name.startsWith("no-") && BOOLEANS.contains(name.substring(3))) {
                values.put(name.substring(3), "false");
                continue;
            }
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            if (value == null) {
                boolean nextIsValue = i + 1 < args.length && !args[i + 1].startsWith("--");
                if (BOOLEANS.contains(name) && !(nextIsValue && isBoolean(args[i + 1]))) {
                    value = "true";
                } else if (nextIsValue) {
                    value = args[++i];
                } else {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
            }
            values.put(name, value);
        }
        Options o = new Options(
                positive(values, "patients"),
                positive(values, "readings-per-patient"),
                positive(values, "partitions"),
                positive(values, "rate"),
                nonNegative(values, "latency-seconds"),
                nonNegative(values, "repeats"),
                share(values, "febrile-share"),
                share(values, "tachycardic-share"),
                share(values, "live-fever-share"),
                number(values, "seed"),
                bool(values, "profiles"),
                emptyToNull(values.get("bootstrap")),
                path(values, "json-out"),
                path(values, "work-dir"),
                path(values, "jfr"),
                positive(values, "topology-timeout-seconds"),
                positive(values, "ceiling-timeout-seconds"),
                positive(values, "max-minutes"),
                nonNegative(values, "steady-state-patients"),
                number(values, "broker-pid"),
                emptyToNull(values.get("git-commit")),
                bool(values, "skip-ceiling"),
                bool(values, "skip-live"),
                nonNegative(values, "history-minutes"),
                positive(values, "replay-minutes"),
                positive(values, "seed-threads"),
                bool(values, "skip-flood"),
                positive(values, "flood-readings"),
                positive(values, "flood-seconds"),
                positive(values, "flood-others"),
                positive(values, "flood-timeout-seconds"),
                nonNegative(values, "live-silent-patients"));
        if (o.bootstrap != null && !o.bootstrap.matches("[^\\s:]+:\\d+(,[^\\s:]+:\\d+)*")) {
            throw new IllegalArgumentException("--bootstrap must be host:port, got '" + o.bootstrap + "'");
        }
        return o;
    }

    /** Whether the replay runs on a warm state (history computed offline) rather than a fresh one. */
    public boolean warm() {
        return historyMinutes > 0;
    }

    /** Minutes of schedule the population lives through (history and replay). */
    public int spanMinutes() {
        return warm() ? historyMinutes + replayMinutes : ReplayStream.spanMinutes(readingsPerPatient);
    }

    /** Readings in the replay (about: a warm replay counts each patient's temperature slots). */
    public long replayReadings() {
        return warm() ? (long) patients * (replayMinutes + (replayMinutes + 4) / 5) : (long) patients * readingsPerPatient;
    }

    /** Readings of the live phase. */
    public long liveReadings() {
        return (long) rate * latencySeconds;
    }

    /** The options as the result records them. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("patients", patients);
        m.put("readingsPerPatient", readingsPerPatient);
        m.put("partitions", partitions);
        m.put("rate", rate);
        m.put("latencySeconds", latencySeconds);
        m.put("repeats", repeats);
        m.put("febrileShare", febrileShare);
        m.put("tachycardicShare", tachycardicShare);
        m.put("liveFeverShare", liveFeverShare);
        m.put("seed", seed);
        m.put("profiles", profiles);
        m.put("bootstrap", bootstrap == null ? "embedded (same JVM)" : bootstrap);
        m.put("topologyTimeoutSeconds", topologyTimeoutSeconds);
        m.put("ceilingTimeoutSeconds", ceilingTimeoutSeconds);
        m.put("maxMinutes", maxMinutes);
        m.put("steadyStatePatients", steadyStatePatients);
        m.put("jfr", jfr == null ? null : jfr.toString());
        m.put("historyMinutes", historyMinutes);
        m.put("replayMinutes", replayMinutes);
        m.put("seedThreads", seedThreads);
        m.put("skipCeiling", skipCeiling);
        m.put("skipLive", skipLive);
        m.put("skipFlood", skipFlood);
        m.put("floodReadings", floodReadings);
        m.put("floodSeconds", floodSeconds);
        m.put("floodOthers", floodOthers);
        m.put("floodTimeoutSeconds", floodTimeoutSeconds);
        m.put("liveSilentPatients", liveSilentPatients);
        return m;
    }

    private static boolean isBoolean(String s) {
        return s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false");
    }

    private static long number(Map<String, String> values, String name) {
        try {
            return Long.parseLong(values.get(name).trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + values.get(name) + "'");
        }
    }

    private static int positive(Map<String, String> values, String name) {
        long v = number(values, name);
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--" + name + " must be at least 1, got " + v);
        }
        return (int) v;
    }

    private static int nonNegative(Map<String, String> values, String name) {
        long v = number(values, name);
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--" + name + " must be 0 or more, got " + v);
        }
        return (int) v;
    }

    private static double share(Map<String, String> values, String name) {
        double v;
        try {
            v = Double.parseDouble(values.get(name).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, got '" + values.get(name) + "'");
        }
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException("--" + name + " must be between 0 and 1, got " + v);
        }
        return v;
    }

    private static boolean bool(Map<String, String> values, String name) {
        String v = values.get(name).trim().toLowerCase(Locale.ROOT);
        if (!isBoolean(v)) {
            throw new IllegalArgumentException("--" + name + " must be true or false, got '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    private static Path path(Map<String, String> values, String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? null : Path.of(v);
    }

    private static String emptyToNull(String v) {
        return v == null || v.isBlank() ? null : v;
    }
}
