package org.portwatch.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portwatch.detection.DetectionRulesTest.hrs;
import static org.portwatch.detection.DetectionRulesTest.seq;
import static org.portwatch.detection.DetectionRulesTest.summary;
import static org.portwatch.detection.DetectionRulesTest.temps;
import static org.portwatch.detection.DetectorHarness.T0;
import static org.portwatch.detection.DetectorHarness.at;
import static org.portwatch.detection.DetectorHarness.every;
import static org.portwatch.detection.DetectorHarness.fahrenheit;
import static org.portwatch.detection.DetectorHarness.hr;
import static org.portwatch.detection.DetectorHarness.openAlerts;
import static org.portwatch.detection.DetectorHarness.temp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.portwatch.detection.DetectorHarness.R;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.MeasurementSite;
import org.portwatch.model.Thresholds;

/**
 * docs/clinical-rules.md revision 2, "Decisions added in revision 2", one table per decision: readings in (in the
 * order they arrive), the alert transitions out as "CONDITION TRANSITION SEVERITY". Minutes after T0.
 */
class RevisionTwoDecisionsTest {

    private final DetectorHarness harness = new DetectorHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    static Arguments scenario(String name, List<R> readings, String... expected) {
        return Arguments.of(name, readings, List.of(expected));
    }

    /** Every decision's table, each scenario named by its decision. */
    static Stream<Arguments> decisions() {
        return Stream.of(
                named("one measurement, one reading", oneMeasurementOneReading()),
                named("confirmation needs a distinct measurement", confirmationNeedsADistinctMeasurement()),
                named("HIGH needs the high value confirmed", highNeedsTheHighValueConfirmed()),
                named("never round before comparing", neverRoundBeforeComparing()),
                named("sepsis timing", sepsisTiming()),
                named("resolution of a sparse series", resolutionOfASparseSeries()))
                .flatMap(s -> s);
    }

