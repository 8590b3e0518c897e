package org.portwatch.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portwatch.detection.DetectorHarness.at;
import static org.portwatch.detection.DetectorHarness.fahrenheit;
import static org.portwatch.detection.DetectorHarness.hr;
import static org.portwatch.detection.DetectorHarness.temp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.portwatch.detection.DetectorHarness.R;
import org.portwatch.model.Activity;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.MeasurementSite;

/**
 * docs/clinical-rules.md rules 1–4 as a table: a sequence of readings in, the alert transitions out, each as
 * "CONDITION TRANSITION SEVERITY". Minutes are after the harness's T0.
 */
class DetectionRulesTest {

    private final DetectorHarness harness = new DetectorHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    static List<String> summary(List<AlertEvent> events) {
        return events.stream().map(e -> e.condition() + " " + e.transition() + " " + e.severity()).toList();
    }

    /** Temperatures every {@code every} minutes from {@code from} to {@code to} (inclusive). */
    static List<R> temps(double from, double to, double every, double celsius) {
        List<R> out = new ArrayList<>();
        for (double m = from; m <= to + 1e-9; m += every) {
            out.add(temp(m, celsius));
        }
        return out;
    }

    static List<R> hrs(double from, double to, double every, double bpm) {
        List<R> out = new ArrayList<>();
        for (double m = from; m <= to + 1e-9; m += every) {
            out.add(hr(m, bpm));
        }
        return out;
    }

    @SafeVarargs
    static List<R> seq(List<R>... parts) {
        return Stream.of(parts).flatMap(List::stream).toList();
    }

