package org.portwatch.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CareTeamLatencyTest {

    private final StringWriter err = new StringWriter();

    /** Exit code 2 and the reason, before the credentials are read or anything is sent (that would fail as 1). */
    private int run(String... args) {
        return new CommandLine(new CareTeamLatency()).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void shouldRefuseABadCommandLineBeforeTouchingTheStack() {
        assertThat(run("--events", "0")).isEqualTo(2);
        assertThat(run("--rate", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--events must be at least 1 and --rate positive");
        assertThat(run("--events", "lots")).isEqualTo(2);
        assertThat(run("--event", "5")).isEqualTo(2);
        assertThat(err.toString()).contains("'lots' is not an int").contains("Unknown options: '--event', '5'")
                .contains("Usage: care-team-latency", "--events=N", "--rate=R", "--out=FILE");
    }

    /**
     * Throughput from the first send counts the send and the wait for the first arrival; the drain counts only the
     * arrivals' own pace (the dispatcher behind a burst), and what never arrived counts in neither.
     */
    @Test
    void shouldTellTheDrainRateFromTheRateSinceTheFirstSend() {
        Map<String, Long> sent = Map.of("a", 0L, "b", 0L, "c", 0L, "d", 0L);
        Map<String, Long> arrived = Map.of("a", 1_000L, "b", 1_500L, "c", 2_000L);
        assertThat(CareTeamLatency.rate(0L, arrived, sent)).isEqualTo(1.5);
        assertThat(CareTeamLatency.drain(arrived, sent)).isEqualTo(2.0);
        assertThat(CareTeamLatency.drain(Map.of("a", 1_000L), sent)).isZero();
    }
}
