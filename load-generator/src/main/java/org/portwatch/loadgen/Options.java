package org.portwatch.loadgen;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line of {@link LoadGenerator}. Pure: parsing touches no file and no network;
 * {@code url == null} means "take ingestUrl from the credentials file".
 *
 * @param url           base URL of ingest-service (loopback only), or null for the credentials' ingestUrl
 * @param credentials   the local stack's credentials.json (adminToken, ingestUrl)
 * @param devices       fresh devices registered before the run, requests spread round-robin over them
 * @param patients      distinct synthetic patients the devices belong to (0 = one per device)
 * @param batch         readings per request (1..500)
 * @param rate          total requests/s; 0 = flat out (closed loop, {@code connections} in flight)
 * @param connections   keep-alive HTTP/1.1 connections (and so the most requests in flight), no pipelining
 * @param threads       client event loops
 * @param duration      the measured part of the run
 * @param warmup        the unmeasured part before it
 * @param json          print one machine-readable JSON line on stdout (the human report goes to stderr)
 * @param timeout       a request with no answer for this long counts as an error
 * @param progress      how often a progress line goes to stderr (0 = never)
 * @param nio           use Java NIO sockets even where native epoll is available
 */
public record Options(
        String url,
        Path credentials,
        int devices,
        int patients,
        int batch,
        double rate,
        int connections,
        int threads,
        Duration duration,
        Duration warmup,
        boolean json,
        Duration timeout,
        Duration progress,
        boolean nio) {

    public static final int MAX_BATCH = 500;
    /** The most a run may last (warmup + duration): the generator is bounded by construction. */
    public static final Duration MAX_RUN = Duration.ofMinutes(30);
    /** Per-device rate limit of ingest-service, requests/s. */
    public static final double DEVICE_RATE_LIMIT = 20.0;

    public static final String USAGE = """
            Usage: java -jar load-generator.jar [options]
              --url URL              ingest-service base URL (default: ingestUrl from the credentials)
              --credentials FILE     local stack credentials (default .local/credentials.json): adminToken, ingestUrl
              --devices N            fresh devices to register before the run (default 100)
              --patients N           distinct synthetic patients for those devices (default: one per device)
              --batch B              readings per request, 1..500 (default 1)
              --rate R               total requests/s; 0 = flat out, closed loop (default 0)
              --connections C        keep-alive HTTP/1.1 connections = most requests in flight (default 64)
              --threads T            client event loops (default 2)
              --duration D           measured time, e.g. 30s, 2m, 500ms (default 30s)
              --warmup D             unmeasured time before it (default 10s)
              --timeout D            per-request timeout, counted as an error (default 10s)
              --progress D           progress line on stderr every D, 0 = off (default 5s)
              --json                 print one JSON line on stdout (report text goes to stderr)
              --nio                  Java NIO sockets instead of native epoll (to compare client overhead)
              --help                 this text
            Load goes to loopback addresses only; the run always stops after warmup + duration
            (plus at most a few seconds to drain requests in flight).""";

    public static Options defaults() {
        return new Options(null, Path.of(".local/credentials.json"), 100, 0, 1, 0.0, 64, 2,
                Duration.ofSeconds(30), Duration.ofSeconds(10), false, Duration.ofSeconds(10),
                Duration.ofSeconds(5), false);
    }

    /** Thrown for a bad command line; the message says what is wrong. */
    public static final class UsageException extends IllegalArgumentException {
        public UsageException(String message) {
            super(message);
        }
    }

    /** Thrown for {@code --help}. */
    public static final class HelpRequested extends RuntimeException {
        public HelpRequested() {
            super("help", null, false, false);
        }
    }

    public static Options parse(String... args) {
        Options o = defaults();
        String url = o.url;
        Path credentials = o.credentials;
        int devices = o.devices;
        int patients = o.patients;
        int batch = o.batch;
        double rate = o.rate;
        int connections = o.connections;
        int threads = o.threads;
        Duration duration = o.duration;
        Duration warmup = o.warmup;
        boolean json = o.json;
        Duration timeout = o.timeout;
        Duration progress = o.progress;
        boolean nio = o.nio;

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (name.equals("--help") || name.equals("-h")) {
                throw new HelpRequested();
            }
            if (name.equals("--json") || name.equals("--nio")) {
                if (value != null) {
                    throw new UsageException(name + " takes no value");
                }
                if (name.equals("--json")) {
                    json = true;
                } else {
                    nio = true;
                }
                continue;
            }
            if (!name.startsWith("--")) {
                throw new UsageException("unexpected argument: " + arg);
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException(name + " needs a value");
                }
                value = args[++i];
            }
            switch (name) {
                case "--url" -> url = value;
                case "--credentials" -> credentials = Path.of(value);
                case "--devices" -> devices = parseInt(name, value);
                case "--patients" -> patients = parseInt(name, value);
                case "--batch" -> batch = parseInt(name, value);
                case "--rate" -> rate = parseDouble(name, value);
                case "--connections" -> connections = parseInt(name, value);
                case "--threads" -> threads = parseInt(name, value);
                case "--duration" -> duration = parseDuration(name, value);
                case "--warmup" -> warmup = parseDuration(name, value);
                case "--timeout" -> timeout = parseDuration(name, value);
                case "--progress" -> progress = parseDuration(name, value);
                default -> throw new UsageException("unknown option: " + name);
            }
        }
        Options parsed = new Options(url, credentials, devices, patients, batch, rate, connections, threads,
                duration, warmup, json, timeout, progress, nio);
        parsed.validate();
        return parsed;
    }

    private void validate() {
        require(devices >= 1, "--devices must be at least 1");
        require(patients >= 0, "--patients must not be negative");
        require(batch >= 1 && batch <= MAX_BATCH, "--batch must be 1.." + MAX_BATCH);
        require(rate >= 0 && Double.isFinite(rate), "--rate must be 0 (flat out) or positive");
        require(connections >= 1 && connections <= 10_000, "--connections must be 1..10000");
        require(threads >= 1 && threads <= 64, "--threads must be 1..64");
        require(!duration.isNegative() && !duration.isZero(), "--duration must be positive");
        require(!warmup.isNegative(), "--warmup must not be negative");
        require(warmup.plus(duration).compareTo(MAX_RUN) <= 0,
                "warmup + duration must be at most " + MAX_RUN.toMinutes() + " minutes");
        require(!timeout.isNegative() && !timeout.isZero(), "--timeout must be positive");
        require(!progress.isNegative(), "--progress must not be negative");
        if (url != null) {
            require(url.startsWith("http://"), "--url must be an http:// URL");
        }
    }

    /** Total requests/s per device at the fixed rate; 0 when flat out. */
    public double ratePerDevice() {
        return rate / devices;
    }

    /** A warning if a fixed rate would exceed ingest-service's per-device limit, else null. */
    public String rateLimitWarning() {
        if (rate > 0 && ratePerDevice() > DEVICE_RATE_LIMIT) {
            return String.format(Locale.ROOT,
                    "warning: %.0f req/s over %d devices is %.1f req/s per device, above the %.0f/s limit:"
                            + " expect 429s (use --devices %d or more)",
                    rate, devices, ratePerDevice(), DEVICE_RATE_LIMIT,
                    (int) Math.ceil(rate / DEVICE_RATE_LIMIT));
        }
        return null;
    }

    /** Patients the devices are spread over. */
    public int effectivePatients() {
        return patients == 0 ? devices : patients;
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

    /** {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1.5s}; a bare number is seconds. */
    public static Duration parseDuration(String name, String value) {
        Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new UsageException(name + ": not a duration: " + value + " (e.g. 30s, 500ms, 2m)");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> amount;
            case "s" -> amount * 1_000;
            case "m" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            default -> throw new IllegalStateException(unit);
        };
        if (millis > Duration.ofDays(1).toMillis()) {
            throw new UsageException(name + ": too long: " + value);
        }
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(name + ": not a whole number: " + value);
        }
    }

    private static double parseDouble(String name, String value) {
        try {
            return Double.parseDouble(value.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(name + ": not a number: " + value);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new UsageException(message);
        }
    }
}
