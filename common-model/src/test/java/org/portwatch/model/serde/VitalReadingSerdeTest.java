package org.portwatch.model.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.portwatch.model.Activity;
import org.portwatch.model.HeartRhythm;
import org.portwatch.model.MeasurementSite;
import org.portwatch.model.SensorStatus;
import org.portwatch.model.Topics;
import org.portwatch.model.Units;
import org.portwatch.model.VitalReading;
import org.portwatch.model.VitalType;

class VitalReadingSerdeTest {

    private final VitalReadingSerde serde = new VitalReadingSerde();

    @Test
    void shouldRoundTripEveryField() {
        VitalReading reading = new VitalReading("r-1", "patient-7", "patch-3", VitalType.BODY_TEMPERATURE, 38.0,
                Units.CELSIUS, Units.FAHRENHEIT, Instant.parse("2026-11-28T10:15:30.123Z"),
                Instant.parse("2026-11-28T10:15:31Z"), MeasurementSite.ORAL, Activity.RESTING, SensorStatus.ON_BODY);

        byte[] bytes = serde.serializer().serialize(Topics.VITALS_READINGS, reading);

        assertThat(serde.deserializer().deserialize(Topics.VITALS_READINGS, bytes)).isEqualTo(reading);
    }

    @Test
    void shouldRoundTripAReadingWithoutOptionalFields() {
        VitalReading reading = new VitalReading("r-2", "patient-7", "band-1", VitalType.HEART_RATE, 112,
                Units.PER_MINUTE, "bpm", Instant.parse("2026-11-28T10:16:00Z"), Instant.parse("2026-11-28T10:16:01Z"),
                null, null, null);

        byte[] bytes = serde.serializer().serialize(Topics.VITALS_READINGS, reading);

        assertThat(serde.deserializer().deserialize(Topics.VITALS_READINGS, bytes)).isEqualTo(reading);
    }

    @Test
    void shouldWriteTimesAsIsoStringsAndUnitsAsUcum() {
        VitalReading reading = new VitalReading("r-3", "p", "d", VitalType.BODY_TEMPERATURE, 37.2, Units.CELSIUS, "C",
                Instant.parse("2026-11-28T10:15:30Z"), Instant.parse("2026-11-28T10:15:31Z"), null, null, null);

        String json = new String(serde.serializer().serialize(Topics.VITALS_READINGS, reading), StandardCharsets.UTF_8);

        assertThat(json).contains("\"measuredAt\":\"2026-11-28T10:15:30Z\"", "\"unit\":\"Cel\"", "\"type\":\"BODY_TEMPERATURE\"");
    }

    @Test
    void shouldPassTombstonesThrough() {
        assertThat(serde.serializer().serialize(Topics.VITALS_READINGS, null)).isNull();
        assertThat(serde.deserializer().deserialize(Topics.VITALS_READINGS, null)).isNull();
    }

    @Test
    void shouldRefuseARecordThatIsNotAReadingWithoutEchoingIt() {
        byte[] garbage = "{\"readingId\": \"x\", \"temperature\": 41.9".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> serde.deserializer().deserialize(Topics.VITALS_READINGS, garbage))
                .isInstanceOf(SerializationException.class)
                .hasMessageNotContaining("41.9");
    }

    @Test
    void shouldRefuseAReadingMissingARequiredField() {
        byte[] noPatient = "{\"readingId\":\"r\",\"deviceId\":\"d\",\"type\":\"HEART_RATE\",\"value\":80,\"unit\":\"/min\",\"measuredAt\":\"2026-11-28T10:15:30Z\",\"receivedAt\":\"2026-11-28T10:15:30Z\"}"
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> serde.deserializer().deserialize(Topics.VITALS_READINGS, noPatient))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldRoundTripAHeartRhythmReadingWithItsCategory() {
        VitalReading reading = VitalReading.rhythm("watch-9", "patient-7", "watch-1", HeartRhythm.IRREGULAR,
                Instant.parse("2026-11-28T10:16:00Z"), Instant.parse("2026-11-28T10:16:01Z"), SensorStatus.ON_BODY);

        byte[] bytes = serde.serializer().serialize(Topics.VITALS_READINGS, reading);

        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"rhythm\":\"IRREGULAR\"", "\"unit\":\"{rhythm}\"");
        assertThat(serde.deserializer().deserialize(Topics.VITALS_READINGS, bytes)).isEqualTo(reading);
    }

    @Test
    void shouldLeaveANumericReadingsJsonAsItWasBeforeRhythms() {
        VitalReading reading = new VitalReading("r-4", "p", "d", VitalType.HEART_RATE, 80, Units.PER_MINUTE, "/min",
                Instant.parse("2026-11-28T10:15:30Z"), Instant.parse("2026-11-28T10:15:31Z"), null, null, null);

        String json = new String(serde.serializer().serialize(Topics.VITALS_READINGS, reading), StandardCharsets.UTF_8);

        assertThat(json).doesNotContain("rhythm");
    }

    @Test
    void shouldReadAReadingWrittenBeforeRhythmsExisted() {
        byte[] old = ("{\"readingId\":\"r\",\"patientId\":\"p\",\"deviceId\":\"d\",\"type\":\"HEART_RATE\",\"value\":80,"
                + "\"unit\":\"/min\",\"sourceUnit\":\"bpm\",\"measuredAt\":\"2026-11-28T10:15:30Z\","
                + "\"receivedAt\":\"2026-11-28T10:15:31Z\",\"site\":null,\"activity\":null,\"sensorStatus\":null}")
                .getBytes(StandardCharsets.UTF_8);

        VitalReading reading = serde.deserializer().deserialize(Topics.VITALS_READINGS, old);

        assertThat(reading.value()).isEqualTo(80.0);
        assertThat(reading.rhythm()).isNull();
    }

    @Test
    void shouldRefuseARhythmReadingWithoutItsRhythm() {
        byte[] noRhythm = "{\"readingId\":\"r\",\"patientId\":\"p\",\"deviceId\":\"d\",\"type\":\"HEART_RHYTHM\",\"value\":0,\"unit\":\"{rhythm}\",\"measuredAt\":\"2026-11-28T10:15:30Z\",\"receivedAt\":\"2026-11-28T10:15:30Z\"}"
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> serde.deserializer().deserialize(Topics.VITALS_READINGS, noRhythm))
                .isInstanceOf(SerializationException.class);
    }
}