    private static Stream<Arguments> named(String decision, Stream<Arguments> table) {
        return table.map(a -> Arguments.of(decision + ": " + a.get()[0], a.get()[1], a.get()[2]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void shouldRaiseExactlyWhatRevisionTwoDecides(String name, List<R> readings, List<String> expected) {
        assertThat(summary(harness.send(readings))).as(name).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> oneMeasurementOneReading() {
        return Stream.of(
                scenario("one measurement re-sent under a new readingId does not confirm itself",
                        List.of(temp(0, 38.4).id("a-1"), temp(0, 38.4).id("a-2"), temp(0, 38.4).id("a-3"))),
                scenario("two devices that both number their readings 1, 2 do not collide",
                        List.of(temp(0, 38.2).id("1").from("patch"), temp(5, 38.2).id("1").from("thermometer")),
                        "FEVER RAISED MEDIUM"),
                scenario("two devices measuring at the same instant are two measurements",
                        List.of(temp(0, 38.2).from("patch"), temp(0, 38.2).from("band"), temp(10, 36.9)
                                .from("band"))),
                scenario("the later value of a re-sent measurement replaces the earlier",
                        List.of(temp(0, 38.4).id("x"), temp(0, 37.0).id("y"), temp(5, 38.4)))
        );
    }

    static Stream<Arguments> confirmationNeedsADistinctMeasurement() {
        return Stream.of(
                scenario("a 3-second excursion on a 1 Hz patch is a spike, not a fever",
                        seq(every(1, 0, 1, m -> temp(m, 36.9)), every(1, 1 + 1 / 60.0, 1 + 3 / 60.0, m -> temp(m, 38.6)),
                                every(1, 1 + 4 / 60.0, 4, m -> temp(m, 36.9)))),
                scenario("a minute of a 1 Hz patch above the line is not confirmed",
                        every(1, 0, 1, m -> temp(m, 38.2))),
                scenario("two and a half minutes of a 1 Hz patch above the line are",
                        every(1, 0, 2.5, m -> temp(m, 38.2)), "FEVER RAISED MEDIUM"),
                scenario("a second reading one minute later does not confirm, one at two minutes does",
                        List.of(temp(0, 38.1), temp(1, 38.1), temp(2, 38.1)), "FEVER RAISED MEDIUM"),
                scenario("readings 1:59 apart do not confirm", List.of(temp(0, 38.1), temp(1 + 59 / 60.0, 38.1))));
    }

    static Stream<Arguments> highNeedsTheHighValueConfirmed() {
        return Stream.of(
                scenario("38.6 confirmed only by 38.1 readings is MEDIUM",
                        List.of(temp(0, 38.6), temp(5, 38.1), temp(10, 38.1)), "FEVER RAISED MEDIUM"),
                scenario("two readings of 38.3 or more are HIGH", List.of(temp(0, 38.6), temp(5, 38.3)),
                        "FEVER RAISED HIGH"),
                scenario("a 38.1 between two high readings breaks the high confirmation",
                        List.of(temp(0, 38.6), temp(5, 38.1), temp(10, 38.6)), "FEVER RAISED MEDIUM"),
                scenario("one oral reading of 38.3 is HIGH at once",
                        List.of(temp(0, 38.3).site(MeasurementSite.ORAL)), "FEVER RAISED HIGH"),
                scenario("one oral 38.6 after a confirmed wearable fever escalates it",
                        List.of(temp(0, 38.1), temp(5, 38.1), temp(8, 38.6).site(MeasurementSite.ORAL)),
                        "FEVER RAISED MEDIUM", "FEVER ESCALATED HIGH"));
    }

    static Stream<Arguments> neverRoundBeforeComparing() {
        return Stream.of(
                scenario("37.996 °C is below 38.0", List.of(temp(0, 37.996), temp(5, 37.996), temp(10, 37.996))),
                scenario("100.396 °F is below 38.0 °C", List.of(fahrenheit(0, 100.396), fahrenheit(5, 100.396))),
                scenario("100.4 °F is exactly 38.0 °C", List.of(fahrenheit(0, 100.4), fahrenheit(5, 100.4)),
                        "FEVER RAISED MEDIUM"),
                scenario("38.296 is not the high line", List.of(temp(0, 38.296), temp(5, 38.296)),
                        "FEVER RAISED MEDIUM"),
                scenario("100.996 bpm is above 100", hrs(0, 10, 1, 100.004), "TACHYCARDIA RAISED MEDIUM"));
    }

    static Stream<Arguments> sepsisTiming() {
        return Stream.of(
                scenario("86-89 for over an hour after a fast run does not stretch it to a later fever",
                        seq(hrs(0, 10, 1, 95), hrs(11, 85, 1, 88), List.of(temp(80, 38.2), temp(85, 38.3))),
                        "FEVER RAISED MEDIUM"),
                scenario("a run within 60 minutes after the fever's last reading above the line counts",
                        seq(List.of(temp(0, 38.2), temp(5, 38.2)), hrs(50, 65, 1, 95)),
                        "FEVER RAISED MEDIUM", "SEPSIS_RISK RAISED CRITICAL"),
                scenario("a run starting 65 minutes after the fever's last reading above the line does not",
                        seq(List.of(temp(0, 38.2), temp(5, 38.2)), hrs(70, 85, 1, 95)),
                        "FEVER RAISED MEDIUM"),
                scenario("a run ending 60 minutes before the fever starts counts",
                        seq(hrs(0, 10, 1, 95), hrs(11, 69, 1, 80), List.of(temp(70, 38.2), temp(75, 38.2))),
                        "FEVER RAISED MEDIUM", "SEPSIS_RISK RAISED CRITICAL"),
                scenario("a fast heart while exercising is not the heart part",
                        seq(List.of(temp(0, 38.2), temp(5, 38.2)), hrs(0, 15, 1, 120).stream()
                                .map(r -> r.activity(org.portwatch.model.Activity.EXERCISE)).toList()),
                        "FEVER RAISED MEDIUM"));
    }

    static Stream<Arguments> resolutionOfASparseSeries() {
        R oral = temp(0, 38.5).site(MeasurementSite.ORAL);
        return Stream.of(
                scenario("oral readings every 30 minutes resolve after three over 60 minutes",
                        seq(List.of(oral), temps(30, 90, 30, 37.0)), "FEVER RAISED HIGH", "FEVER RESOLVED HIGH"),
                scenario("two readings over 60 minutes are not enough",
                        seq(List.of(oral), List.of(temp(30, 37.0), temp(90, 37.0))), "FEVER RAISED HIGH"),
                scenario("a gap over 30 minutes breaks the resolution",
                        seq(List.of(oral), List.of(temp(30, 37.0), temp(61, 37.0), temp(91, 37.0))),
                        "FEVER RAISED HIGH"),
                scenario("37.8 between calm readings breaks it",
                        seq(List.of(oral), List.of(temp(30, 37.0), temp(45, 37.8), temp(60, 37.0), temp(90, 37.0))),
                        "FEVER RAISED HIGH"));
    }

    @Test
    void shouldRaiseANewAlertWhenAWithdrawnFeverComesBack() {
        assertThat(summary(harness.send(List.of(temp(0, 38.1), temp(10, 38.1))))).containsExactly("FEVER RAISED MEDIUM");
        List<AlertEvent> withdrawn = harness.send(List.of(temp(5, 37.2).delayed(Duration.ofMinutes(6))));
        assertThat(withdrawn).singleElement().satisfies(e -> {
            assertThat(e.transition()).isEqualTo(AlertTransition.RESOLVED);
            assertThat(e.rule()).startsWith("Withdrawn");
        });

        List<AlertEvent> climbing = harness.send(List.of(temp(15, 38.3), temp(20, 38.4)));

        // 38.1 at 10 confirmed by 38.3 at 15 (MEDIUM), the high value by 38.4 at 20 (HIGH): an open alert again.
        assertThat(summary(climbing)).containsExactly("FEVER RAISED MEDIUM", "FEVER ESCALATED HIGH");
        assertThat(openAlerts(climbing)).containsExactly("FEVER HIGH");
        assertThat(climbing.get(0).alertId()).isNotEqualTo(withdrawn.get(0).alertId());
    }

    @Test
    void shouldRaiseAgainWhenALateReadingBreaksTheCalmHourOfAResolvedFever() {
        List<AlertEvent> first = harness.send(seq(temps(0, 5, 5, 38.2), temps(10, 70, 5, 37.0)));
        assertThat(summary(first)).containsExactly("FEVER RAISED MEDIUM", "FEVER RESOLVED MEDIUM");

        List<AlertEvent> after = harness.send(List.of(temp(40, 38.6).delayed(Duration.ofMinutes(31)), temp(76, 38.1),
                temp(80, 38.2)));

        assertThat(openAlerts(after)).containsExactly("FEVER MEDIUM");
        assertThat(after.get(0).alertId()).isNotEqualTo(first.get(0).alertId());
    }

    @Test
    void shouldResolveAnOpenAlertByItsRuleAfterItsOnsetLeftTheHorizon() {
        // Four hours of fever, longer than the 3 hours the detector keeps, then a calm hour.
        List<AlertEvent> events = harness.send(seq(temps(0, 240, 5, 38.5), temps(245, 305, 5, 37.0)));

        assertThat(summary(events)).containsExactly("FEVER RAISED HIGH", "FEVER RESOLVED HIGH");
        assertThat(events.get(1).rule()).startsWith("Resolved");
    }

    @Test
    void shouldKeepAnAlertRightWhenRaisedOpenWhenTheThresholdIsRaised() {
        harness.profile(DetectorHarness.PATIENT, Thresholds.DEFAULTS, true, T0);
        assertThat(summary(harness.send(hrs(0, 10, 1, 112)))).containsExactly("TACHYCARDIA RAISED MEDIUM");

        harness.profile(DetectorHarness.PATIENT, withHeartRateHigh(130), true, at(10.5));
        assertThat(harness.send(hrs(11, 30, 1, 128))).as("128 is above the new resolution line of 125").isEmpty();
        assertThat(harness.send(hrs(31, 40, 1, 112))).as("readings ≤ 125 for 9 minutes").isEmpty();

        List<AlertEvent> resolved = harness.send(List.of(hr(41, 112)));
        assertThat(summary(resolved)).containsExactly("TACHYCARDIA RESOLVED MEDIUM");
        assertThat(resolved.get(0).rule()).startsWith("Resolved");
    }

    @Test
    void shouldCountOnlyReadingsAfterAThresholdChangeTowardsResolution() {
        harness.profile(DetectorHarness.PATIENT, Thresholds.DEFAULTS, true, T0);
        harness.send(seq(hrs(0, 10, 1, 112), hrs(11, 20, 1, 120)));

        harness.profile(DetectorHarness.PATIENT, withHeartRateHigh(130), true, at(20.5));

        assertThat(harness.send(hrs(21, 29, 1, 120))).as("the 120s before the change do not count").isEmpty();
        assertThat(summary(harness.send(List.of(hr(31, 120))))).containsExactly("TACHYCARDIA RESOLVED MEDIUM");
    }

    @Test
    void shouldResolveEveryOpenAlertOnDischargeAndRaiseNothingUntilEnrolledAgain() {
        harness.profile(DetectorHarness.PATIENT, Thresholds.DEFAULTS, true, T0);
        harness.send(seq(List.of(temp(0, 38.4), temp(5, 38.4)), hrs(0, 10, 1, 120)));

        harness.discharge(DetectorHarness.PATIENT);
        List<AlertEvent> discharged = harness.alerts();
        assertThat(discharged).extracting(AlertEvent::condition).containsExactlyInAnyOrder(AlertCondition.FEVER,
                AlertCondition.TACHYCARDIA, AlertCondition.SEPSIS_RISK);
        assertThat(discharged).allSatisfy(e -> {
            assertThat(e.transition()).isEqualTo(AlertTransition.RESOLVED);
            assertThat(e.rule()).startsWith("Discharged");
        });

        assertThat(harness.send(seq(temps(15, 30, 5, 39.0), hrs(15, 30, 1, 130)))).isEmpty();
        harness.advanceWallClock(Duration.ofHours(2));
        assertThat(harness.alerts()).as("no NO_DATA for a discharged patient").isEmpty();

        harness.profile(DetectorHarness.PATIENT, Thresholds.DEFAULTS, true, harness.wallClock());
        assertThat(summary(harness.send(List.of(temp(160, 38.4), temp(165, 38.4))))).containsExactly("FEVER RAISED HIGH");
    }

    @Test
    void shouldTreatMonitoringFalseAsDischarge() {
        harness.profile(DetectorHarness.PATIENT, Thresholds.DEFAULTS, true, T0);
        harness.send(List.of(temp(0, 38.4), temp(5, 38.4)));

        harness.profile(DetectorHarness.PATIENT, Thresholds.DEFAULTS, false, at(6));

        assertThat(summary(harness.alerts())).containsExactly("FEVER RESOLVED HIGH");
        assertThat(harness.send(List.of(temp(10, 38.4), temp(15, 38.4)))).isEmpty();
    }

    @Test
    void shouldWatchAPatientNotYetEnrolledWithTheDefaultThresholds() {
        assertThat(summary(harness.send(List.of(temp(0, 38.0).of("not-enrolled"), temp(5, 38.0).of("not-enrolled")))))
                .containsExactly("FEVER RAISED MEDIUM");
    }

    @Test
    void shouldKeepAnAlertRaisedBeforeEnrolmentOpenWhenThePatientIsEnrolledWithOtherThresholds() {
        assertThat(summary(harness.send(List.of(temp(0, 38.2), temp(5, 38.2))))).containsExactly("FEVER RAISED MEDIUM");

        harness.profile(DetectorHarness.PATIENT, new Thresholds(38.5, 30, 38.8, 60, 20, 37.8, 60, 100, 10, 3, 5, 131, 5,
                5, 10, 90, 60, 30, 34.0), true, at(6));

        assertThat(harness.send(List.of(temp(10, 38.2), temp(15, 38.1)))).as("right when raised: not withdrawn")
                .isEmpty();
        assertThat(summary(harness.send(temps(20, 80, 5, 37.2)))).containsExactly("FEVER RESOLVED MEDIUM");
    }

    @Test
    void shouldNotLetOffBodyOrBacklogReadingsEndNoData() {
        harness.profile(DetectorHarness.PATIENT, Thresholds.DEFAULTS, true, T0);
        harness.send(List.of(hr(0, 72)));
        harness.advanceWallClock(Duration.ofMinutes(31));
        assertThat(summary(harness.alerts())).containsExactly("NO_DATA RAISED LOW");

        assertThat(harness.send(List.of(hr(31, 72).offBody()))).as("off-body").isEmpty();
        assertThat(harness.send(List.of(hr(1.5, 72).delayed(Duration.ofMinutes(30).plusSeconds(30))))).as("backlog")
                .isEmpty();
        assertThat(summary(harness.send(List.of(hr(33, 72))))).containsExactly("NO_DATA RESOLVED LOW");
    }

    @Test
    void shouldRaiseNoDataWhenOnlyOffBodyReadingsArrive() {
        harness.profile(DetectorHarness.PATIENT, Thresholds.DEFAULTS, true, T0);
        harness.send(List.of(hr(0, 72)));
        List<R> offBody = new ArrayList<>();
        for (int m = 1; m <= 31; m++) {
            offBody.add(temp(m, 31.0));
        }
        List<AlertEvent> events = new ArrayList<>(harness.send(offBody));
        harness.advanceWallClock(Duration.ofSeconds(30));
        events.addAll(harness.alerts());

        assertThat(summary(events)).containsExactly("NO_DATA RAISED LOW");
    }

    private static Thresholds withHeartRateHigh(double line) {
        Thresholds d = Thresholds.DEFAULTS;
        return new Thresholds(d.feverCelsius(), d.feverConfirmMinutes(), d.highFeverCelsius(), d.sustainedFeverMinutes(),
                d.feverMaxGapMinutes(), d.feverResolvedCelsius(), d.feverResolvedMinutes(), line, d.tachycardiaMinutes(),
                d.tachycardiaMinReadings(), d.heartRateMaxGapMinutes(), d.heartRateCritical(),
                d.criticalHeartRateMinutes(), d.heartRateResolvedMargin(), d.heartRateResolvedMinutes(),
                d.sepsisHeartRate(), d.sepsisWindowMinutes(), d.noDataMinutes(), d.offBodySkinCelsius());
    }
}
