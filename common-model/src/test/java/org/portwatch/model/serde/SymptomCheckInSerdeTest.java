package org.portwatch.model.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.portwatch.model.Antipyretic;
import org.portwatch.model.Evidence;
import org.portwatch.model.Json;
import org.portwatch.model.Symptom;
import org.portwatch.model.SymptomCheckIn;
import org.portwatch.model.Topics;
import org.portwatch.model.VitalType;

class SymptomCheckInSerdeTest {

    private final SymptomCheckInSerde serde = new SymptomCheckInSerde();

    @Test
    void shouldRoundTripACheckInWithItsSymptomsInOneOrder() {
        SymptomCheckIn checkIn = new SymptomCheckIn("c-1", "patient-7", "app-1",
                List.of(Symptom.OTHER, Symptom.CHILLS, Symptom.CHILLS), "sweating at night",
                Instant.parse("2026-11-28T10:15:30Z"), Instant.parse("2026-11-28T10:15:31Z"), null);

        byte[] bytes = serde.serializer().serialize(Topics.PATIENT_SYMPTOMS, checkIn);

        assertThat(checkIn.symptoms()).containsExactly(Symptom.CHILLS, Symptom.OTHER);
        assertThat(serde.deserializer().deserialize(Topics.PATIENT_SYMPTOMS, bytes)).isEqualTo(checkIn);
    }

    @Test
    void shouldRoundTripACheckInReportingOnlyAnAntipyreticAndReadOldRecordsWithoutOne() {
        SymptomCheckIn dose = new SymptomCheckIn("c-2", "patient-7", "app-1", List.of(), null,
                Instant.parse("2026-11-28T10:15:30Z"), Instant.parse("2026-11-28T10:15:31Z"),
                new SymptomCheckIn.AntipyreticTaken(Antipyretic.PARACETAMOL, Instant.parse("2026-11-28T09:00:00Z")));
        byte[] old = ("{\"checkInId\":\"c\",\"patientId\":\"p\",\"deviceId\":\"d\",\"symptoms\":[\"CHILLS\"],"
                + "\"reportedAt\":\"2026-11-28T10:15:30Z\",\"receivedAt\":\"2026-11-28T10:15:30Z\"}")
                .getBytes(StandardCharsets.UTF_8);

        byte[] bytes = serde.serializer().serialize(Topics.PATIENT_SYMPTOMS, dose);

        assertThat(serde.deserializer().deserialize(Topics.PATIENT_SYMPTOMS, bytes)).isEqualTo(dose);
        assertThat(serde.deserializer().deserialize(Topics.PATIENT_SYMPTOMS, old).antipyretic()).isNull();
    }

    @Test
    void shouldRefuseACheckInWithoutSymptomsOrAnAntipyretic() {
        byte[] empty = ("{\"checkInId\":\"c\",\"patientId\":\"p\",\"deviceId\":\"d\",\"symptoms\":[],"
                + "\"reportedAt\":\"2026-11-28T10:15:30Z\",\"receivedAt\":\"2026-11-28T10:15:30Z\"}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> serde.deserializer().deserialize(Topics.PATIENT_SYMPTOMS, empty))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldDeriveTheSameIdForTheSameDeviceAndTime() {
        Instant at = Instant.parse("2026-11-28T10:15:30Z");

        assertThat(SymptomCheckIn.deriveCheckInId("app-1", at)).isEqualTo(SymptomCheckIn.deriveCheckInId("app-1", at))
                .isNotEqualTo(SymptomCheckIn.deriveCheckInId("app-2", at))
                .isNotEqualTo(SymptomCheckIn.deriveCheckInId("app-1", at.plusMillis(1)));
    }

    @Test
    void shouldCountTheTextInCharactersNotUtf16Units() {
        SymptomCheckIn checkIn = new SymptomCheckIn("c", "p", "d", List.of(Symptom.OTHER), "ache 😣",
                Instant.EPOCH, Instant.EPOCH, null);

        assertThat(checkIn.otherTextLength()).isEqualTo(6);
    }

    @Test
    void shouldKeepEvidenceOfMeasuredValuesAsItWasAndNameAFindingOtherwise() throws Exception {
        Evidence measured = new Evidence("r", VitalType.HEART_RATE, 120, "/min", Instant.EPOCH);
        Evidence symptom = new Evidence("c", null, 12, Evidence.CHARACTERS, Instant.EPOCH, Symptom.OTHER.name());

        assertThat(Json.mapper().writeValueAsString(measured)).doesNotContain("finding");
        assertThat(Json.mapper().readValue(Json.mapper().writeValueAsString(symptom), Evidence.class)).isEqualTo(symptom);
        assertThat(Json.mapper().readValue("{\"readingId\":\"r\",\"type\":\"HEART_RATE\",\"value\":120,\"unit\":\"/min\","
                + "\"measuredAt\":\"1970-01-01T00:00:00Z\"}", Evidence.class)).isEqualTo(measured);
    }
}
