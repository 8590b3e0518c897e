package org.portwatch.infra.prometheus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rule groups of a Prometheus operator {@code PrometheusRule}, as the plain rules file the operator hands to
 * Prometheus. One reader for everything that runs our alert rules: k8s-validation hands the file to promtool, and
 * {@link PrometheusServer} loads it into a real Prometheus during the tests.
 *
 * <p>{@link #timeScaled(Duration, Duration)} compresses the rules' time so that a test can watch a rule fire and
 * clear in seconds. Every duration the rules are written in — {@code for}, {@code keep_firing_for}, range windows
 * {@code [5m]}, subquery ranges and steps, {@code offset} — is multiplied by the same factor. That keeps each
 * rule's logic: its thresholds compare ratios, quantiles, gauges or "any increase", and none of those depends on
 * the time scale (a 5xx ratio over 5 s of a 60 s outage is the ratio over 5 min of a one-hour outage); the
 * relations between durations (the short and the long burn-rate window, how long a condition must hold relative
 * to the window it is measured on) stay as written. What is not scaled: thresholds that are values (counts,
 * seconds measured by the services on their own clock, such as an alert's age), which the test must drive as a
 * value. A range window needs a few scrapes to hold a rate, so scaled windows are raised to a floor.
 */
public final class PrometheusRules {

    /** The project's rules, relative to a module directory (the tests' working directory). */
    public static final Path PROJECT_RULE = Path.of("..", "k8s", "base", "observability", "prometheusrule.yaml");

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final String DURATION = "(?:\\d+(?:ms|s|m|h|d|w|y))+";
    private static final Pattern RANGE = Pattern.compile(
            "\\[\\s*(" + DURATION + ")\\s*(?::\\s*(" + DURATION + ")?\\s*)?]");
    private static final Pattern OFFSET = Pattern.compile("\\boffset\\s+(-?)(" + DURATION + ")");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");

    private final List<Map<String, Object>> groups;

    private PrometheusRules(List<Map<String, Object>> groups) {
        this.groups = groups;
    }

    /** The project's own rules ({@link #PROJECT_RULE}). */
    public static PrometheusRules project() {
        return fromPrometheusRule(PROJECT_RULE);
    }

    /** Reads a file holding one {@code PrometheusRule} resource. */
    public static PrometheusRules fromPrometheusRule(Path file) {
        try (var parser = new YAMLFactory().createParser(file.toFile())) {
            List<Map<String, Object>> documents = new ArrayList<>();
            var values = YAML.readValues(parser, Map.class);
            while (values.hasNext()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> document = (Map<String, Object>) values.next();
                if (document != null && !document.isEmpty()) {
                    documents.add(document);
                }
            }
            if (documents.size() != 1) {
                throw new IllegalArgumentException(file + " must hold exactly one PrometheusRule");
            }
            return fromResource(documents.get(0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The groups of a {@code PrometheusRule} given as a plain map (e.g. as Kustomize rendered it). */
    @SuppressWarnings("unchecked")
    public static PrometheusRules fromResource(Map<String, ?> resource) {
        if (!"PrometheusRule".equals(resource.get("kind"))) {
            throw new IllegalArgumentException("not a PrometheusRule: kind " + resource.get("kind"));
        }
        Map<String, Object> spec = (Map<String, Object>) resource.get("spec");
        List<Map<String, Object>> groups = new ArrayList<>();
        for (Object group : (List<Object>) spec.get("groups")) {
            groups.add(copy((Map<String, Object>) group));
        }
        return new PrometheusRules(groups);
    }

    /** The alert names, in the order of the file. */
    public List<String> alertNames() {
        List<String> names = new ArrayList<>();
        for (Map<String, Object> rule : rules()) {
            if (rule.get("alert") != null) {
                names.add((String) rule.get("alert"));
            }
        }
        return names;
    }

    /**
     * The same rules on a compressed clock: one minute of a rule lasts {@code oneMinute}; range windows are
     * never shorter than {@code minimumWindow} (give it a few scrape intervals, so a {@code rate} has samples).
     */
    public PrometheusRules timeScaled(Duration oneMinute, Duration minimumWindow) {
        if (oneMinute.isNegative() || oneMinute.isZero()) {
            throw new IllegalArgumentException("oneMinute must be positive: " + oneMinute);
        }
        double factor = factor(oneMinute);
        List<Map<String, Object>> scaled = new ArrayList<>();
        for (Map<String, Object> group : groups) {
            Map<String, Object> copy = copy(group);
            for (Map<String, Object> rule : rulesOf(copy)) {
                for (String key : List.of("for", "keep_firing_for")) {
                    if (rule.get(key) != null) {
                        rule.put(key, format(scale(parse((String) rule.get(key)), factor)));
                    }
                }
                rule.put("expr", scaleExpression(String.valueOf(rule.get("expr")), oneMinute, minimumWindow));
            }
            scaled.add(copy);
        }
        return new PrometheusRules(scaled);
    }

    static String scaleExpression(String expr, Duration oneMinute, Duration minimumWindow) {
        double factor = factor(oneMinute);
        Matcher range = RANGE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (range.find()) {
            Duration window = max(scale(parse(range.group(1)), factor), minimumWindow);
            String replacement = "[" + format(window);
            if (range.group(0).contains(":")) {
                replacement += ":" + (range.group(2) == null ? "" : format(scale(parse(range.group(2)), factor)));
            }
            range.appendReplacement(out, Matcher.quoteReplacement(replacement + "]"));
        }
        range.appendTail(out);
        Matcher offset = OFFSET.matcher(out.toString());
        StringBuilder result = new StringBuilder();
        while (offset.find()) {
            offset.appendReplacement(result, Matcher.quoteReplacement(
                    "offset " + offset.group(1) + format(scale(parse(offset.group(2)), factor))));
        }
        offset.appendTail(result);
        return result.toString();
    }

    /** The content of a Prometheus rules file: {@code groups: [...]}. */
    public Map<String, Object> asRulesFile() {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("groups", groups.stream().map(PrometheusRules::copy).toList());
        return file;
    }

    /** Writes the rules file and returns it. */
    public Path writeTo(Path file) {
        try {
            YAML.writeValue(file.toFile(), asRulesFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Every rule (alerting or recording) of every group. */
    public List<Map<String, Object>> rules() {
        return groups.stream().flatMap(g -> rulesOf(g).stream()).map(PrometheusRules::copy).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rulesOf(Map<String, Object> group) {
        List<Object> rules = (List<Object>) group.get("rules");
        return rules == null ? List.of() : rules.stream().map(r -> (Map<String, Object>) r).toList();
    }

    /** A Prometheus duration: one or more {@code <n><unit>} parts, largest unit first. */
    static Duration parse(String text) {
        Matcher part = PART.matcher(text.strip());
        Duration total = Duration.ZERO;
        int end = 0;
        while (part.find()) {
            if (part.start() != end) {
                throw new IllegalArgumentException("not a Prometheus duration: " + text);
            }
            long n = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                case "w" -> Duration.ofDays(7 * n);
                default -> Duration.ofDays(365 * n);
            });
            end = part.end();
        }
        if (end == 0 || end != text.strip().length()) {
            throw new IllegalArgumentException("not a Prometheus duration: " + text);
        }
        return total;
    }

    /** Prometheus' own notation, in whole milliseconds (never zero: a zero window or {@code for} means none). */
    static String format(Duration duration) {
        long millis = Math.max(1, duration.toMillis());
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    private static double factor(Duration oneMinute) {
        return oneMinute.toNanos() / (double) Duration.ofMinutes(1).toNanos();
    }

    private static Duration scale(Duration duration, double factor) {
        return Duration.ofNanos(Math.round(duration.toNanos() * factor));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, deepCopy(v)));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            return copy((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            return new ArrayList<>(list.stream().map(PrometheusRules::deepCopy).toList());
        }
        return value;
    }
}
