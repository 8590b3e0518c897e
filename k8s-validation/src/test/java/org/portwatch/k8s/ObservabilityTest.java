package org.portwatch.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.portwatch.infra.prometheus.PrometheusRules;

/**
 * The alert rules and the dashboard: valid for Prometheus (promtool), firing on the series they watch, each rule
 * with its runbook section, and every metric they read accounted for: exposed by a service (its ExposedMetricsTest
 * scrapes it) or by the platform.
 */
class ObservabilityTest {

    private static final Path RUNBOOK = Repo.ROOT.resolve("docs/runbook.md");
    private static final Path METRICS_BY_SERVICE = Repo.K8S.resolve("base/observability/metrics-by-service.txt");
    private static final String RUNBOOK_URL = "https://github.com/portwatch/portwatch/blob/main/docs/runbook.md#";
    /** Who may expose a metric the rules read: the two services, or the platform (kube-state-metrics, Prometheus). */
    private static final Set<String> SOURCES = Set.of("ingest-service", "alert-service", "kube-state-metrics",
            "prometheus");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}");
    private static final Pattern JOB = Pattern.compile("\\bjob\\s*=\\s*\"([^\"]+)\"");

    private static PrometheusRule rule() {
        return Repo.manifests("base").one(PrometheusRule.class, "portwatch");
    }

    private static List<Rule> alerts() {
        return rule().getSpec().getGroups().stream().flatMap(g -> g.getRules().stream()).toList();
    }

    private static String expr(Rule rule) {
        return rule.getExpr().getStrVal();
    }

    /** The rules as a plain Prometheus rules file, which is what the operator hands to Prometheus. */
    private static Path rulesFile(Path dir) {
        return renderedRules().writeTo(dir.resolve("portwatch-rules.yaml"));
    }

    @SuppressWarnings("unchecked")
    private static PrometheusRules renderedRules() {
        return PrometheusRules.fromResource(new KubernetesSerialization().convertValue(rule(), Map.class));
    }

    private static String promtool(Path dir, String... args) throws Exception {
        Path promtool = java.util.stream.Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
                .map(p -> Path.of(p, "promtool")).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError("promtool is not installed: it comes with the Debian package "
                        + "'prometheus' (apt-get install prometheus; .ci/run installs it)"));
        List<String> command = new ArrayList<>();
        command.add(promtool.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("promtool did not finish: " + output);
        }
        assertThat(process.exitValue()).as("promtool %s:%n%s", String.join(" ", args), output).isZero();
        return output;
    }

    @Test
    void shouldPassPromtoolCheckRules(@TempDir Path dir) throws Exception {
        Path file = rulesFile(dir);
        String output = promtool(dir, "check", "rules", file.getFileName().toString());
        assertThat(output).contains("SUCCESS: " + alerts().size() + " rules found");
    }

    /**
     * The fault-injection suite runs these rules in a real Prometheus on a compressed clock: that must be the
     * rules as deployed, and every one of them must stay valid once its durations are scaled.
     */
    @Test
    void shouldHandTheFaultSuitesPrometheusTheDeployedRulesValidOnACompressedClock(@TempDir Path dir)
            throws Exception {
        assertThat(PrometheusRules.project().asRulesFile()).isEqualTo(renderedRules().asRulesFile());
        PrometheusRules scaled = renderedRules().timeScaled(Duration.ofSeconds(1), Duration.ofSeconds(4));
        assertThat(scaled.alertNames()).isEqualTo(renderedRules().alertNames());
        assertThat(scaled.rules()).allSatisfy(r -> assertThat(String.valueOf(r.get("expr")) + " " + r.get("for"))
                .as((String) r.get("alert")).doesNotContainPattern("\\d+[mhdwy]\\b"));
        scaled.writeTo(dir.resolve("scaled-rules.yaml"));
        String output = promtool(dir, "check", "rules", "scaled-rules.yaml");
        assertThat(output).contains("SUCCESS: " + alerts().size() + " rules found");
    }

    @Test
    void shouldFireEachPagingRuleOnTheSeriesItWatchesAndStayQuietOtherwise(@TempDir Path dir) throws Exception {
        rulesFile(dir);
        Path tests = dir.resolve("rules-test.yaml");
        try (var in = getClass().getResourceAsStream("/promtool/rules-test.yaml")) {
            Files.copy(in, tests);
        }
        String output = promtool(dir, "test", "rules", tests.getFileName().toString());
        assertThat(output).contains("SUCCESS");
    }

    @Test
    void shouldGiveEveryAlertASeveritySummaryAndItsOwnRunbookSection() {
        Set<String> anchors = new TreeSet<>();
        Set<String> alertSections = new TreeSet<>();
        for (String line : Repo.read(RUNBOOK).split("\n")) {
            if (line.startsWith("#")) {
                String heading = line.replaceFirst("^#+\\s*", "").strip();
                anchors.add(githubAnchor(heading));
                if (line.startsWith("## Portwatch")) {
                    alertSections.add(heading);
                }
            }
        }
        List<String> names = new ArrayList<>();
        for (Rule alert : alerts()) {
            String name = alert.getAlert();
            assertThat(name).as("every rule of the PrometheusRule is an alert").isNotNull();
            names.add(name);
            assertThat(alert.getLabels()).as(name).containsKey("severity");
            assertThat(alert.getLabels().get("severity")).as(name + " severity").isIn("critical", "warning");
            assertThat(alert.getAnnotations()).as(name).containsKeys("summary", "description", "runbook_url");
            String url = alert.getAnnotations().get("runbook_url");
            assertThat(url).as(name + " runbook").startsWith(RUNBOOK_URL);
            assertThat(anchors).as(name + " runbook anchor").contains(url.substring(RUNBOOK_URL.length()));
            assertThat(url.substring(RUNBOOK_URL.length())).isEqualTo(githubAnchor(name));
        }
        assertThat(names).doesNotHaveDuplicates();
        assertThat(alertSections).as("one runbook section per alert, none for an alert that does not exist")
                .containsExactlyInAnyOrderElementsOf(names);
    }

    /** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
    static String githubAnchor(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }

    @Test
    void shouldListEveryMetricTheRulesAndDashboardReadWithTheSourceThatExposesIt() throws IOException {
        Map<String, Set<String>> listed = new TreeMap<>();
        for (String line : Files.readAllLines(METRICS_BY_SERVICE)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] fields = trimmed.split("\\s+");
            assertThat(fields).as("line '%s' is '<metric> <source>'", line).hasSize(2);
            assertThat(SOURCES).as("source of " + fields[0]).contains(fields[1]);
            assertThat(listed.computeIfAbsent(fields[0], k -> new TreeSet<>()).add(fields[1]))
                    .as("listed twice: " + trimmed).isTrue();
        }

        Map<String, Set<String>> jobsByMetric = new HashMap<>();
        List<String> expressions = new ArrayList<>(alerts().stream().map(ObservabilityTest::expr).toList());
        expressions.addAll(dashboardExpressions());
        Set<String> used = new TreeSet<>();
        for (String expression : expressions) {
            used.addAll(PromQl.metricNames(expression));
            Matcher selector = SELECTOR.matcher(expression);
            while (selector.find()) {
                Matcher job = JOB.matcher(selector.group(2));
                if (job.find()) {
                    jobsByMetric.computeIfAbsent(selector.group(1), k -> new TreeSet<>()).add(job.group(1));
                }
            }
        }
        assertThat(listed.keySet()).as("metrics-by-service.txt lists exactly what the rules and dashboard read")
                .containsExactlyInAnyOrderElementsOf(used);
        // Prometheus' own per-target series (up) carry the job of the target they describe, not their source's.
        jobsByMetric.entrySet().stream().filter(e -> !listed.get(e.getKey()).contains("prometheus"))
                .forEach(e -> assertThat(listed.get(e.getKey())).as("sources of " + e.getKey())
                        .containsExactlyInAnyOrderElementsOf(e.getValue()));
    }

    @Test
    void shouldShipTheDashboardToGrafanaAsALabelledConfigMapWithAQueryInEveryPanel() throws IOException {
        ConfigMap map = Repo.manifests("base").one(ConfigMap.class, "portwatch-dashboard");
        assertThat(map.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        JsonNode dashboard = new ObjectMapper().readTree(map.getData().get("portwatch-dashboard.json"));
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(dashboard.path("templating").path("list").findValuesAsText("name")).contains("datasource");
        int panels = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            panels++;
            assertThat(panel.path("targets")).as("panel " + panel.path("title")).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText()).as("panel " + panel.path("title")).isNotBlank();
                assertThat(PromQl.metricNames(target.path("expr").asText())).isNotEmpty();
            }
        }
        assertThat(panels).isGreaterThanOrEqualTo(20);
        // Every PromQL of the dashboard parses: promtool reads it as a recording rule.
        assertThat(dashboardExpressions()).allSatisfy(e -> assertThat(e).doesNotContain("$__"));
    }

    @Test
    void shouldParseEveryDashboardQueryWithPromtool(@TempDir Path dir) throws Exception {
        List<Map<String, Object>> rules = new ArrayList<>();
        int i = 0;
        for (String expression : dashboardExpressions()) {
            rules.add(Map.of("record", "portwatch:dashboard_query_" + i++, "expr", expression));
        }
        Path file = dir.resolve("dashboard-queries.yaml");
        new YAMLMapper().writeValue(file.toFile(), Map.of("groups", List.of(Map.of("name", "dashboard",
                "rules", rules))));
        promtool(dir, "check", "rules", file.getFileName().toString());
    }

    static List<String> dashboardExpressions() {
        try {
            JsonNode dashboard = new ObjectMapper().readTree(
                    Repo.K8S.resolve("base/observability/portwatch-dashboard.json").toFile());
            return dashboard.findValuesAsText("expr");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
