package org.portwatch.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portwatch.detection.DetectorHarness.PATIENT;
import static org.portwatch.detection.DetectorHarness.at;
import static org.portwatch.detection.DetectorHarness.checkIn;
import static org.portwatch.detection.DetectorHarness.rhythm;
import static org.portwatch.detection.DetectorHarness.temp;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.portwatch.detection.rules.RhythmRule;
import org.portwatch.detection.rules.SymptomRule;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.Antipyretic;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.Evidence;
import org.portwatch.model.HeartRhythm;
import org.portwatch.model.SensorStatus;
import org.portwatch.model.Severity;
import org.portwatch.model.Symptom;
import org.portwatch.model.SymptomCheckIn;
import org.portwatch.model.Thresholds;
import org.portwatch.model.VitalReading;

/**
 * docs/clinical-rules.md rules 6 (SYMPTOM) and 7 (IRREGULAR_RHYTHM) as tables on the topology: check-ins or rhythm
 * readings in, alert transitions out. Minutes are after the harness's T0.
 */
class SymptomAndRhythmRulesTest {

    private static final double HOUR = 60;
    private final DetectorHarness harness = new DetectorHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    /** "CONDITION TRANSITION SEVERITY [SYMPTOM]" per event, the symptom being the one the alert is for. */
    static List<String> summary(List<AlertEvent> events) {
        return events.stream().map(e -> e.condition() + " " + e.transition() + " " + e.severity()
                + (e.condition() == AlertCondition.SYMPTOM ? " " + subject(e) : "")).toList();
    }

    /** The symptom a SYMPTOM alert is for: its episode start (and so its id) is derived from it and the report time. */
    private static String subject(AlertEvent e) {
        for (Symptom s : Symptom.values()) {
            if (SymptomRule.episodeKey(e.completedAt(), s).equals(e.episodeStart())
                    && e.alertId().equals(AlertEvent.alertId(e.patientId(), AlertCondition.SYMPTOM, e.episodeStart()))) {
                return s.name();
            }
        }
        return "?";
    }

    static Arguments checkIns(String name, List<SymptomCheckIn> checkIns, String... expected) {
        return Arguments.of(name, checkIns, List.of(expected));
    }

