package org.portwatch.ingest.reading;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.portwatch.model.Activity;
import org.portwatch.model.MeasurementSite;
import org.portwatch.model.SensorStatus;
import org.portwatch.model.VitalReading;
import org.portwatch.model.VitalType;

class ReadingValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private final ReadingValidator validator = new ReadingValidator(Duration.ofMinutes(5), Duration.ofDays(7));

    private static ReadingInput temperature(JsonNode value, String unit, String measuredAt) {
        return new ReadingInput(null, "BODY_TEMPERATURE", value, unit, measuredAt, null, null, null);
    }

    private ReadingValidator.Outcome validate(ReadingInput... inputs) {
        return validator.validate(Arrays.asList(inputs), "patch-1", "patient-1", NOW);
    }

    private Rejection onlyRejection(ReadingInput input) {
        ReadingValidator.Outcome outcome = validate(input);
        assertThat(outcome.accepted()).isEmpty();
        assertThat(outcome.rejected()).hasSize(1);
        return outcome.rejected().get(0);
    }

    @Test
    void shouldAcceptAFahrenheitReadingInCanonicalCelsiusKeepingTheSourceUnit() {
        ReadingValidator.Outcome outcome = validate(new ReadingInput("dev-42", "BODY_TEMPERATURE", DoubleNode.valueOf(100.4),
                "°F", "2026-11-28T11:59:00Z", "oral", "RESTING", "ON_BODY"));

        assertThat(outcome.rejected()).isEmpty();
        VitalReading reading = outcome.accepted().get(0);
        assertThat(reading.value()).isEqualTo(38.0);
        assertThat(reading.unit()).isEqualTo("Cel");
        assertThat(reading.sourceUnit()).isEqualTo("[degF]");
        assertThat(reading.readingId()).isEqualTo("dev-42");
        assertThat(reading.patientId()).isEqualTo("patient-1");
        assertThat(reading.deviceId()).isEqualTo("patch-1");
        assertThat(reading.site()).isEqualTo(MeasurementSite.ORAL);
        assertThat(reading.activity()).isEqualTo(Activity.RESTING);
        assertThat(reading.sensorStatus()).isEqualTo(SensorStatus.ON_BODY);
        assertThat(reading.measuredAt()).isEqualTo(Instant.parse("2026-11-28T11:59:00Z"));
        assertThat(reading.receivedAt()).isEqualTo(NOW);
    }

    @Test
    void shouldDeriveTheReadingIdWhenTheDeviceSentNone() {
        VitalReading reading = validate(new ReadingInput(null, "HEART_RATE", IntNode.valueOf(72), "bpm",
                "2026-11-28T11:59:00Z", null, null, null)).accepted().get(0);

        assertThat(reading.readingId()).isEqualTo(
                VitalReading.deriveReadingId("patch-1", VitalType.HEART_RATE, Instant.parse("2026-11-28T11:59:00Z")));
        assertThat(reading.unit()).isEqualTo("/min");
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource({
            // Plausible ranges of docs/clinical-rules.md, both edges inclusive.
            "BODY_TEMPERATURE, 25.0, Cel, ",
            "BODY_TEMPERATURE, 45.0, Cel, ",
            "BODY_TEMPERATURE, 24.99, Cel, IMPLAUSIBLE_VALUE",
            "BODY_TEMPERATURE, 45.01, Cel, IMPLAUSIBLE_VALUE",
            "BODY_TEMPERATURE, 113.0, [degF], ",
            "BODY_TEMPERATURE, 113.1, [degF], IMPLAUSIBLE_VALUE",
            "BODY_TEMPERATURE, 37.0, K, UNKNOWN_UNIT",
            "BODY_TEMPERATURE, 37.0, /min, UNIT_MISMATCH",
            "HEART_RATE, 20, /min, ",
            "HEART_RATE, 250, bpm, ",
            "HEART_RATE, 19, /min, IMPLAUSIBLE_VALUE",
            "HEART_RATE, 251, /min, IMPLAUSIBLE_VALUE",
            "HEART_RATE, 80, Cel, UNIT_MISMATCH",
            "BLOOD_PRESSURE, 120, mm[Hg], UNKNOWN_TYPE"})
    void shouldJudgeTypesUnitsAndRanges(String type, double value, String unit, RejectionReason expected) {
        ReadingValidator.Outcome outcome = validate(new ReadingInput(null, type, DoubleNode.valueOf(value), unit,
                "2026-11-28T11:00:00Z", null, null, null));

        if (expected == null) {
            assertThat(outcome.accepted()).hasSize(1);
        } else {
            assertThat(outcome.rejected()).singleElement().extracting(Rejection::reason).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "measuredAt {0} -> {1}")
    @CsvSource({
            "2026-11-28T12:05:00Z, ",
            "2026-11-28T12:05:00.001Z, IN_FUTURE",
            "2026-11-21T12:00:00Z, ",
            "2026-11-21T11:59:59.999Z, TOO_OLD",
            // Backfill (24 h to 7 days old) is accepted; detection decides what it may raise.
            "2026-11-25T08:00:00Z, ",
            "2026-11-28T13:00:00+01:00, ",
            "2026-11-28T12:00:00, INVALID_TIMESTAMP",
            "yesterday, INVALID_TIMESTAMP",
            "1764331200, INVALID_TIMESTAMP"})
    void shouldJudgeMeasurementTimes(String measuredAt, RejectionReason expected) {
        ReadingValidator.Outcome outcome = validate(temperature(DoubleNode.valueOf(36.8), "Cel", measuredAt));

        if (expected == null) {
            assertThat(outcome.accepted()).hasSize(1);
        } else {
            assertThat(outcome.rejected()).singleElement().extracting(Rejection::reason).isEqualTo(expected);
        }
    }

    @Test
    void shouldNameTheMissingField() {
        assertThat(onlyRejection(new ReadingInput(null, null, IntNode.valueOf(1), "Cel", "2026-11-28T11:00:00Z", null, null, null)))
                .extracting(Rejection::field, Rejection::reason).containsExactly("type", RejectionReason.MISSING_FIELD);
        assertThat(onlyRejection(temperature(null, "Cel", "2026-11-28T11:00:00Z")))
                .extracting(Rejection::field, Rejection::reason).containsExactly("value", RejectionReason.MISSING_FIELD);
        assertThat(onlyRejection(temperature(NullNode.getInstance(), "Cel", "2026-11-28T11:00:00Z")))
                .extracting(Rejection::field, Rejection::reason).containsExactly("value", RejectionReason.MISSING_FIELD);
        assertThat(onlyRejection(temperature(DoubleNode.valueOf(37), null, "2026-11-28T11:00:00Z")))
                .extracting(Rejection::field, Rejection::reason).containsExactly("unit", RejectionReason.MISSING_FIELD);
        assertThat(onlyRejection(temperature(DoubleNode.valueOf(37), "Cel", null)))
                .extracting(Rejection::field, Rejection::reason).containsExactly("measuredAt", RejectionReason.MISSING_FIELD);
    }

    @Test
    void shouldRejectAValueThatIsNotANumber() {
        assertThat(onlyRejection(temperature(TextNode.valueOf("38.5"), "Cel", "2026-11-28T11:00:00Z")))
                .extracting(Rejection::field, Rejection::reason).containsExactly("value", RejectionReason.NOT_A_NUMBER);
    }

    @Test
    void shouldRejectANumberTooLargeForADoubleAsImplausible() {
        assertThat(onlyRejection(temperature(DoubleNode.valueOf(Double.POSITIVE_INFINITY), "Cel", "2026-11-28T11:00:00Z")))
                .extracting(Rejection::field, Rejection::reason).containsExactly("value", RejectionReason.IMPLAUSIBLE_VALUE);
        assertThat(onlyRejection(temperature(new com.fasterxml.jackson.databind.node.DecimalNode(
                new java.math.BigDecimal("1e400")), "[degF]", "2026-11-28T11:00:00Z")))
                .extracting(Rejection::reason).isEqualTo(RejectionReason.IMPLAUSIBLE_VALUE);
    }

    @Test
    void shouldRejectUnknownSitesActivitiesAndSensorStates() {
        assertThat(onlyRejection(new ReadingInput(null, "HEART_RATE", IntNode.valueOf(70), "/min", "2026-11-28T11:00:00Z",
                "ankle", null, null))).extracting(Rejection::field).isEqualTo("site");
        assertThat(onlyRejection(new ReadingInput(null, "HEART_RATE", IntNode.valueOf(70), "/min", "2026-11-28T11:00:00Z",
                null, "running", null))).extracting(Rejection::field).isEqualTo("activity");
        assertThat(onlyRejection(new ReadingInput(null, "HEART_RATE", IntNode.valueOf(70), "/min", "2026-11-28T11:00:00Z",
                null, null, "loose"))).extracting(Rejection::field).isEqualTo("sensorStatus");
    }

    @Test
    void shouldRejectAReadingIdThatIsNotAnOpaqueToken() {
        assertThat(onlyRejection(new ReadingInput("has space", "HEART_RATE", IntNode.valueOf(70), "/min",
                "2026-11-28T11:00:00Z", null, null, null))).extracting(Rejection::reason).isEqualTo(RejectionReason.INVALID_READING_ID);
        assertThat(onlyRejection(new ReadingInput("x".repeat(129), "HEART_RATE", IntNode.valueOf(70), "/min",
                "2026-11-28T11:00:00Z", null, null, null))).extracting(Rejection::reason).isEqualTo(RejectionReason.INVALID_READING_ID);
    }

    @Test
    void shouldAcceptOffBodyReadingsSoHistoryIsComplete() {
        ReadingValidator.Outcome outcome = validate(new ReadingInput(null, "BODY_TEMPERATURE", DoubleNode.valueOf(29.5),
                "Cel", "2026-11-28T11:00:00Z", "SKIN", null, "OFF_BODY"));

        assertThat(outcome.accepted()).singleElement().extracting(VitalReading::offBody).isEqualTo(true);
    }

    @Test
    void shouldJudgeEachReadingOnItsOwnAndKeepTheirPositions() {
        ReadingValidator.Outcome outcome = validator.validate(Arrays.asList(
                temperature(DoubleNode.valueOf(37.0), "Cel", "2026-11-28T11:00:00Z"),
                temperature(DoubleNode.valueOf(99.0), "Cel", "2026-11-28T11:00:00Z"),
                null,
                temperature(DoubleNode.valueOf(38.2), "C", "2026-11-28T11:05:00Z")), "patch-1", "patient-1", NOW);

        assertThat(outcome.accepted()).extracting(VitalReading::value).containsExactly(37.0, 38.2);
        assertThat(outcome.rejected()).extracting(Rejection::index).containsExactly(1, 2);
        assertThat(outcome.rejected()).extracting(Rejection::reason)
                .containsExactly(RejectionReason.IMPLAUSIBLE_VALUE, RejectionReason.MISSING_FIELD);
    }

    @Test
    void shouldNeverTakeThePatientFromTheBody() {
        List<VitalReading> accepted = validator.validate(List.of(temperature(DoubleNode.valueOf(37.0), "Cel",
                "2026-11-28T11:00:00Z")), "patch-9", "patient-registered", NOW).accepted();

        assertThat(accepted).singleElement().extracting(VitalReading::patientId).isEqualTo("patient-registered");
    }

    private static ReadingInput heartRate(String readingId, int bpm, String measuredAt) {
        return new ReadingInput(readingId, "HEART_RATE", IntNode.valueOf(bpm), "/min", measuredAt, null, null, null);
    }

    @Test
    void shouldSendOnOnlyTheLaterOfTwoReadingsOfOneMeasurement() {
        ReadingValidator.Outcome outcome = validate(
                heartRate("hr-1", 80, "2026-11-28T11:00:00Z"),
                new ReadingInput("t-1", "BODY_TEMPERATURE", DoubleNode.valueOf(37.1), "Cel", "2026-11-28T11:00:00Z",
                        null, null, null),
                // The same instant written in another zone is the same measurement.
                heartRate("hr-2", 90, "2026-11-28T12:00:00+01:00"));

        assertThat(outcome.rejected()).isEmpty();
        assertThat(outcome.accepted()).extracting(VitalReading::readingId, VitalReading::value)
                .containsExactly(Tuple.tuple("t-1", 37.1), Tuple.tuple("hr-2", 90.0));
        assertThat(outcome.superseded()).extracting(VitalReading::readingId).containsExactly("hr-1");
    }

    @Test
    void shouldTreatAReadingWithoutIdsAtTheSameTimeAsOneMeasurement() {
        ReadingValidator.Outcome outcome = validate(
                heartRate(null, 80, "2026-11-28T11:00:00Z"),
                heartRate(null, 81, "2026-11-28T11:00:00.000Z"),
                heartRate(null, 82, "2026-11-28T11:00:01Z"));

        assertThat(outcome.accepted()).extracting(VitalReading::value).containsExactly(81.0, 82.0);
        assertThat(outcome.superseded()).hasSize(1);
        assertThat(outcome.accepted().get(0).readingId()).isEqualTo(VitalReading.deriveReadingId("patch-1",
                VitalType.HEART_RATE, Instant.parse("2026-11-28T11:00:00Z")));
    }

    @Test
    void shouldTakeARepeatedReadingIdOfTheSameMeasurementAsAResend() {
        ReadingValidator.Outcome outcome = validate(
                heartRate("hr-1", 80, "2026-11-28T11:00:00Z"),
                heartRate("hr-1", 85, "2026-11-28T11:00:00Z"));

        assertThat(outcome.rejected()).isEmpty();
        assertThat(outcome.accepted()).singleElement().extracting(VitalReading::value).isEqualTo(85.0);
        assertThat(outcome.superseded()).hasSize(1);
    }

    @Test
    void shouldRejectAReadingIdTheDeviceAlreadyUsedForAnotherMeasurement() {
        ReadingValidator.Outcome outcome = validate(
                heartRate("hr-1", 80, "2026-11-28T11:00:00Z"),
                heartRate("hr-1", 82, "2026-11-28T11:01:00Z"),
                new ReadingInput("hr-1", "BODY_TEMPERATURE", DoubleNode.valueOf(37.0), "Cel", "2026-11-28T11:00:00Z",
                        null, null, null),
                heartRate("hr-2", 84, "2026-11-28T11:02:00Z"));

        assertThat(outcome.accepted()).extracting(VitalReading::readingId).containsExactly("hr-1", "hr-2");
        assertThat(outcome.accepted().get(0).value()).isEqualTo(80.0);
        assertThat(outcome.superseded()).isEmpty();
        assertThat(outcome.rejected()).extracting(Rejection::index, Rejection::field, Rejection::reason).containsExactly(
                Tuple.tuple(1, "readingId", RejectionReason.DUPLICATE_READING_ID),
                Tuple.tuple(2, "readingId", RejectionReason.DUPLICATE_READING_ID));
        assertThat(outcome.rejected().get(0).detail()).contains("reading 0");
    }

    @Test
    void shouldAcceptAHeartRhythmAsItsCategoryWithoutAUnit() {
        ReadingValidator.Outcome outcome = validate(
                new ReadingInput("watch-1", "HEART_RHYTHM", TextNode.valueOf("irregular"), null, "2026-11-28T11:59:00Z",
                        null, null, "ON_BODY"),
                new ReadingInput(null, "HEART_RHYTHM", TextNode.valueOf("REGULAR"), "{rhythm}", "2026-11-28T11:58:00Z",
                        null, null, null));

        assertThat(outcome.rejected()).isEmpty();
        assertThat(outcome.accepted()).extracting(VitalReading::rhythm)
                .containsExactly(org.portwatch.model.HeartRhythm.IRREGULAR, org.portwatch.model.HeartRhythm.REGULAR);
        assertThat(outcome.accepted()).allSatisfy(r -> {
            assertThat(r.type()).isEqualTo(VitalType.HEART_RHYTHM);
            assertThat(r.unit()).isEqualTo("{rhythm}");
            assertThat(r.value()).isZero();
        });
    }

    @ParameterizedTest(name = "value {0}, unit {1} -> {2}")
    @CsvSource(nullValues = "null", value = {
            "'\"FAST\"', null, value, UNKNOWN_VALUE",
            "72, null, value, UNKNOWN_VALUE",
            "'\"IRREGULAR\"', /min, unit, UNIT_MISMATCH",
            "'\"IRREGULAR\"', furlongs, unit, UNIT_MISMATCH"})
    void shouldRejectAHeartRhythmThatIsNotRegularOrIrregular(String json, String unit, String field, RejectionReason reason)
            throws Exception {
        JsonNode value = org.portwatch.model.Json.mapper().readTree(json);

        Rejection rejection = onlyRejection(new ReadingInput(null, "HEART_RHYTHM", value, unit, "2026-11-28T11:59:00Z",
                null, null, null));

        assertThat(rejection.field()).isEqualTo(field);
        assertThat(rejection.reason()).isEqualTo(reason);
    }

    @Test
    void shouldStillRequireANumberForNumericTypes() {
        assertThat(onlyRejection(temperature(TextNode.valueOf("IRREGULAR"), "Cel", "2026-11-28T11:59:00Z")).reason())
                .isEqualTo(RejectionReason.NOT_A_NUMBER);
    }
}