    static Arguments scenario(String name, List<R> readings, String... expected) {
        return Arguments.of(name, readings, List.of(expected));
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                // Rule 1: fever, confirmed.
                scenario("two wearable readings at exactly 38.0 five minutes apart",
                        List.of(temp(0, 38.0), temp(5, 38.0)), "FEVER RAISED MEDIUM"),
                scenario("37.9 is not a fever", List.of(temp(0, 37.9), temp(5, 37.9), temp(10, 37.9))),
                scenario("one isolated wearable spike is not a fever",
                        List.of(temp(0, 36.8), temp(5, 39.0), temp(10, 36.9))),
                scenario("a second reading at exactly 30 minutes confirms", List.of(temp(0, 38.2), temp(30, 38.2)),
                        "FEVER RAISED MEDIUM"),
                scenario("a second reading after 31 minutes does not", List.of(temp(0, 38.2), temp(31, 38.2))),
                scenario("a reading below 38.0 between the two breaks the confirmation",
                        List.of(temp(0, 38.1), temp(5, 37.9), temp(10, 38.1))),
                scenario("one oral thermometer reading is enough",
                        List.of(temp(0, 38.0).site(MeasurementSite.ORAL)), "FEVER RAISED MEDIUM"),
                scenario("100.4 °F is 38.0 °C", List.of(fahrenheit(0, 100.4), fahrenheit(5, 100.4)),
                        "FEVER RAISED MEDIUM"),
                scenario("100.3 °F is not", List.of(fahrenheit(0, 100.3), fahrenheit(5, 100.3))),
                scenario("off-body readings are ignored", List.of(temp(0, 38.6).offBody(), temp(5, 38.6).offBody())),
                scenario("a wearable skin temperature below 34 °C is off-body and breaks nothing",
                        List.of(temp(0, 38.2), temp(3, 31.0), temp(6, 38.2)), "FEVER RAISED MEDIUM"),
                // Rule 2: escalation to HIGH.
                scenario("confirmed 38.3 from the start is HIGH at once", List.of(temp(0, 38.4), temp(5, 38.5)),
                        "FEVER RAISED HIGH"),
                scenario("a fever that climbs past 38.3 escalates",
                        List.of(temp(0, 38.1), temp(5, 38.1), temp(10, 38.4), temp(15, 38.4)),
                        "FEVER RAISED MEDIUM", "FEVER ESCALATED HIGH"),
                scenario("38.0 or more throughout 60 minutes escalates", temps(0, 60, 5, 38.1),
                        "FEVER RAISED MEDIUM", "FEVER ESCALATED HIGH"),
                scenario("55 minutes is not yet sustained", temps(0, 55, 5, 38.1), "FEVER RAISED MEDIUM"),
                scenario("a gap over 20 minutes breaks a sustained fever",
                        seq(temps(0, 20, 5, 38.1), temps(41, 65, 6, 38.1)), "FEVER RAISED MEDIUM"),
                // Lifecycle: resolution with hysteresis, recurrence.
                scenario("below 37.8 throughout 60 minutes resolves",
                        seq(temps(0, 5, 5, 38.2), temps(10, 70, 5, 37.5)), "FEVER RAISED MEDIUM", "FEVER RESOLVED MEDIUM"),
                scenario("hovering at 37.9 does not resolve", seq(temps(0, 5, 5, 38.2), temps(10, 90, 5, 37.9)),
                        "FEVER RAISED MEDIUM"),
                scenario("a new fever after resolution is a new alert",
                        seq(temps(0, 5, 5, 38.2), temps(10, 70, 5, 37.5), temps(75, 80, 5, 38.3)),
                        "FEVER RAISED MEDIUM", "FEVER RESOLVED MEDIUM", "FEVER RAISED HIGH"),
                // Rule 3: racing heart at rest.
                scenario("above 100 at rest for exactly 10 minutes", hrs(0, 10, 1, 101), "TACHYCARDIA RAISED MEDIUM"),
                scenario("9 minutes is not enough", hrs(0, 9, 1, 101)),
                scenario("9:59 is not enough", List.of(hr(0, 110), hr(5, 110), hr(9 + 59 / 60.0, 110))),
                scenario("three readings five minutes apart are enough", List.of(hr(0, 110), hr(5, 110), hr(10, 110)),
                        "TACHYCARDIA RAISED MEDIUM"),
                scenario("a gap of 5:01 breaks the run",
                        List.of(hr(0, 110), hr(5 + 1 / 60.0, 110), hr(10 + 1 / 60.0, 110), hr(14, 110))),
                scenario("exactly 100 is not above 100", hrs(0, 15, 1, 100)),
                scenario("exercise is not an alert", hrs(0, 15, 1, 140).stream()
                        .map(r -> r.activity(Activity.EXERCISE)).toList()),
                scenario("an active reading breaks a resting run", seq(hrs(0, 6, 1, 120),
                        List.of(hr(7, 125).activity(Activity.ACTIVE)), hrs(8, 16, 1, 120))),
                scenario("unknown activity counts as resting", hrs(0, 10, 1, 120).stream()
                        .map(r -> r.activity(null)).toList(), "TACHYCARDIA RAISED MEDIUM"),
                scenario("131 or more throughout 5 minutes escalates",
                        seq(hrs(0, 10, 1, 115), hrs(11, 16, 1, 135)), "TACHYCARDIA RAISED MEDIUM",
                        "TACHYCARDIA ESCALATED HIGH"),
                scenario("a heart at 140 from the start is HIGH at once", hrs(0, 10, 1, 140), "TACHYCARDIA RAISED HIGH"),
                scenario("95 or less throughout 10 minutes resolves", seq(hrs(0, 10, 1, 112), hrs(11, 21, 1, 95)),
                        "TACHYCARDIA RAISED MEDIUM", "TACHYCARDIA RESOLVED MEDIUM"),
                scenario("97 does not resolve (hysteresis)", seq(hrs(0, 10, 1, 112), hrs(11, 30, 1, 97)),
                        "TACHYCARDIA RAISED MEDIUM"),
                // Rule 4: fever and a fast heart together.
                scenario("fever with a heart above 90 at rest is sepsis risk",
                        seq(List.of(temp(0, 38.2), temp(5, 38.3)), hrs(0, 10, 1, 95)),
                        "FEVER RAISED MEDIUM", "SEPSIS_RISK RAISED CRITICAL"),
                scenario("a heart at exactly 90 is not above 90", seq(List.of(temp(0, 38.2), temp(5, 38.2)),
                        hrs(0, 15, 1, 90)), "FEVER RAISED MEDIUM"),
                scenario("a fast heart that calmed more than 60 minutes before the fever is not sepsis risk",
                        seq(hrs(0, 10, 1, 95), hrs(11, 25, 1, 80), List.of(temp(90, 38.2), temp(95, 38.2))),
                        "FEVER RAISED MEDIUM"),
                scenario("a fast heart within the hour before the fever is",
                        seq(hrs(0, 10, 1, 95), hrs(11, 25, 1, 80), List.of(temp(60, 38.2), temp(65, 38.2))),
                        "FEVER RAISED MEDIUM", "SEPSIS_RISK RAISED CRITICAL"),
                scenario("sepsis risk resolves when both parts have",
                        seq(List.of(temp(0, 38.2), temp(5, 38.2)), hrs(0, 10, 1, 95), hrs(11, 30, 1, 80),
                                temps(10, 70, 5, 37.2)),
                        "FEVER RAISED MEDIUM", "SEPSIS_RISK RAISED CRITICAL", "FEVER RESOLVED MEDIUM",
                        "SEPSIS_RISK RESOLVED CRITICAL"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void shouldRaiseExactlyTheAlertsTheRulesCallFor(String name, List<R> readings, List<String> expected) {
        assertThat(summary(harness.send(readings))).as(name).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldKeepOneAlertIdPerEpisodeAndNewOnesForRecurrences() {
        List<AlertEvent> events = harness.send(seq(temps(0, 5, 5, 38.2), temps(10, 70, 5, 37.5), temps(75, 80, 5, 38.2)));

        assertThat(events).hasSize(3);
        assertThat(events.get(1).alertId()).isEqualTo(events.get(0).alertId());
        assertThat(events.get(2).alertId()).isNotEqualTo(events.get(0).alertId());
        assertThat(events.get(0).episodeStart()).isEqualTo(at(0));
        assertThat(events.get(2).episodeStart()).isEqualTo(at(75));
        assertThat(events).extracting(AlertEvent::eventId).doesNotHaveDuplicates();
    }

    @Test
    void shouldCarryEvidenceRuleThresholdsAndTheCompletingReading() {
        AlertEvent raised = harness.send(List.of(temp(0, 38.1), temp(5, 38.4))).get(0);

        assertThat(raised.patientId()).isEqualTo(DetectorHarness.PATIENT);
        assertThat(raised.rule()).contains("38.0");
        assertThat(raised.thresholds()).containsEntry("feverCelsius", 38.0).containsEntry("feverConfirmMinutes", 30.0);
        assertThat(raised.evidence()).extracting(e -> e.value()).containsExactly(38.1, 38.4);
        assertThat(raised.evidence()).allSatisfy(e -> assertThat(e.readingId()).isNotNull());
        assertThat(raised.completedAt()).isEqualTo(at(5));
        assertThat(raised.completedReceivedAt()).isEqualTo(at(5).plusSeconds(10));
        assertThat(raised.detectedAt()).isEqualTo(at(5).plusSeconds(10));
        assertThat(raised.late()).isFalse();
    }

    @Test
    void shouldChangeNothingOnDuplicates() {
        List<R> fever = List.of(temp(0, 38.2), temp(5, 38.2));
        List<String> once = summary(harness.send(fever));

        assertThat(harness.send(fever)).isEmpty();
        assertThat(harness.send(List.of(temp(0, 38.2), temp(5, 38.2), temp(0, 38.2)))).isEmpty();
        assertThat(once).containsExactly("FEVER RAISED MEDIUM");
    }

    @Test
    void shouldReachTheSameAlertsWhateverTheArrivalOrder() {
        List<R> sorted = seq(temps(0, 60, 5, 38.1), hrs(0, 20, 1, 96), hrs(21, 80, 1, 80), temps(65, 130, 5, 37.2));
        List<String> expected;
        try (DetectorHarness inOrder = new DetectorHarness()) {
            expected = outcome(inOrder.send(sorted));
        }
        assertThat(expected).containsExactly("FEVER HIGH RESOLVED", "SEPSIS_RISK CRITICAL RESOLVED");

        for (long seed = 1; seed <= 8; seed++) {
            // The phone syncs every hour, each batch in a shuffled order: nothing more than 2 hours late.
            java.util.Random random = new java.util.Random(seed);
            List<R> synced = new ArrayList<>();
            for (double[] batch : new double[][] {{0, 61}, {61, 131}}) {
                List<R> inBatch = new ArrayList<>(sorted.stream()
                        .filter(r -> r.minute() >= batch[0] && r.minute() < batch[1]).toList());
                java.util.Collections.shuffle(inBatch, random);
                inBatch.forEach(r -> synced.add(r.delayed(Duration.ofSeconds(Math.round((batch[1] - r.minute()) * 60)))));
            }
            try (DetectorHarness h = new DetectorHarness()) {
                assertThat(outcome(h.send(synced))).as("seed %d", seed).isEqualTo(expected);
            }
        }
    }

    /**
     * What the care team is left with: per condition, the highest severity an episode reached and whether
     * it is still open. Alerts withdrawn by late readings drop out.
     */
    private static List<String> outcome(List<AlertEvent> events) {
        java.util.Map<String, AlertEvent> last = new java.util.LinkedHashMap<>();
        java.util.Map<String, org.portwatch.model.Severity> highest = new java.util.HashMap<>();
        java.util.Set<String> withdrawn = new java.util.HashSet<>();
        java.util.Set<String> resolved = new java.util.HashSet<>();
        for (AlertEvent e : events) {
            if (e.transition() == org.portwatch.model.AlertTransition.RESOLVED) {
                resolved.add(e.alertId());
            }
            last.put(e.alertId(), e);
            highest.merge(e.alertId(), e.severity(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
            if (e.rule().startsWith("Withdrawn")) {
                withdrawn.add(e.alertId());
            }
        }
        return last.values().stream()
                .filter(e -> !withdrawn.contains(e.alertId()))
                .map(e -> e.condition() + " " + highest.get(e.alertId()) + " "
                        + (resolved.contains(e.alertId()) ? "RESOLVED" : "OPEN"))
                .sorted().toList();
    }

    @Test
    void shouldFlagAlertsCompletedByReadingsThatArriveLate() {
        List<AlertEvent> events = harness.send(List.of(temp(0, 38.2).delayed(Duration.ofMinutes(60)),
                temp(5, 38.2).delayed(Duration.ofMinutes(55))));

        assertThat(summary(events)).containsExactly("FEVER RAISED MEDIUM");
        assertThat(events.get(0).late()).isTrue();
    }

    @Test
    void shouldRaiseNothingNewFromReadingsMoreThanTwoHoursLate() {
        assertThat(harness.send(List.of(temp(0, 38.4).delayed(Duration.ofMinutes(125)),
                temp(5, 38.4).delayed(Duration.ofMinutes(121))))).isEmpty();
        // ... nor does a timely reading afterwards dig that old episode up.
        assertThat(harness.send(List.of(temp(130, 36.9)))).isEmpty();
    }

    @Test
    void shouldNeverRaiseFromBackfill() {
        assertThat(harness.send(List.of(temp(0, 39.0).delayed(Duration.ofHours(25)),
                temp(5, 39.0).delayed(Duration.ofHours(25))))).isEmpty();
    }

    @Test
    void shouldKeepPatientsApartOnOnePartition() {
        List<R> interleaved = new ArrayList<>();
        IntStream.rangeClosed(0, 12).forEach(m -> {
            interleaved.add(hr(m, 118).of("febrile-and-fast"));
            interleaved.add(hr(m, 72).of("healthy"));
            if (m % 5 == 0) {
                interleaved.add(temp(m, 38.5).of("febrile-and-fast"));
                interleaved.add(temp(m, 36.7).of("healthy"));
            }
        });

        List<AlertEvent> events = harness.send(interleaved);

        assertThat(events).extracting(AlertEvent::patientId).containsOnly("febrile-and-fast");
        assertThat(summary(events)).containsExactlyInAnyOrder("FEVER RAISED HIGH", "TACHYCARDIA RAISED MEDIUM",
                "SEPSIS_RISK RAISED CRITICAL");
    }

    @Test
    void shouldApplyThePatientsOwnThresholds() {
        harness.profile(DetectorHarness.PATIENT, new org.portwatch.model.Thresholds(38.5, 30, 38.8, 60, 20, 37.8, 60,
                120, 10, 3, 5, 131, 5, 5, 10, 90, 60, 30, 34.0), true, at(0));

        // 38.3 is below this patient's fever line, 110 below their racing-heart line.
        assertThat(harness.send(seq(List.of(temp(0, 38.3), temp(5, 38.3)), hrs(0, 12, 1, 110)))).isEmpty();
        // Their fever line is reached; with the heart above the (default) SIRS line of 90 that is sepsis risk.
        assertThat(summary(harness.send(List.of(temp(10, 38.5), temp(15, 38.6)))))
                .containsExactly("FEVER RAISED MEDIUM", "SEPSIS_RISK RAISED CRITICAL");
    }
}
