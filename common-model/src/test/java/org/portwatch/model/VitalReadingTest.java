package org.portwatch.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class VitalReadingTest {

    private static final Instant AT = Instant.parse("2026-11-28T10:15:30.250Z");

    @Test
    void shouldDeriveTheSameReadingIdForARetriedMeasurement() {
        String first = VitalReading.deriveReadingId("patch-1", VitalType.BODY_TEMPERATURE, AT);
        String retry = VitalReading.deriveReadingId("patch-1", VitalType.BODY_TEMPERATURE, Instant.parse("2026-11-28T10:15:30.250Z"));
        assertThat(retry).isEqualTo(first);
    }

    @Test
    void shouldDeriveDifferentReadingIdsForDifferentMeasurements() {
        String base = VitalReading.deriveReadingId("patch-1", VitalType.BODY_TEMPERATURE, AT);
        assertThat(VitalReading.deriveReadingId("patch-2", VitalType.BODY_TEMPERATURE, AT)).isNotEqualTo(base);
        assertThat(VitalReading.deriveReadingId("patch-1", VitalType.HEART_RATE, AT)).isNotEqualTo(base);
        assertThat(VitalReading.deriveReadingId("patch-1", VitalType.BODY_TEMPERATURE, AT.plusMillis(1))).isNotEqualTo(base);
    }

    @Test
    void shouldTellOffBodyReadings() {
        VitalReading reading = new VitalReading("r", "p", "d", VitalType.BODY_TEMPERATURE, 31.0, Units.CELSIUS, "Cel",
                AT, AT, MeasurementSite.SKIN, Activity.RESTING, SensorStatus.OFF_BODY);
        assertThat(reading.offBody()).isTrue();
        assertThat(new VitalReading("r", "p", "d", VitalType.BODY_TEMPERATURE, 36.5, Units.CELSIUS, "Cel",
                AT, AT, null, null, null).offBody()).isFalse();
    }
}
