package org.portwatch.ingest.reading;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.portwatch.model.Activity;
import org.portwatch.model.HeartRhythm;
import org.portwatch.model.Json;
import org.portwatch.model.MeasurementSite;
import org.portwatch.model.SensorStatus;
import org.portwatch.model.Topics;
import org.portwatch.model.VitalReading;
import org.portwatch.model.VitalType;
import org.portwatch.model.serde.VitalReadingSerde;

/**
 * ingest's field-by-field writer of a reading gives exactly the bytes of the contracts' mapper, for any reading: ids
 * with quotes, control characters and non-ASCII letters, every kind of fraction of a second, years far from ours,
 * absent optional fields, rhythms; and it reads back as the same reading.
 */
class ReadingRecordSerializerPropertiesTest {

    private final ReadingRecordSerializer serializer = new ReadingRecordSerializer();

    @Property(tries = 3000)
    void shouldWriteAReadingByteForByteAsTheMapperDoes(@ForAll("readings") VitalReading reading) throws Exception {
        byte[] fast = serializer.serialize(Topics.VITALS_READINGS, reading);
        byte[] mapper = Json.mapper().writeValueAsBytes(reading);
        assertThat(new String(fast, StandardCharsets.UTF_8)).isEqualTo(new String(mapper, StandardCharsets.UTF_8));
        assertThat(fast).isEqualTo(mapper);
        try (VitalReadingSerde.Deserializer back = new VitalReadingSerde.Deserializer()) {
            assertThat(back.deserialize(Topics.VITALS_READINGS, fast)).isEqualTo(reading);
        }
    }

    @Property(tries = 3000)
    void shouldWriteAnInstantAsJavaDoes(@ForAll("instants") Instant instant) {
        assertThat(ReadingRecordSerializer.instant(instant)).isEqualTo(instant.toString());
    }

    @Property(tries = 10)
    void anythingElseGoesThroughTheMapper(@ForAll("instants") Instant at) throws Exception {
        Object other = java.util.Map.of("at", at.toString(), "n", 1);
        assertThat(serializer.serialize(Topics.PATIENT_SYMPTOMS, other)).isEqualTo(Json.mapper().writeValueAsBytes(other));
        assertThat(serializer.serialize(Topics.VITALS_READINGS, null)).isNull();
    }

    @Provide
    Arbitrary<Instant> instants() {
        Arbitrary<Long> seconds = Arbitraries.oneOf(
                Arbitraries.longs().between(1_700_000_000L, 1_900_000_000L),
                Arbitraries.longs().between(-62_000_000_000L, 253_402_300_799L),
                Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()));
        Arbitrary<Integer> nanos = Arbitraries.oneOf(Arbitraries.just(0),
                Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000),
                Arbitraries.integers().between(0, 999_999).map(us -> us * 1000),
                Arbitraries.integers().between(0, 999_999_999));
        return Combinators.combine(seconds, nanos).as(Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<VitalReading> readings() {
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').numeric().withChars("-._:").ofMinLength(1).ofMaxLength(40),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(20)
                        .filter(ReadingRecordSerializerPropertiesTest::noLoneSurrogate),
                Arbitraries.strings().withChars("\"\\/\u0000\u001f\u007f\u00e9\u00b0\u2028\ud83d\ude00").ofMinLength(1)
                        .ofMaxLength(8));
        Arbitrary<Double> values = Arbitraries.oneOf(Arbitraries.doubles().between(-1e6, 1e6),
                Arbitraries.of(0.0, -0.0, 36.6, 38.0, 72.0, 1e-7, 1.0E21, Double.MIN_VALUE, Double.MAX_VALUE));
        Arbitrary<VitalType> types = Arbitraries.of(VitalType.class).filter(t -> !t.categorical());
        Arbitrary<VitalReading> numeric = Combinators.combine(
                Combinators.combine(text, text, text, types, values, text, text.injectNull(0.3)).as(Fields::new),
                instants(), instants(), Arbitraries.of(MeasurementSite.class).injectNull(0.3),
                Arbitraries.of(Activity.class).injectNull(0.3), Arbitraries.of(SensorStatus.class).injectNull(0.3))
                .as((f, measured, received, site, activity, status) -> new VitalReading(f.readingId, f.patientId,
                        f.deviceId, f.type, f.value, f.unit, f.sourceUnit, measured, received, site, activity, status));
        Arbitrary<VitalReading> rhythm = Combinators.combine(text, text, text, Arbitraries.of(HeartRhythm.class),
                instants(), instants(), Arbitraries.of(SensorStatus.class).injectNull(0.3))
                .as(VitalReading::rhythm);
        return Arbitraries.oneOf(numeric, numeric, numeric, rhythm);
    }

    /** A lone surrogate is no text at all (no JSON writer accepts it); pairs are kept. */
    static boolean noLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private record Fields(String readingId, String patientId, String deviceId, VitalType type, double value,
            String unit, String sourceUnit) {
    }
}
