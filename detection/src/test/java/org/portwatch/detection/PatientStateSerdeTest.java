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
    }

    @Test
    void shouldKeepAPatientsStateBoundedToTheHorizonAndUnderFourKilobytes() {
        PatientState healthy = sixHoursOfReadings(36.8);
        // 2 h lateness + 1 h rule horizon: 180 heart rates and 36 temperatures, whatever ran before.
        assertThat(healthy.samples()).hasSizeBetween(215, 218);
        int healthyBytes = serde.serializer().serialize("t", healthy).length;
        assertThat(healthyBytes).isLessThanOrEqualTo(4096);

        // In a fever the temperatures' reading ids are kept as evidence; still bounded.
        int febrileBytes = serde.serializer().serialize("t", sixHoursOfReadings(38.4)).length;
        assertThat(febrileBytes).isLessThanOrEqualTo(6 * 1024);
        System.out.printf("state bytes per patient: healthy %d, febrile %d%n", healthyBytes, febrileBytes);
    }
}
