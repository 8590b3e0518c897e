package org.portwatch.loadgen;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class StatsTest {

    @Test
    void parsesTheAcceptedCount() {
        assertThat(Stats.parseAccepted("{\"accepted\":100,\"rejected\":[]}")).isEqualTo(100);
        assertThat(Stats.parseAccepted("{\"rejected\":[], \"accepted\" : 7}")).isEqualTo(7);
        assertThat(Stats.parseAccepted("{\"accepted\":null}")).isEqualTo(-1);
        assertThat(Stats.parseAccepted("")).isEqualTo(-1);
        assertThat(Stats.parseAccepted(null)).isEqualTo(-1);
    }

    @Test
    void namesFailuresThatHadNoAnswer() {
        assertThat(Stats.errorKey(new TimeoutException("x"))).isEqualTo("ERR:timeout");
        assertThat(Stats.errorKey(new ConnectException("Connection refused"))).isEqualTo("ERR:connect");
        assertThat(Stats.errorKey(new IllegalStateException("Connection was closed"))).isEqualTo("ERR:closed");
        assertThat(Stats.errorKey(new IllegalArgumentException("odd"))).isEqualTo("ERR:IllegalArgumentException");
    }

    @Test
    void recordsAndMerges() {
        Stats a = new Stats();
        a.record("202", 2_000_000, 100, null);
        a.record("429", 500_000, 0, "{\"status\":429}");
        Stats b = new Stats();
        b.record("202", 4_000_000, 98, null);
        b.record("429", 700_000, 0, "another body");
        b.record("ERR:timeout", 10_000_000_000L, 0, "timeout");
        b.maxLagNanos = 9;
        a.merge(b);
        assertThat(a.responses).isEqualTo(5);
        assertThat(a.accepted202).isEqualTo(2);
        assertThat(a.acceptedReadings).isEqualTo(198);
        assertThat(a.statusCounts).containsEntry("202", 2L).containsEntry("429", 2L).containsEntry("ERR:timeout", 1L);
        assertThat(a.samples).containsEntry("429", "{\"status\":429}").containsEntry("ERR:timeout", "timeout");
        assertThat(a.accepted.getTotalCount()).isEqualTo(2);
        assertThat(a.accepted.getMaxValue()).isBetween(3_990L, 4_010L);
        assertThat(a.all.getTotalCount()).isEqualTo(5);
        assertThat(a.maxLagNanos).isEqualTo(9);
        Latency l = Latency.ofMicros(a.accepted);
        assertThat(l.count()).isEqualTo(2);
        assertThat(l.p50()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(l.max()).isCloseTo(4.0, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void abbreviatesLongBodiesOnOneLine() {
        assertThat(Stats.abbreviate("a\n  b", 10)).isEqualTo("a b");
        assertThat(Stats.abbreviate("x".repeat(20), 5)).isEqualTo("xxxxx...");
    }
}