    static Stream<Arguments> symptomScenarios() {
        SymptomCheckIn chills = checkIn(0, Symptom.CHILLS);
        return Stream.of(
                checkIns("one report of chills is enough", List.of(chills), "SYMPTOM RAISED HIGH CHILLS"),
                checkIns("each symptom of a check-in raises its own alert at its own severity",
                        List.of(checkIn(0, Duration.ofSeconds(10), "dizzy", Symptom.SHOULDER_PAIN, Symptom.PORT_SITE_SKIN,
                                Symptom.OTHER)),
                        "SYMPTOM RAISED HIGH SHOULDER_PAIN", "SYMPTOM RAISED MEDIUM PORT_SITE_SKIN",
                        "SYMPTOM RAISED MEDIUM OTHER"),
                checkIns("every leaflet sign raises at its severity",
                        List.of(checkIn(0, Symptom.SWOLLEN_ARM, Symptom.PORT_WILL_NOT_FLUSH, Symptom.HEART_FLUTTER)),
                        "SYMPTOM RAISED HIGH SWOLLEN_ARM", "SYMPTOM RAISED MEDIUM PORT_WILL_NOT_FLUSH",
                        "SYMPTOM RAISED HIGH HEART_FLUTTER"),
                checkIns("a retried check-in raises nothing twice", List.of(chills, chills), "SYMPTOM RAISED HIGH CHILLS"),
                checkIns("the same symptom again within 5 minutes (sent twice) joins its alert",
                        List.of(chills, checkIn(1, Symptom.CHILLS), checkIn(4.9, Symptom.CHILLS)),
                        "SYMPTOM RAISED HIGH CHILLS"),
                checkIns("the same symptom 5 minutes after the report that raised it is news",
                        List.of(chills, checkIn(3, Symptom.CHILLS), checkIn(5, Symptom.CHILLS)),
                        "SYMPTOM RAISED HIGH CHILLS", "SYMPTOM RAISED HIGH CHILLS"),
                checkIns("reported again an hour later, after the team may have resolved the first: a new alert",
                        List.of(chills, checkIn(HOUR, Symptom.CHILLS), checkIn(2 * HOUR, Symptom.CHILLS)),
                        "SYMPTOM RAISED HIGH CHILLS", "SYMPTOM RAISED HIGH CHILLS", "SYMPTOM RAISED HIGH CHILLS"),
                checkIns("another symptom while one is open raises its own alert",
                        List.of(chills, checkIn(2, Symptom.CHILLS, Symptom.SWOLLEN_ARM)),
                        "SYMPTOM RAISED HIGH CHILLS", "SYMPTOM RAISED HIGH SWOLLEN_ARM"),
                checkIns("an older report arriving late within the window joins the alert",
                        List.of(checkIn(HOUR, Symptom.CHILLS), checkIn(57, Duration.ofMinutes(3), null, Symptom.CHILLS)),
                        "SYMPTOM RAISED HIGH CHILLS"),
                checkIns("an older report arriving late outside the window raises its own alert",
                        List.of(checkIn(HOUR, Symptom.CHILLS), checkIn(10, Duration.ofMinutes(55), null, Symptom.CHILLS)),
                        "SYMPTOM RAISED HIGH CHILLS", "SYMPTOM RAISED HIGH CHILLS"),
                checkIns("a check-in reporting only an antipyretic taken raises nothing",
                        List.of(new SymptomCheckIn("dose-1", PATIENT, "app-" + PATIENT, List.of(), null, at(0),
                                at(0).plusSeconds(10), new SymptomCheckIn.AntipyreticTaken(Antipyretic.PARACETAMOL,
                                        at(-30))))),
                checkIns("a report a day late still raises: the patient asked for a call",
                        List.of(checkIn(0, Duration.ofHours(26), null, Symptom.PORT_WILL_NOT_FLUSH)),
                        "SYMPTOM RAISED MEDIUM PORT_WILL_NOT_FLUSH"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("symptomScenarios")
    void shouldRaiseOneSymptomAlertPerReportedSignAsRuleSixSays(String name, List<SymptomCheckIn> checkIns,
            List<String> expected) {
        assertThat(summary(harness.sendCheckIns(checkIns))).containsExactlyElementsOf(expected);
    }

    static Arguments rhythms(String name, List<VitalReading> readings, String... expected) {
        return Arguments.of(name, readings, List.of(expected));
    }

    static Stream<Arguments> rhythmScenarios() {
        VitalReading irregular = rhythm(0, HeartRhythm.IRREGULAR);
        return Stream.of(
                rhythms("one irregular reading raises", List.of(irregular), "IRREGULAR_RHYTHM RAISED HIGH"),
                rhythms("regular readings raise nothing",
                        List.of(rhythm(0, HeartRhythm.REGULAR), rhythm(HOUR, HeartRhythm.REGULAR))),
                rhythms("more irregular readings extend the open alert",
                        List.of(irregular, rhythm(30, HeartRhythm.IRREGULAR), rhythm(2 * HOUR, HeartRhythm.IRREGULAR)),
                        "IRREGULAR_RHYTHM RAISED HIGH"),
                rhythms("a regular reading soon after does not resolve it",
                        List.of(irregular, rhythm(HOUR, HeartRhythm.REGULAR), rhythm(23.9 * HOUR, HeartRhythm.REGULAR)),
                        "IRREGULAR_RHYTHM RAISED HIGH"),
                rhythms("a regular reading 24 hours after the last irregular one resolves it",
                        List.of(irregular, rhythm(HOUR, HeartRhythm.REGULAR), rhythm(24 * HOUR, HeartRhythm.REGULAR)),
                        "IRREGULAR_RHYTHM RAISED HIGH", "IRREGULAR_RHYTHM RESOLVED HIGH"),
                rhythms("24 hours count from the last irregular reading",
                        List.of(irregular, rhythm(10 * HOUR, HeartRhythm.IRREGULAR), rhythm(24 * HOUR, HeartRhythm.REGULAR),
                                rhythm(34 * HOUR, HeartRhythm.REGULAR)),
                        "IRREGULAR_RHYTHM RAISED HIGH", "IRREGULAR_RHYTHM RESOLVED HIGH"),
                rhythms("an irregular reading after the resolution is a new alert",
                        List.of(irregular, rhythm(24 * HOUR, HeartRhythm.REGULAR), rhythm(25 * HOUR, HeartRhythm.IRREGULAR)),
                        "IRREGULAR_RHYTHM RAISED HIGH", "IRREGULAR_RHYTHM RESOLVED HIGH", "IRREGULAR_RHYTHM RAISED HIGH"),
                rhythms("an off-body reading says nothing",
                        List.of(rhythm(0, HeartRhythm.IRREGULAR, Duration.ofSeconds(10), SensorStatus.OFF_BODY))),
                rhythms("more than 2 hours late raises nothing new",
                        List.of(rhythm(0, HeartRhythm.IRREGULAR, Duration.ofHours(3), SensorStatus.ON_BODY))),
                rhythms("a re-sent reading of a resolved episode is not a new one",
                        List.of(irregular, rhythm(24 * HOUR, HeartRhythm.REGULAR),
                                rhythm(0, HeartRhythm.IRREGULAR, Duration.ofMinutes(24 * 60 + 30), SensorStatus.ON_BODY)),
                        "IRREGULAR_RHYTHM RAISED HIGH", "IRREGULAR_RHYTHM RESOLVED HIGH"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rhythmScenarios")
    void shouldRaiseAndResolveIrregularRhythmAsRuleSevenSays(String name, List<VitalReading> readings,
            List<String> expected) {
        assertThat(summary(harness.sendReadings(readings))).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldNameTheSymptomsAndTheTextsLengthButNeverTheText() {
        SymptomCheckIn checkIn = checkIn(0, Duration.ofSeconds(10), "my neighbour Jane saw it bleed", Symptom.CHILLS,
                Symptom.OTHER);

        List<AlertEvent> events = harness.sendCheckIns(List.of(checkIn));

        assertThat(events).hasSize(2).allSatisfy(e -> {
            assertThat(e.evidence()).extracting(Evidence::finding).containsExactly("CHILLS", "OTHER");
            assertThat(e.evidence()).extracting(Evidence::readingId).containsOnly(checkIn.checkInId());
            assertThat(e.evidence().get(1).value()).isEqualTo(30);
            assertThat(e.evidence().get(1).unit()).isEqualTo(Evidence.CHARACTERS);
            assertThat(e.toString()).doesNotContain("Jane");
            assertThat(e.completedAt()).isEqualTo(at(0));
            assertThat(e.completedReceivedAt()).isEqualTo(checkIn.receivedAt());
        });
        assertThat(events.get(1).rule()).contains("30 characters");
        // The alert service records only ids that derive from patient, condition and episode start.
        assertThat(events).allSatisfy(e -> assertThat(e.alertId())
                .isEqualTo(AlertEvent.alertId(PATIENT, AlertCondition.SYMPTOM, e.episodeStart())));
        assertThat(events).extracting(AlertEvent::episodeStart)
                .containsExactly(SymptomRule.episodeKey(at(0), Symptom.CHILLS), SymptomRule.episodeKey(at(0), Symptom.OTHER));
    }

    @Test
    void shouldNeverResolveASymptomAlertItself() {
        harness.sendCheckIns(List.of(checkIn(0, Symptom.CHILLS)));
        harness.advanceWallClock(Duration.ofDays(2));

        List<AlertEvent> later = harness.send(DetectionRulesTest.temps(2880, 2960, 5, 36.8));

        assertThat(later).noneMatch(e -> e.condition() == AlertCondition.SYMPTOM);
    }

    @Test
    void shouldRaiseNothingForADischargedPatientAndCountIt() {
        harness.profile(PATIENT, Thresholds.DEFAULTS, true, at(-10));
        harness.discharge(PATIENT);
        harness.alerts();

        assertThat(harness.sendCheckIns(List.of(checkIn(0, Symptom.CHILLS)))).isEmpty();
        assertThat(harness.sendReadings(List.of(rhythm(1, HeartRhythm.IRREGULAR)))).isEmpty();
        assertThat(harness.registry.counter(DetectionMetrics.SYMPTOMS, "symptom", "chills", "outcome", "discharged")
                .count()).isEqualTo(1);
    }

    @Test
    void shouldResolveAnOpenIrregularRhythmOnDischargeAndRaiseSymptomsAgainAfterReEnrolment() {
        harness.profile(PATIENT, Thresholds.DEFAULTS, true, at(-10));
        harness.sendReadings(List.of(rhythm(0, HeartRhythm.IRREGULAR)));
        harness.sendCheckIns(List.of(checkIn(1, Symptom.CHILLS)));

        harness.discharge(PATIENT);
        List<AlertEvent> discharged = harness.alerts();
        harness.profile(PATIENT, Thresholds.DEFAULTS, true, at(20));

        assertThat(summary(discharged)).containsExactly("IRREGULAR_RHYTHM RESOLVED HIGH");
        assertThat(summary(harness.sendCheckIns(List.of(checkIn(30, Symptom.CHILLS)))))
                .containsExactly("SYMPTOM RAISED HIGH CHILLS");
    }

    @Test
    void shouldCountSymptomAlertsBySymptomAndRepeatsApart() {
        harness.sendCheckIns(List.of(checkIn(0, Symptom.CHILLS), checkIn(2, Symptom.CHILLS, Symptom.SWOLLEN_ARM)));

        assertThat(harness.registry.counter(DetectionMetrics.SYMPTOMS, "symptom", "chills", "outcome", "raised").count())
                .isEqualTo(1);
        assertThat(harness.registry.counter(DetectionMetrics.SYMPTOMS, "symptom", "chills", "outcome", "repeat").count())
                .isEqualTo(1);
        assertThat(harness.registry.counter(DetectionMetrics.SYMPTOMS, "symptom", "swollen_arm", "outcome", "raised")
                .count()).isEqualTo(1);
        assertThat(harness.registry.counter(DetectionMetrics.ALERTS, "condition", "symptom", "severity", "high",
                "transition", "raised").count()).isEqualTo(2);
    }

    @Test
    void shouldLeaveTheOtherRulesAsTheyWereBesideRhythmsAndCheckIns() {
        harness.sendReadings(List.of(rhythm(0, HeartRhythm.IRREGULAR)));
        harness.sendCheckIns(List.of(checkIn(1, Symptom.CHILLS)));

        List<AlertEvent> fever = harness.send(List.of(temp(2, 38.2), temp(7, 38.3)));

        assertThat(DetectionRulesTest.summary(fever)).containsExactly("FEVER RAISED MEDIUM");
    }

    @Test
    void shouldSendAnUnreadableCheckInToTheDeadLetters() {
        harness.sendRawCheckIn(PATIENT, "{\"checkInId\": \"c\", \"symptoms\": []}");
        harness.sendRawCheckIn("someone-else", "{\"checkInId\":\"c\",\"patientId\":\"" + PATIENT + "\",\"deviceId\":\"d\","
                + "\"symptoms\":[\"CHILLS\"],\"reportedAt\":\"2026-11-28T08:00:00Z\",\"receivedAt\":\"2026-11-28T08:00:00Z\"}");

        assertThat(harness.deadLetters()).hasSize(2);
        assertThat(harness.alerts()).isEmpty();
        assertThat(harness.registry.counter(DetectionMetrics.DEAD_LETTERS, "source", "symptoms").count()).isEqualTo(2);
    }

    @Test
    void shouldUseTheSeveritiesDocumentedInClinicalRules() {
        assertThat(Stream.of(Symptom.values()).map(s -> s + " " + SymptomRule.severity(s)).toList()).containsExactly(
                "SHOULDER_PAIN HIGH", "SWOLLEN_ARM HIGH", "PORT_SITE_SKIN MEDIUM", "PORT_WILL_NOT_FLUSH MEDIUM",
                "HEART_FLUTTER HIGH", "CHILLS HIGH", "OTHER MEDIUM");
        assertThat(RhythmRule.SEVERITY).isEqualTo(Severity.HIGH);
        assertThat(SymptomRule.REPEAT_WINDOW).isEqualTo(Duration.ofMinutes(5));
        assertThat(RhythmRule.RESOLVE_AFTER).isEqualTo(Duration.ofHours(24));
        assertThat(AlertTransition.values()).contains(AlertTransition.RESOLVED);
    }
}
