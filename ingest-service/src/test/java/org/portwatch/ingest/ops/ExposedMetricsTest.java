package org.portwatch.ingest.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.portwatch.ingest.support.Devices;

/**
 * Every metric that the SREs' alert rules and dashboard (k8s/) read from ingest-service is really exposed at
 * /q/metrics. The names come from {@code k8s/base/observability/metrics-by-service.txt}, which k8s-validation
 * keeps equal to what the PrometheusRule and the Grafana dashboard reference, so a renamed meter fails here.
 */
@QuarkusTest
class ExposedMetricsTest {

    private static final String SERVICE = "ingest-service";
    private static final Path METRICS_BY_SERVICE = Path.of("..", "k8s", "base", "observability", "metrics-by-service.txt");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);

    @Test
    void shouldExposeEveryMetricThatTheAlertRulesAndDashboardReadWhenIngesting() {
        Set<String> wanted = wantedBy(SERVICE);
        assertThat(wanted).as("metrics-by-service.txt names metrics of " + SERVICE).isNotEmpty();

        // One accepted reading (producer, publish timer, HTTP server meters) and one malformed request.
        Devices.Registered device = Devices.register();
        given().auth().oauth2(device.token()).contentType(ContentType.JSON)
                .body(Map.of("readings", List.of(Map.of("type", "HEART_RATE", "value", 72, "unit", "/min",
                        "measuredAt", Instant.now().toString()))))
                .when().post("/api/v1/readings").then().statusCode(202);
        given().auth().oauth2(device.token()).contentType(ContentType.JSON).body("{\"readings\": [")
                .when().post("/api/v1/readings").then().statusCode(400);

        Set<String> exposed = exposedNames(given().when().get("/q/metrics").then().statusCode(200).extract().asString());
        Set<String> missing = new TreeSet<>(wanted);
        missing.removeAll(exposed);
        assertThat(missing).as("metrics the k8s rules/dashboard read from %s but /q/metrics lacks (exposed: %s)",
                SERVICE, exposed).isEmpty();
    }

    /** The metric names of one service in the list: lines {@code <metric> <service>}, '#' comments. */
    static Set<String> wantedBy(String service) {
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
    static Set<String> exposedNames(String exposition) {
        Set<String> names = new TreeSet<>();
        Matcher m = SAMPLE.matcher(exposition);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
