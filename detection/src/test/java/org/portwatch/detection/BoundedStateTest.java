package org.portwatch.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.portwatch.detection.rules.PatientDetector;
import org.portwatch.detection.rules.PatientState;
import org.portwatch.model.Activity;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.MeasurementSite;
import org.portwatch.model.SensorStatus;
import org.portwatch.model.Thresholds;
import org.portwatch.model.VitalReading;
import org.portwatch.model.VitalType;

/**
 * docs/clinical-rules.md revision 2, "bounded": whatever one device sends, one patient's state stays under 64 KB, and
 * the detector still sees the patient's real episodes afterwards.
 */
class BoundedStateTest {

    private static final int LIMIT = 64 * 1024;
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    /** Floods a device might send, each 70,000 readings. */
    enum Flood {
        /** Heart rate crossing every line, 10 per second, received in one burst. */
        ALTERNATING_BURST(i -> hr(NOW.minusMillis(7_000_000L - i * 100L), new double[] {99, 101, 135, 88}[i % 4], NOW)),
        /** Ten random heart rates per second, streamed live for two hours. */
        STREAMED_TEN_HERTZ(i -> {
            Instant at = NOW.minusMillis(7_000_000L - i * 100L);
            return hr(at, 60 + new Random(i).nextInt(120), at.plusMillis(200));
        }),
        /** Random temperatures around the fever lines with the longest reading ids a device may send. */
        LONG_IDS(i -> {
            Instant at = NOW.minusMillis(7_000_000L - i * 100L);
            double value = 37.5 + new Random(i).nextInt(120) / 100.0;
            return new VitalReading("x".repeat(100) + i, "p", "patch", VitalType.BODY_TEMPERATURE, value, "Cel", "Cel",
                    at, at.plusSeconds(1), MeasurementSite.SKIN, null, SensorStatus.ON_BODY);
        }),
        /** The same instant over and over, under new readingIds and new values. */
        ONE_INSTANT(i -> new VitalReading("r" + i, "p", "patch", VitalType.HEART_RATE, 60 + i % 150, "/min", "/min",
                NOW.minusSeconds(60), NOW, MeasurementSite.WRIST, Activity.RESTING, SensorStatus.ON_BODY));

        final IntFunction<VitalReading> reading;

        Flood(IntFunction<VitalReading> reading) {
            this.reading = reading;
        }
    }

    private static VitalReading hr(Instant measured, double bpm, Instant received) {
        return new VitalReading("hr-" + measured.toEpochMilli(), "p", "watch", VitalType.HEART_RATE, bpm, "/min",
                "/min", measured, received, MeasurementSite.WRIST, Activity.RESTING, SensorStatus.ON_BODY);
    }

    @ParameterizedTest
    @EnumSource(Flood.class)
    void shouldKeepOnePatientsStateUnder64KilobytesWhateverOneDeviceSends(Flood flood) {
        PatientState state = new PatientState();
        int largest = 0;
        for (int i = 0; i < 70_000; i++) {
            VitalReading reading = flood.reading.apply(i);
            PatientDetector.onReading(state, reading, Thresholds.DEFAULTS, reading.receivedAt());
            if (i % 500 == 0 || i == 69_999) {
                largest = Math.max(largest, PatientStateSerde.write(state).length);
            }
        }

        assertThat(largest).as("largest state in bytes").isLessThan(LIMIT);
        assertThat(state.heartRates().size() + state.temperatures().size()).isLessThanOrEqualTo(2 * 240);
        System.out.printf("flood %s: largest state %d bytes, %d entries%n", flood, largest,
                state.heartRates().size() + state.temperatures().size());

        // The patient is still watched: a fever measured orally after the flood is an alert.
        Instant later = NOW.plusSeconds(120);
        java.util.List<AlertEvent> events = PatientDetector.onReading(state, new VitalReading("oral-1", "p", "thermometer",
                VitalType.BODY_TEMPERATURE, 38.6, "Cel", "Cel", later, later, MeasurementSite.ORAL, null,
                SensorStatus.ON_BODY), Thresholds.DEFAULTS, later).events();
        assertThat(events).extracting(AlertEvent::condition).contains(AlertCondition.FEVER);
    }
}
