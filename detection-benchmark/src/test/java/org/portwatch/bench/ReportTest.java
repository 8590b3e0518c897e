package org.portwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void theMedianShouldBeAMeasuredRun() {
        List<Map<String, Object>> runs = List.of(Map.of("r", 30L), Map.of("r", 10L), Map.of("r", 20L));
        assertThat(Report.median(runs, m -> m.get("r"))).isEqualTo(20.0);
        assertThat(Report.median(runs.subList(0, 2), m -> m.get("r"))).isEqualTo(10.0);
        assertThat(Report.median(List.of(), m -> m.get("r"))).isNull();
    }

    @Test
    void shouldWriteNumbersForPeople() {
        assertThat(Report.fmt(1234567.0)).isEqualTo("1,234,567");
        assertThat(Report.fmt(0.5)).isEqualTo("0.50");
        assertThat(Report.fmt(42L)).isEqualTo("42");
        assertThat(Report.fmt(null)).isEqualTo("null");
    }
}
