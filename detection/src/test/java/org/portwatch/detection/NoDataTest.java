package org.portwatch.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portwatch.detection.DetectionRulesTest.summary;
import static org.portwatch.detection.DetectorHarness.T0;
import static org.portwatch.detection.DetectorHarness.hr;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.Thresholds;

/** docs/clinical-rules.md rule 5: NO_DATA by wall clock over patients under monitoring, resolved by the next reading. */
class NoDataTest {

    private final DetectorHarness harness = new DetectorHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void shouldRaiseNoDataAfterThirtySilentMinutesAndResolveWithTheNextReading() {
        harness.profile(DetectorHarness.PATIENT, Thresholds.DEFAULTS, true, T0);
        harness.send(List.of(hr(0, 72)));

        harness.advanceWallClock(Duration.ofMinutes(29));
        assertThat(harness.alerts()).isEmpty();
        harness.advanceWallClock(Duration.ofMinutes(1));
        List<AlertEvent> raised = harness.alerts();
        assertThat(summary(raised)).containsExactly("NO_DATA RAISED LOW");
        // Still silent: no second alert.
        harness.advanceWallClock(Duration.ofMinutes(30));
        assertThat(harness.alerts()).isEmpty();

        List<AlertEvent> resolved = harness.send(List.of(hr(61, 70)));
        assertThat(summary(resolved)).containsExactly("NO_DATA RESOLVED LOW");
        assertThat(resolved.get(0).alertId()).isEqualTo(raised.get(0).alertId());
    }

    @Test
    void shouldCountFromTheStartOfMonitoringForAPatientWhoNeverSentAnything() {
        harness.profile("quiet-patient", Thresholds.DEFAULTS, true, T0);

        harness.advanceWallClock(Duration.ofMinutes(31));

        assertThat(harness.alerts()).extracting(AlertEvent::patientId).containsExactly("quiet-patient");
    }

    @Test
    void shouldUseThePatientsOwnSilenceLimit() {
        harness.profile(DetectorHarness.PATIENT, new Thresholds(38.0, 30, 38.3, 60, 20, 37.8, 60, 100, 10, 3, 5, 131, 5,
                5, 10, 90, 60, 90, 34.0), true, T0);
        harness.send(List.of(hr(0, 72)));

        harness.advanceWallClock(Duration.ofMinutes(60));
        assertThat(harness.alerts()).isEmpty();
        harness.advanceWallClock(Duration.ofMinutes(31));
        assertThat(summary(harness.alerts())).containsExactly("NO_DATA RAISED LOW");
    }

    @Test
    void shouldNotWatchPatientsWhoAreNotUnderMonitoring() {
        harness.profile("not-monitored", Thresholds.DEFAULTS, false, T0);
        harness.send(List.of(hr(0, 72).of("no-profile")));

        harness.advanceWallClock(Duration.ofHours(2));

        assertThat(harness.alerts()).isEmpty();
    }

    @Test
    void shouldResolveNoDataOnDischarge() {
        harness.profile(DetectorHarness.PATIENT, Thresholds.DEFAULTS, true, T0);
        harness.send(List.of(hr(0, 72)));
        harness.advanceWallClock(Duration.ofMinutes(31));
        assertThat(summary(harness.alerts())).containsExactly("NO_DATA RAISED LOW");

        harness.discharge(DetectorHarness.PATIENT);
        assertThat(summary(harness.alerts())).containsExactly("NO_DATA RESOLVED LOW");
        harness.advanceWallClock(Duration.ofHours(1));
        assertThat(harness.alerts()).isEmpty();
    }

    @Test
    void shouldSendUnreadableRecordsToTheDeadLetterTopic() {
        harness.sendRaw(DetectorHarness.PATIENT, "{\"readingId\": 5");
        harness.sendRaw(null, "null");

        assertThat(harness.deadLetters()).hasSize(2);
        assertThat(harness.send(List.of(hr(0, 72)))).isEmpty();
    }
}
