package org.portwatch.ingest.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.portwatch.infra.testing.MetricsCatalog;
import org.portwatch.ingest.support.Devices;

/**
 * Every metric that the SREs' alert rules and dashboard (k8s/) read from ingest-service is really exposed at
 * /q/metrics. The names come from {@code k8s/base/observability/metrics-by-service.txt}, which k8s-validation
 * keeps equal to what the PrometheusRule and the Grafana dashboard reference, so a renamed meter fails here.
 */
@QuarkusTest
class ExposedMetricsTest {

    private static final String SERVICE = "ingest-service";

    @Test
    void shouldExposeEveryMetricThatTheAlertRulesAndDashboardReadWhenIngesting() {
        Set<String> wanted = MetricsCatalog.wantedBy(SERVICE);
        assertThat(wanted).as("metrics-by-service.txt names metrics of " + SERVICE).isNotEmpty();

        // One accepted reading (producer, publish timer, HTTP server meters) and one malformed request.
        Devices.Registered device = Devices.register();
        given().auth().oauth2(device.token()).contentType(ContentType.JSON)
                .body(Map.of("readings", List.of(Map.of("type", "HEART_RATE", "value", 72, "unit", "/min",
                        "measuredAt", Instant.now().toString()))))
                .when().post("/api/v1/readings").then().statusCode(202);
        given().auth().oauth2(device.token()).contentType(ContentType.JSON).body("{\"readings\": [")
                .when().post("/api/v1/readings").then().statusCode(400);

        Set<String> exposed = MetricsCatalog.exposedNames(given().when().get("/q/metrics").then().statusCode(200).extract().asString());
        Set<String> missing = new TreeSet<>(wanted);
        missing.removeAll(exposed);
        assertThat(missing).as("metrics the k8s rules/dashboard read from %s but /q/metrics lacks (exposed: %s)",
                SERVICE, exposed).isEmpty();
    }

}
