package org.portwatch.local.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portwatch.model.VitalType;

class OutboxTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    private static List<SimReading> readings(int from, int count) {
        List<SimReading> list = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            list.add(new SimReading("r" + i, VitalType.HEART_RATE, 70, "/min", NOW.plusSeconds(i), null, null, null));
        }
        return list;
    }

    @Test
    void verdicts() {
        assertThat(Outbox.verdict(202)).isEqualTo(Outbox.Verdict.DELIVERED);
        assertThat(Outbox.verdict(200)).isEqualTo(Outbox.Verdict.DELIVERED);
        assertThat(Outbox.verdict(429)).isEqualTo(Outbox.Verdict.RETRY);
        assertThat(Outbox.verdict(503)).isEqualTo(Outbox.Verdict.RETRY);
        assertThat(Outbox.verdict(500)).isEqualTo(Outbox.Verdict.RETRY);
        assertThat(Outbox.verdict(408)).isEqualTo(Outbox.Verdict.RETRY);
        assertThat(Outbox.verdict(-1)).isEqualTo(Outbox.Verdict.RETRY);
        assertThat(Outbox.verdict(400)).isEqualTo(Outbox.Verdict.DROP);
        assertThat(Outbox.verdict(401)).isEqualTo(Outbox.Verdict.DROP);
        assertThat(Outbox.verdict(413)).isEqualTo(Outbox.Verdict.DROP);
    }

    @Test
    void batchesOfAtMostFiveHundredOneInFlight() {
        Outbox box = new Outbox(10_000);
        box.add(readings(0, 1200));
        List<SimReading> first = box.take(NOW);
        assertThat(first).hasSize(500);
        assertThat(first.get(0).readingId()).isEqualTo("r0");
        assertThat(box.take(NOW)).as("one request in flight at a time").isEmpty();
        box.delivered();
        assertThat(box.take(NOW)).hasSize(500).first().extracting(SimReading::readingId).isEqualTo("r500");
        box.delivered();
        assertThat(box.take(NOW)).hasSize(200);
        box.delivered();
        assertThat(box.size()).isZero();
        assertThat(box.take(NOW)).isEmpty();
    }

    @Test
    void retryKeepsTheReadingsInOrderAndWaitsAsAsked() {
        Outbox box = new Outbox(10_000);
        box.add(readings(0, 3));
        List<SimReading> batch = box.take(NOW);
        box.add(readings(3, 2));
        box.retryLater(NOW, Duration.ofSeconds(5));
        assertThat(box.size()).isEqualTo(5);
        assertThat(box.take(NOW.plusSeconds(4))).isEmpty();
        List<SimReading> again = box.take(NOW.plusSeconds(5));
        assertThat(again).extracting(SimReading::readingId).containsExactly("r0", "r1", "r2", "r3", "r4");
        assertThat(again.subList(0, 3)).isEqualTo(batch);
    }

    @Test
    void backoffWithoutRetryAfterGrowsToThirtySecondsAndResetsOnSuccess() {
        assertThat(Outbox.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Outbox.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Outbox.backoff(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(Outbox.backoff(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(Outbox.backoff(60)).isEqualTo(Duration.ofSeconds(30));

        Outbox box = new Outbox(100);
        box.add(readings(0, 1));
        box.take(NOW);
        box.retryLater(NOW, null);
        assertThat(box.notBefore()).isEqualTo(NOW.plusSeconds(1));
        box.take(NOW.plusSeconds(1));
        box.retryLater(NOW.plusSeconds(1), null);
        assertThat(box.notBefore()).isEqualTo(NOW.plusSeconds(3));
        box.take(NOW.plusSeconds(3));
        box.delivered();
        box.add(readings(1, 1));
        assertThat(box.take(NOW.plusSeconds(3))).hasSize(1);
    }

    @Test
    void dropOnlyWhatWasInFlightAndOverflowDropsTheOldest() {
        Outbox box = new Outbox(5);
        box.add(readings(0, 2));
        box.take(NOW);
        box.add(readings(2, 1));
        assertThat(box.dropInFlight()).isEqualTo(2);
        assertThat(box.size()).isEqualTo(1);

        assertThat(box.add(readings(3, 6))).isEqualTo(2);
        assertThat(box.take(NOW)).extracting(SimReading::readingId).containsExactly("r4", "r5", "r6", "r7", "r8");
    }
}
