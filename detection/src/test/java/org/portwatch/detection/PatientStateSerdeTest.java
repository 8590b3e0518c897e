package org.portwatch.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.portwatch.detection.rules.PatientDetector;
import org.portwatch.detection.rules.PatientState;
import org.portwatch.model.Activity;
import org.portwatch.model.MeasurementSite;
import org.portwatch.model.SensorStatus;
import org.portwatch.model.Thresholds;
import org.portwatch.model.VitalReading;
import org.portwatch.model.VitalType;

class PatientStateSerdeTest {

    private final PatientStateSerde serde = new PatientStateSerde();

    /** Six hours of a wearable at the usual cadence: heart rate each minute, temperature every 5 minutes. */
    private static PatientState sixHoursOfReadings(double fever) {
        PatientState state = new PatientState();
        Instant start = Instant.parse("2026-11-28T00:00:00Z");
        for (int minute = 0; minute < 360; minute++) {
            Instant at = start.plus(minute, ChronoUnit.MINUTES);
            PatientDetector.onReading(state, new VitalReading("hr-" + minute + "-" + java.util.UUID.randomUUID(), "p",
                    "d", VitalType.HEART_RATE, 70 + minute % 20, "/min", "/min", at, at.plusSeconds(5),
                    MeasurementSite.WRIST, Activity.RESTING, SensorStatus.ON_BODY), Thresholds.DEFAULTS, at);
            if (minute % 5 == 0) {
                PatientDetector.onReading(state, new VitalReading("t-" + minute + "-" + java.util.UUID.randomUUID(),
                        "p", "d", VitalType.BODY_TEMPERATURE, fever, "Cel", "Cel", at, at.plusSeconds(5),
                        MeasurementSite.SKIN, Activity.RESTING, SensorStatus.ON_BODY), Thresholds.DEFAULTS, at);
            }
        }
        return state;
    }

    @Test
    void shouldRoundTripThePatientState() {
        PatientState state = sixHoursOfReadings(38.4);
        byte[] bytes = serde.serializer().serialize("t", state);
        PatientState back = serde.deserializer().deserialize("t", bytes);

        assertThat(back.samples()).isEqualTo(state.samples());
        assertThat(back.tracked()).isEqualTo(state.tracked());
        assertThat(back.lastReceivedAt()).isEqualTo(state.lastReceivedAt());
        assertThat(back.lastLiveAt()).isEqualTo(state.lastLiveAt());
    }

    @Test
    void shouldKeepValuesExactlyAsMeasured() {
        PatientState state = new PatientState();
        Instant at = Instant.parse("2026-11-28T00:00:00Z");
        for (double value : new double[] {37.996, 37.997777777777, 38.0, 36.55}) {
            at = at.plusSeconds(1800);
            PatientDetector.onReading(state, new VitalReading("t-" + value, "p", "d", VitalType.BODY_TEMPERATURE, value,
                    "Cel", "Cel", at, at, MeasurementSite.SKIN, null, SensorStatus.ON_BODY), Thresholds.DEFAULTS, at);
        }
        PatientState back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", state));

        assertThat(back.temperatures()).extracting(s -> s.min())
                .containsExactly(37.996, 37.997777777777, 38.0, 36.55);
    }

    @Test
    void shouldKeepASteadyPatientsStateUnderTwoKilobytes() {
        PatientState healthy = sixHoursOfReadings(36.8);
        // 2 h lateness + 1 h rule horizon of 180 heart rates and 36 temperatures, reduced to stretches that
        // every rule reads alike (issue 9: ≤ 2 KB per patient at steady state).
        int healthyBytes = serde.serializer().serialize("t", healthy).length;
        assertThat(healthyBytes).isLessThanOrEqualTo(2048);
        assertThat(healthy.samples().stream().mapToInt(s -> s.count()).sum()).isBetween(200, 220);

        // In a fever the open alert keeps up to 3 more hours of its evidence (and reading ids): still small.
        int febrileBytes = serde.serializer().serialize("t", sixHoursOfReadings(38.4)).length;
        assertThat(febrileBytes).isLessThanOrEqualTo(4096);
        System.out.printf("state bytes per patient: healthy %d, febrile %d%n", healthyBytes, febrileBytes);
    }
}
