package org.portwatch.infra.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusRulesTest {

    @Test
    void shouldReadEveryAlertOfTheProjectsPrometheusRule() {
        PrometheusRules rules = PrometheusRules.project();
        assertTrue(rules.alertNames().containsAll(java.util.List.of("PortwatchIngestErrorRateHigh",
                "PortwatchTargetDown", "PortwatchNotificationOutboxBacklog")), rules.alertNames().toString());
        assertEquals(rules.alertNames().size(), rules.rules().size());
    }

    @Test
    void shouldScaleEveryDurationOfARuleByTheSameFactorKeepingWindowsAboveTheFloor() {
        Duration minute = Duration.ofSeconds(1);
        Duration floor = Duration.ofSeconds(4);
        assertEquals("sum(rate(x[5s])) / sum(rate(x[60s])) > 0.01",
                PrometheusRules.scaleExpression("sum(rate(x[5m])) / sum(rate(x[1h])) > 0.01", minute, floor));
        assertEquals("increase(y{a=~\"[45]..\"}[4s]) > 0 and z offset 90s",
                PrometheusRules.scaleExpression("increase(y{a=~\"[45]..\"}[2m]) > 0 and z offset 1h30m", minute,
                        floor));
        assertEquals("max_over_time(rate(x[4s])[30s:1s])",
                PrometheusRules.scaleExpression("max_over_time(rate(x[1m])[30m:1m])", minute, floor));

        PrometheusRules scaled = PrometheusRules.project().timeScaled(Duration.ofMillis(500), floor);
        Map<String, Object> targetDown = scaled.rules().stream()
                .filter(r -> "PortwatchTargetDown".equals(r.get("alert"))).findFirst().orElseThrow();
        assertEquals("2500ms", targetDown.get("for"));
        Map<String, Object> errorRate = scaled.rules().stream()
                .filter(r -> "PortwatchIngestErrorRateHigh".equals(r.get("alert"))).findFirst().orElseThrow();
        String expr = (String) errorRate.get("expr");
        assertTrue(expr.contains("[4s]") && expr.contains("[30s]") && !expr.contains("m]"), expr);
    }

    @Test
    void shouldRefuseWhatIsNotAPrometheusDuration() {
        assertEquals(Duration.ofMinutes(90), PrometheusRules.parse("1h30m"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusRules.parse("5 minutes"));
    }
}
