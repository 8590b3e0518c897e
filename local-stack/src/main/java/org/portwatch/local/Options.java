package org.portwatch.local;

import java.util.List;

/**
 * The command line of the local stack.
 *
 * @param patients    simulated patients (0 = none)
 * @param simulator   whether the wearable simulator runs
 * @param ingestPort  HTTP port of ingest-service
 * @param alertPort   HTTP port of alert-service
 * @param help        whether only the usage was asked for
 */
public record Options(int patients, boolean simulator, int ingestPort, int alertPort, boolean help) {

    public static final int DEFAULT_PATIENTS = 20;
    public static final int MAX_PATIENTS = 1000;
    public static final int DEFAULT_INGEST_PORT = 8080;
    public static final int DEFAULT_ALERT_PORT = 8081;

    public static final String USAGE = """
            Usage: ./run-local.sh [options]

            Starts Kafka, PostgreSQL, ingest-service and alert-service on this machine, registers
            simulated and demo devices, and runs the wearable simulator. Ctrl-C stops everything.

            Options:
              --patients N       simulated patients, 0 = none (default %d, at most %d)
              --no-simulator     register no simulated patients and run no simulator
              --ingest-port P    HTTP port of ingest-service (default %d)
              --alert-port P     HTTP port of alert-service (default %d)
              --help             print this help and exit
            """.formatted(DEFAULT_PATIENTS, MAX_PATIENTS, DEFAULT_INGEST_PORT, DEFAULT_ALERT_PORT);

    public static Options defaults() {
        return new Options(DEFAULT_PATIENTS, true, DEFAULT_INGEST_PORT, DEFAULT_ALERT_PORT, false);
    }

    /** Patients the simulator drives: none without the simulator. */
    public int simulatedPatients() {
        return simulator ? patients : 0;
    }

    /**
     * Parses the arguments; both {@code --flag value} and {@code --flag=value} are accepted.
     *
     * @throws UsageException with a one-line reason for any flag it does not understand
     */
    public static Options parse(List<String> args) {
        int patients = DEFAULT_PATIENTS;
        boolean simulator = true;
        int ingestPort = DEFAULT_INGEST_PORT;
        int alertPort = DEFAULT_ALERT_PORT;
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            switch (name) {
                case "--help", "-h" -> {
                    noValue(name, inline);
                    help = true;
                }
                case "--no-simulator" -> {
                    noValue(name, inline);
                    simulator = false;
                }
                case "--patients" -> {
                    String value = inline != null ? inline : next(args, ++i, name);
                    patients = integer(name, value, 0, MAX_PATIENTS);
                }
                case "--ingest-port" -> {
                    String value = inline != null ? inline : next(args, ++i, name);
                    ingestPort = integer(name, value, 1, 65535);
                }
                case "--alert-port" -> {
                    String value = inline != null ? inline : next(args, ++i, name);
                    alertPort = integer(name, value, 1, 65535);
                }
                default -> throw new UsageException("unknown option: " + arg);
            }
        }
        if (!help && ingestPort == alertPort) {
            throw new UsageException("--ingest-port and --alert-port must differ (both are " + ingestPort + ")");
        }
        return new Options(patients, simulator, ingestPort, alertPort, help);
    }

    private static void noValue(String name, String inline) {
        if (inline != null) {
            throw new UsageException(name + " takes no value");
        }
    }

    private static String next(List<String> args, int i, String name) {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new UsageException(name + " needs a value");
        }
        return args.get(i);
    }

    private static int integer(String name, String value, int min, int max) {
        int parsed;
        try {
            parsed = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " needs a whole number, not '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new UsageException(name + " must be between " + min + " and " + max + ", not " + parsed);
        }
        return parsed;
    }

    /** A command line the launcher cannot run: print the reason and the usage, exit 2. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
