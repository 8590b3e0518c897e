package org.portwatch.loadgen;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadingFactoryTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:15:30.123Z");

    @Test
    void batchIsValidJsonOfRealisticReadings() {
        ReadingFactory f = new ReadingFactory(42, 1, new SplittableRandom(7));
        JsonArray readings = new JsonObject(f.body(500, NOW)).getJsonArray("readings");
        assertThat(readings).hasSize(500);
        Set<String> ids = new HashSet<>();
        int temperatures = 0;
        Instant previous = Instant.MIN;
        for (int i = 0; i < readings.size(); i++) {
            JsonObject r = readings.getJsonObject(i);
            ids.add(r.getString("readingId"));
            assertThat(UUID.fromString(r.getString("readingId")).version()).isEqualTo(4);
            Instant measuredAt = Instant.parse(r.getString("measuredAt"));
            assertThat(measuredAt).isAfter(previous).isBeforeOrEqualTo(NOW).isAfter(NOW.minusSeconds(3600));
            previous = measuredAt;
            assertThat(r.getString("activity")).isEqualTo("RESTING");
            assertThat(r.getString("sensorStatus")).isEqualTo("ON_BODY");
            double value = r.getDouble("value");
            if (r.getString("type").equals("BODY_TEMPERATURE")) {
                temperatures++;
                assertThat(r.getString("unit")).isEqualTo("Cel");
                assertThat(value).isBetween(36.0, 37.5);
            } else {
                assertThat(r.getString("type")).isEqualTo("HEART_RATE");
                assertThat(r.getString("unit")).isEqualTo("/min");
                assertThat(value).isBetween(60.0, 100.0);
                assertThat(value).isEqualTo(Math.rint(value));
            }
        }
        assertThat(ids).hasSize(500);
        assertThat(temperatures).isEqualTo(250);
        assertThat(previous).isEqualTo(NOW);
    }

    @Test
    void singleReadingIsMeasuredNowAndTypesAlternate() {
        ReadingFactory f = new ReadingFactory(42, 0, new SplittableRandom(7));
        JsonObject first = new JsonObject(f.body(1, NOW)).getJsonArray("readings").getJsonObject(0);
        JsonObject second = new JsonObject(f.body(1, NOW)).getJsonArray("readings").getJsonObject(0);
        assertThat(first.getString("measuredAt")).isEqualTo("2026-11-29T10:15:30.123Z");
        assertThat(first.getString("type")).isNotEqualTo(second.getString("type"));
    }

    @Test
    void idsAreUniqueAcrossLoopsAndRuns() {
        Set<String> ids = new HashSet<>();
        for (long run : new long[] {1, 2}) {
            for (int worker = 0; worker < 4; worker++) {
                ReadingFactory f = new ReadingFactory(run, worker, new SplittableRandom(0));
                for (int i = 0; i < 1000; i++) {
                    ids.add(f.nextReadingId());
                }
            }
        }
        assertThat(ids).hasSize(8000);
        assertThatThrownBy(() -> new ReadingFactory(1, 256, new SplittableRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fhirBundleHoldsTheSameKindOfReadingsAsObservations() {
        ReadingFactory f = new ReadingFactory(42, 1, new SplittableRandom(7));
        JsonObject bundle = new JsonObject(f.body(Format.FHIR, 4, NOW));
        assertThat(bundle.getString("resourceType")).isEqualTo("Bundle");
        assertThat(bundle.getString("type")).isEqualTo("batch");
        JsonArray entries = bundle.getJsonArray("entry");
        assertThat(entries).hasSize(4);
        Set<String> codes = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonObject entry = entries.getJsonObject(i);
            assertThat(entry.getJsonObject("request").getString("url")).isEqualTo("Observation");
            JsonObject observation = entry.getJsonObject("resource");
            assertThat(observation.getString("resourceType")).isEqualTo("Observation");
            String code = observation.getJsonObject("code").getJsonArray("coding").getJsonObject(0).getString("code");
            codes.add(code);
            JsonObject quantity = observation.getJsonObject("valueQuantity");
            double value = quantity.getDouble("value");
            if (code.equals("8310-5")) {
                assertThat(quantity.getString("code")).isEqualTo("Cel");
                assertThat(value).isBetween(36.0, 37.5);
            } else {
                assertThat(quantity.getString("code")).isEqualTo("/min");
                assertThat(value).isBetween(60.0, 100.0);
            }
            ids.add(observation.getJsonArray("identifier").getJsonObject(0).getString("value"));
            assertThat(Instant.parse(observation.getString("effectiveDateTime")))
                    .isEqualTo(NOW.minusSeconds(3 - i));
        }
        assertThat(codes).containsExactlyInAnyOrder("8310-5", "8867-4");
        assertThat(ids).hasSize(4);
        assertThat(Format.FHIR.accepted("{\"entry\":[{\"response\":{\"status\":\"201 Created\"}},"
                + "{\"response\":{\"status\":\"200 OK\"}},{\"response\":{\"status\":\"201 Created\"}}]}")).isEqualTo(2);
    }

    @Test
    void aFeverShareMakesThatShareOfTemperaturesOralFevers() {
        ReadingFactory f = new ReadingFactory(42, 1, new SplittableRandom(7), 0.1);
        int temperatures = 0;
        int fevers = 0;
        for (int request = 0; request < 40; request++) {
            JsonArray readings = new JsonObject(f.body(500, NOW)).getJsonArray("readings");
            for (int i = 0; i < readings.size(); i++) {
                JsonObject r = readings.getJsonObject(i);
                if (!r.getString("type").equals("BODY_TEMPERATURE")) {
                    continue;
                }
                temperatures++;
                double value = r.getDouble("value");
                if (r.getString("site").equals("ORAL")) {
                    fevers++;
                    assertThat(value).isBetween(38.0, 38.2);
                } else {
                    assertThat(r.getString("site")).isEqualTo("SKIN");
                    assertThat(value).isBetween(36.0, 37.5);
                }
            }
        }
        assertThat(temperatures).isEqualTo(10_000);
        // 10 % of 10,000 at random: 1,000 expected, sd 30.
        assertThat(fevers).isBetween(880, 1120);
        assertThat(f.fevers()).isEqualTo(fevers);
    }

    @Test
    void withoutAFeverShareTheReadingsAreThoseOfBefore() {
        String before = new ReadingFactory(42, 1, new SplittableRandom(7)).body(100, NOW);
        ReadingFactory none = new ReadingFactory(42, 1, new SplittableRandom(7), 0);
        assertThat(none.body(100, NOW)).isEqualTo(before).doesNotContain("ORAL");
        assertThat(none.fevers()).isZero();
    }

    @Test
    void aFhirFeverIsAnOralObservation() {
        ReadingFactory f = new ReadingFactory(42, 1, new SplittableRandom(7), 1.0);
        JsonArray entries = new JsonObject(f.body(Format.FHIR, 2, NOW)).getJsonArray("entry");
        JsonObject temperature = entries.getJsonObject(0).getJsonObject("resource");
        assertThat(temperature.getJsonObject("code").getJsonArray("coding").getJsonObject(0).getString("code"))
                .isEqualTo("8310-5");
        assertThat(temperature.getJsonObject("valueQuantity").getDouble("value")).isBetween(38.0, 38.2);
        assertThat(temperature.getJsonObject("bodySite").getJsonArray("coding").getJsonObject(0).getString("code"))
                .isEqualTo("123851003");
        assertThat(f.fevers()).isEqualTo(1);
        assertThatThrownBy(() -> new ReadingFactory(1, 0, new SplittableRandom(), 1.01))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
