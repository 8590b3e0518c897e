package org.portwatch.local.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.portwatch.model.VitalType;

class DeviceScheduleTest {

    private static final Instant START = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void heartRateEveryMinuteTemperatureEveryFiveOnTheirPhases() {
        DeviceSchedule s = new DeviceSchedule(START, Duration.ofSeconds(7), Duration.ofSeconds(130), Duration.ZERO);
        List<DeviceSchedule.Due> history = s.dueBetween(START.minus(Duration.ofMinutes(30)), START);
        assertThat(history.stream().filter(d -> d.type() == VitalType.HEART_RATE)).hasSize(30);
        assertThat(history.stream().filter(d -> d.type() == VitalType.BODY_TEMPERATURE)).hasSize(6);
        assertThat(history).isSortedAccordingTo((a, b) -> a.at().compareTo(b.at()));
        assertThat(history.get(0)).isEqualTo(new DeviceSchedule.Due(VitalType.HEART_RATE, Instant.parse("2026-11-28T09:30:07Z")));
        assertThat(history).contains(new DeviceSchedule.Due(VitalType.BODY_TEMPERATURE, Instant.parse("2026-11-28T09:57:10Z")));
        assertThat(history).allMatch(d -> d.at().isAfter(START.minus(Duration.ofMinutes(30))) && !d.at().isAfter(START));
    }

    @Test
    void consecutiveWindowsNeitherRepeatNorSkip() {
        DeviceSchedule s = DeviceSchedule.jittered(START, Duration.ofSeconds(10), new Random(3));
        Instant t = START;
        int hr = 0;
        int temp = 0;
        for (int i = 0; i < 600; i++) {
            Instant next = t.plusMillis(997);
            for (DeviceSchedule.Due d : s.dueBetween(t, next)) {
                if (d.type() == VitalType.HEART_RATE) {
                    hr++;
                } else {
                    temp++;
                }
            }
            t = next;
        }
        // 598.2 s: about ten heart rates and two temperatures.
        assertThat(hr).isBetween(9, 10);
        assertThat(temp).isBetween(1, 2);
        assertThat(s.dueBetween(t, t)).isEmpty();
    }

    @Test
    void jitterStaysWithinItsBounds() {
        Random random = new Random(11);
        for (int i = 0; i < 200; i++) {
            DeviceSchedule s = DeviceSchedule.jittered(START, Duration.ofSeconds(10), random);
            assertThat(s.heartRatePhase()).isLessThan(Duration.ofMinutes(1));
            assertThat(s.temperaturePhase()).isLessThan(Duration.ofMinutes(5));
            assertThat(s.connectAt()).isBetween(START, START.plusSeconds(10));
        }
    }
}
