package org.portwatch.loadgen;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateScheduleTest {

    private static final long START = 5_000_000_000L;

    @Test
    void intendedTimesAreEvenlySpaced() {
        RateSchedule s = new RateSchedule(START, 1000);
        assertThat(s.intendedTime(0)).isEqualTo(START);
        assertThat(s.intendedTime(1)).isEqualTo(START + 1_000_000);
        assertThat(s.intendedTime(1000)).isEqualTo(START + 1_000_000_000);
    }

    @Test
    void dueCountsEveryRequestWhoseTimeHasCome() {
        RateSchedule s = new RateSchedule(START, 1000);
        assertThat(s.dueBy(START - 1)).isZero();
        assertThat(s.dueBy(START)).isEqualTo(1);
        assertThat(s.dueBy(START + 999_999)).isEqualTo(1);
        assertThat(s.dueBy(START + 1_000_000)).isEqualTo(2);
        assertThat(s.dueBy(START + 1_000_000_000)).isEqualTo(1001);
    }

    @Test
    void noDriftOverALongRunAtAnAwkwardRate() {
        RateSchedule s = new RateSchedule(START, 3); // 333,333,333.33 ns apart
        long millionSeconds = 1_000_000_000_000_000L;
        assertThat(s.intendedTime(3_000_000)).isEqualTo(START + millionSeconds);
        assertThat(s.dueBy(START + millionSeconds)).isEqualTo(3_000_001);
        assertThat(s.dueBy(START + millionSeconds - 1)).isEqualTo(3_000_000);
    }

    @Test
    void dueByAgreesWithIntendedTimeEverywhere() {
        RateSchedule s = new RateSchedule(START, 7919.3);
        for (long k = 0; k < 20_000; k++) {
            long t = s.intendedTime(k);
            assertThat(s.dueBy(t)).as("at request %d", k).isEqualTo(k + 1);
            assertThat(s.dueBy(t - 1)).as("just before request %d", k).isEqualTo(k);
        }
    }

    @Test
    void windowCountIsRateTimesLength() {
        RateSchedule s = new RateSchedule(START, 8000);
        long tenSeconds = 10_000_000_000L;
        assertThat(s.dueBetween(START + tenSeconds, START + 4 * tenSeconds)).isEqualTo(240_000);
        assertThat(s.dueBetween(START - tenSeconds, START)).isZero();
    }

    @Test
    void sharesInterleaveIntoTheTotalRate() {
        int n = 3;
        double total = 1200;
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RateSchedule share = RateSchedule.share(START, total, i, n);
            assertThat(share.ratePerSecond()).isEqualTo(400);
            for (long k = 0; k < 400; k++) {
                times.add(share.intendedTime(k));
            }
        }
        times.sort(null);
        RateSchedule whole = new RateSchedule(START, total);
        for (int k = 0; k < times.size(); k++) {
            assertThat(times.get(k)).isCloseTo(whole.intendedTime(k), org.assertj.core.data.Offset.offset(2L));
        }
        assertThatThrownBy(() -> RateSchedule.share(START, total, 3, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timerDelayIsAtLeastOneMillisecondAndRoundsUp() {
        RateSchedule s = new RateSchedule(START, 100); // 10 ms apart
        assertThat(s.millisUntil(1, START)).isEqualTo(10);
        assertThat(s.millisUntil(1, START + 9_500_000)).isEqualTo(1);
        assertThat(s.millisUntil(1, START + 8_500_000)).isEqualTo(2);
        assertThat(s.millisUntil(1, START + 50_000_000)).isEqualTo(1); // overdue
    }

    @Test
    void rateMustBePositive() {
        assertThatThrownBy(() -> new RateSchedule(START, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateSchedule(START, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
