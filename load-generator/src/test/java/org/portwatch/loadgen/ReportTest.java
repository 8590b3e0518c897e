package org.portwatch.loadgen;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {

    private static Result result(Map<String, Long> statuses, long responses, long ok, long readings, double rate,
            Map<String, String> samples) {
        return new Result("http://127.0.0.1:8080", 100, rate, 64, 2, 1000, 10, 30,
                responses, ok, readings, new TreeMap<>(statuses),
                new Latency(ok, 1.5, 3.25, 12, 40.5, 80, 2.1),
                new Latency(responses, 1.2, 3, 11, 40, 80, 1.9),
                rate > 0 ? 120_000 : 0, rate > 0 ? 119_000 : 0, 7.5, 3, 85.25, samples, 1_700_000_000_000L);
    }

    @Test
    void cleanRunShowsThroughputAndPercentiles() {
        Result r = result(Map.of("202", 30_000L), 30_000, 30_000, 3_000_000, 0, Map.of());
        String text = Report.text(r);
        assertThat(text)
                .contains("batch=100", "rate=flat-out", "connections=64", "devices=1000")
                .contains("1000 req/s (202: 1000 req/s)  100000 readings/s accepted")
                .contains("30000 to requests of the window: 202=30000")
                .contains("p50=1.5 p90=3.25 p99=12 p99.9=40.5 max=80 mean=2.1")
                .contains("85.25 % of one core")
                .doesNotContain("NOT 202", "REJECTED", "schedule", "all outcomes", "intended");
    }

    @Test
    void anythingNot202IsCountedAndShownWithASample() {
        Map<String, Long> statuses = new LinkedHashMap<>();
        statuses.put("202", 29_000L);
        statuses.put("429", 900L);
        statuses.put("ERR:timeout", 100L);
        Result r = result(statuses, 30_000, 29_000, 2_899_000, 0,
                Map.of("429", "{\"title\":\"Too Many Requests\"}"));
        String text = Report.text(r);
        assertThat(text)
                .contains("202=29000, 429=900, ERR:timeout=100")
                .contains("NOT 202     1000 responses (3.33 % of all) were not 202")
                .contains("sample 429: {\"title\":\"Too Many Requests\"}")
                .contains("REJECTED    1000 readings")
                .contains("(all outcomes)");
        assertThat(r.requestsPerSecond()).isEqualTo(1000.0);
        assertThat(r.acceptedRequestsPerSecond()).isCloseTo(966.67, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void fixedRateShowsTheScheduleAndWhetherItWasKept() {
        Result r = result(Map.of("202", 30_000L), 30_000, 30_000, 3_000_000, 4000, Map.of());
        assertThat(Report.text(r))
                .contains("rate=4000/s")
                .contains("from intended send time")
                .contains("schedule    120000 due, 119000 sent in window, max send lag 7.5 ms");
        Result behind = new Result("t", 1, 4000, 1, 1, 1, 0, 1, 0, 0, 0, Map.of(), Latency.EMPTY, Latency.EMPTY,
                4000, 3000, 250, 0, 0, Map.of(), 0);
        assertThat(Report.text(behind)).contains("RATE NOT SUSTAINED").contains("no samples");
    }

    @Test
    void jsonIsOneParsableLineWithEveryFigure() {
        Result r = result(Map.of("202", 29_000L, "503", 1_000L), 30_000, 29_000, 2_900_000, 0,
                Map.of("503", "broker down"));
        String line = Report.json(r).encode();
        assertThat(line).doesNotContain("\n");
        JsonObject json = new JsonObject(line);
        assertThat(json.getDouble("requestsPerSecond")).isEqualTo(1000.0);
        assertThat(json.getDouble("acceptedRequestsPerSecond")).isEqualTo(966.67);
        assertThat(json.getDouble("readingsPerSecond")).isEqualTo(96666.67);
        assertThat(json.getLong("non202")).isEqualTo(1000);
        assertThat(json.getJsonObject("statusCounts").getLong("503")).isEqualTo(1000);
        assertThat(json.getJsonObject("latencyMs").getDouble("p99")).isEqualTo(12.0);
        assertThat(json.getJsonObject("latencyMs").getDouble("p999")).isEqualTo(40.5);
        assertThat(json.getJsonObject("samples").getString("503")).isEqualTo("broker down");
        assertThat(json.getInteger("batch")).isEqualTo(100);
        assertThat(json.getLong("windowStartEpochMs")).isEqualTo(1_700_000_000_000L);
        assertThat(json.getLong("windowEndEpochMs")).isEqualTo(1_700_000_030_000L);
    }

    @Test
    void numbersHaveAtMostTwoDecimals() {
        assertThat(Report.fmt(1234.5)).isEqualTo("1234.5");
        assertThat(Report.fmt(0.254)).isEqualTo("0.25");
        assertThat(Report.fmt(17.0)).isEqualTo("17");
        assertThat(Report.fmt(8123.456)).isEqualTo("8123.46");
        assertThat(Report.statuses(Map.of())).isEqualTo("none");
    }
}
