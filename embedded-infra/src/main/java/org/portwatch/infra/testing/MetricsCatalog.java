package org.portwatch.infra.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metrics SREs rely on, as the Kubernetes alert rules and Grafana dashboard list them
 * ({@code k8s/base/observability/metrics-by-service.txt}), and the names a service really exposes: each
 * service's test compares the two on a running instance.
 */
public final class MetricsCatalog {

    /** The list, from a service module's directory (the tests' working directory). */
    public static final Path METRICS_BY_SERVICE = Path.of("..", "k8s", "base", "observability", "metrics-by-service.txt");

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);

    private MetricsCatalog() {
    }

    /** The metric names of one service in the list: lines {@code <metric> <service>}, '#' comments. */
    public static Set<String> wantedBy(String service) {
        try {
            Set<String> names = new TreeSet<>();
            for (String line : Files.readAllLines(METRICS_BY_SERVICE)) {
                String[] fields = line.strip().split("\\s+");
                if (fields.length == 2 && !fields[0].startsWith("#") && fields[1].equals(service)) {
                    names.add(fields[0]);
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample names of a Prometheus text exposition. */
    public static Set<String> exposedNames(String exposition) {
        Set<String> names = new TreeSet<>();
        Matcher m = SAMPLE.matcher(exposition);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
