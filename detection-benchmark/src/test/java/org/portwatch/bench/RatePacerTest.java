package org.portwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RatePacerTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldSpreadRecordsEvenlyFromTheStart() {
        RatePacer pacer = new RatePacer(5000, 1_000);
        assertThat(pacer.dueTime(0)).isEqualTo(1_000);
        assertThat(pacer.dueTime(1)).isEqualTo(1_000 + 200_000);
        assertThat(pacer.dueTime(5000)).isEqualTo(1_000 + SECOND);
        assertThat(pacer.dueBy(999)).isZero();
        assertThat(pacer.dueBy(1_000)).isEqualTo(1);
        assertThat(pacer.dueBy(1_000 + 199_999)).isEqualTo(1);
        assertThat(pacer.dueBy(1_000 + 200_000)).isEqualTo(2);
        assertThat(pacer.dueBy(1_000 + SECOND)).isEqualTo(5001);
        assertThat(pacer.dueBy(1_000 + 60 * SECOND - 1)).isEqualTo(300_000);
    }

    @Test
    void dueByShouldAgreeWithDueTimeAtEveryBoundary() {
        RatePacer pacer = new RatePacer(3, 0); // 333,333,333.33 ns apart: rounding matters
        for (long i = 0; i < 1000; i++) {
            long t = pacer.dueTime(i);
            assertThat(pacer.dueBy(t)).isEqualTo(i + 1);
            assertThat(pacer.dueBy(t - 1)).isEqualTo(i);
        }
    }

    @Test
    void shouldSayHowLongToWaitAndHowLateASendIs() {
        RatePacer pacer = new RatePacer(1000, 0);
        assertThat(pacer.waitNanos(10, 4_000_000)).isEqualTo(6_000_000);
        assertThat(pacer.waitNanos(10, 12_000_000)).isZero();
        assertThat(pacer.lagNanos(10, 12_000_000)).isEqualTo(2_000_000);
        assertThat(pacer.lagNanos(10, 9_000_000)).isZero();
    }

    @Test
    void aSenderThatFellBehindMayCatchUpButTheScheduleDoesNotSlip() {
        RatePacer pacer = new RatePacer(100, 0);
        // Stalled for half a second after sending 10: 50 are due, so 40 go at once; the 51st waits as planned.
        assertThat(pacer.dueBy(SECOND / 2)).isEqualTo(51);
        assertThat(pacer.waitNanos(51, SECOND / 2)).isEqualTo(10_000_000);
    }

    @Test
    void shouldRefuseANonPositiveRate() {
        assertThatThrownBy(() -> new RatePacer(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
