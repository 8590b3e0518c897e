package org.portwatch.local.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portwatch.model.Activity;
import org.portwatch.model.MeasurementSite;
import org.portwatch.model.SensorStatus;
import org.portwatch.model.VitalType;

class PatientModelTest {

    private static final Instant START = Instant.parse("2026-11-28T10:00:00Z");
    private static final Duration DAYS = Duration.ofDays(3);

    private static List<SimReading> series(PatientModel m, VitalType type, Instant from, Instant to) {
        Duration every = type == VitalType.HEART_RATE ? Duration.ofMinutes(1) : Duration.ofMinutes(5);
        List<SimReading> list = new ArrayList<>();
        for (Instant t = from; t.isBefore(to); t = t.plus(every)) {
            list.add(m.reading(type, t));
        }
        return list;
    }

    @Test
    void ordinaryPatientsStayInRealisticRanges() {
        int active = 0;
        int exercise = 0;
        int offBody = 0;
        int fahrenheit = 0;
        for (long seed = 0; seed < 20; seed++) {
            PatientModel m = new PatientModel("sim-patch-" + seed, "run", EpisodeKind.NONE, START, seed);
            fahrenheit += m.fahrenheit() ? 1 : 0;
            for (SimReading r : series(m, VitalType.HEART_RATE, START.minus(Duration.ofMinutes(30)), START.plus(DAYS))) {
                assertThat(r.unit()).isIn("/min", "bpm");
                assertThat(r.sensorStatus()).isEqualTo(SensorStatus.ON_BODY);
                assertThat(r.value()).isEqualTo(Math.rint(r.value()));
                if (r.activity() == Activity.RESTING) {
                    assertThat(r.value()).isBetween(60.0, 90.0);
                } else {
                    assertThat(r.activity()).isIn(Activity.ACTIVE, Activity.EXERCISE);
                    assertThat(r.value()).isBetween(110.0, 150.0);
                    active += r.activity() == Activity.ACTIVE ? 1 : 0;
                    exercise += r.activity() == Activity.EXERCISE ? 1 : 0;
                }
            }
            for (SimReading r : series(m, VitalType.BODY_TEMPERATURE, START.minus(Duration.ofMinutes(30)), START.plus(DAYS))) {
                assertThat(r.site()).isEqualTo(MeasurementSite.SKIN);
                assertThat(r.unit()).isEqualTo(m.fahrenheit() ? "[degF]" : "Cel");
                if (r.sensorStatus() == SensorStatus.OFF_BODY) {
                    offBody++;
                    assertThat(r.canonicalValue()).isBetween(29.0 - 0.05, 33.5 + 0.05);
                } else {
                    assertThat(r.sensorStatus()).isEqualTo(SensorStatus.ON_BODY);
                    assertThat(r.canonicalValue()).isBetween(36.4, 37.2);
                }
            }
        }
        assertThat(active).as("ACTIVE periods happen").isPositive();
        assertThat(exercise).as("EXERCISE periods happen").isPositive();
        assertThat(offBody).as("the patch comes off now and then").isPositive();
        assertThat(fahrenheit).as("some patches report in °F").isBetween(1, 19);
    }

    @Test
    void activityIsOccasional() {
        PatientModel m = new PatientModel("sim-patch-1", "run", EpisodeKind.NONE, START, 99);
        List<SimReading> day = series(m, VitalType.HEART_RATE, START, START.plus(DAYS));
        long resting = day.stream().filter(r -> r.activity() == Activity.RESTING).count();
        assertThat((double) resting / day.size()).isGreaterThan(0.75);
    }

    @Test
    void sameSeedSameReadings() {
        PatientModel a = new PatientModel("d", "run", EpisodeKind.FEVER_AND_RACING_HEART, START, 5);
        PatientModel b = new PatientModel("d", "run", EpisodeKind.FEVER_AND_RACING_HEART, START, 5);
        assertThat(series(a, VitalType.HEART_RATE, START, START.plus(Duration.ofHours(6))))
                .isEqualTo(series(b, VitalType.HEART_RATE, START, START.plus(Duration.ofHours(6))));
    }

    @Test
    void readingIdsAreUniquePerDeviceTypeTimeAndRun() {
        PatientModel m = new PatientModel("d", "run-1", EpisodeKind.NONE, START, 1);
        PatientModel other = new PatientModel("d", "run-2", EpisodeKind.NONE, START, 1);
        SimReading hr = m.heartRate(START);
        assertThat(hr.readingId()).isNotEqualTo(m.temperature(START).readingId());
        assertThat(hr.readingId()).isNotEqualTo(m.heartRate(START.plusSeconds(60)).readingId());
        assertThat(hr.readingId()).isNotEqualTo(other.heartRate(START).readingId());
    }

    @Test
    void feverIsAlreadyThereInTheSyncedHistoryAndPeaksInRange() {
        for (long seed = 0; seed < 30; seed++) {
            PatientModel m = new PatientModel("d", "run", EpisodeKind.FEVER, START, seed);
            Episode e = m.episode().orElseThrow();
            assertThat(Duration.between(e.onset(), START)).isBetween(Duration.ofMinutes(15), Duration.ofMinutes(17));
            assertThat(e.feverPeak()).isBetween(38.3, 39.2);
            // Any 5-minute phase: the last 30 minutes hold at least two readings >= 38.0 °C, none
            // below 38.0 °C after the first of them, all on the body and at rest.
            for (int phase = 0; phase < 300; phase += 37) {
                Instant first = START.minus(Duration.ofMinutes(30)).plusSeconds(phase + 1);
                List<SimReading> history = series(m, VitalType.BODY_TEMPERATURE, first, START.plusSeconds(1));
                List<Double> feverish = history.stream().map(SimReading::canonicalValue).filter(v -> v >= 38.0).toList();
                assertThat(feverish).as("seed %d phase %d", seed, phase).hasSizeGreaterThanOrEqualTo(2);
                int firstFever = history.indexOf(history.stream().filter(r -> r.canonicalValue() >= 38.0).findFirst().get());
                assertThat(history.subList(firstFever, history.size())).allMatch(r -> r.canonicalValue() >= 38.0);
                assertThat(history.stream().filter(r -> !r.measuredAt().isBefore(e.onset())))
                        .allMatch(r -> r.sensorStatus() == SensorStatus.ON_BODY && r.activity() == Activity.RESTING);
            }
            List<SimReading> plateau = series(m, VitalType.BODY_TEMPERATURE, e.onset().plus(Episode.FEVER_RAMP), e.plateauEnd());
            assertThat(plateau).allMatch(r -> r.canonicalValue() >= 38.0 && r.canonicalValue() <= 39.2 + 0.03);
            assertThat(plateau.stream().mapToDouble(SimReading::canonicalValue).max().orElseThrow()).isGreaterThanOrEqualTo(38.2);
            // A fever alone does not look like sepsis: the heart stays at or below 90.
            assertThat(series(m, VitalType.HEART_RATE, e.onset(), e.recoveryEnd())).allMatch(r -> r.value() <= 90);
        }
    }

    @Test
    void racingHeartAtRestForTheLastTenMinutesAtLeast() {
        for (long seed = 0; seed < 30; seed++) {
            PatientModel m = new PatientModel("d", "run", EpisodeKind.RACING_HEART, START, seed);
            Episode e = m.episode().orElseThrow();
            List<SimReading> last13 = series(m, VitalType.HEART_RATE, START.minus(Duration.ofMinutes(13)), START.plusSeconds(1));
            assertThat(last13).allMatch(r -> r.value() > 100 && r.activity() == Activity.RESTING);
            List<SimReading> plateau = series(m, VitalType.HEART_RATE, e.onset().plus(Episode.HEART_RAMP), e.plateauEnd());
            assertThat(plateau).allMatch(r -> r.value() >= 110 && r.value() <= 135 && r.activity() == Activity.RESTING);
            // No fever with it.
            assertThat(series(m, VitalType.BODY_TEMPERATURE, e.onset(), e.recoveryEnd()))
                    .allMatch(r -> r.canonicalValue() <= 37.2 + 0.03);
        }
    }

    @Test
    void sepsisPictureHasBoth() {
        PatientModel m = new PatientModel("d", "run", EpisodeKind.FEVER_AND_RACING_HEART, START, 12);
        assertThat(series(m, VitalType.HEART_RATE, START.minus(Duration.ofMinutes(12)), START)).allMatch(r -> r.value() > 100);
        assertThat(series(m, VitalType.BODY_TEMPERATURE, START.minus(Duration.ofMinutes(9)), START))
                .allMatch(r -> r.canonicalValue() >= 38.0);
    }

    @Test
    void afterTheEpisodeThePatientRecovers() {
        PatientModel m = new PatientModel("d", "run", EpisodeKind.FEVER_AND_RACING_HEART, START, 3);
        Instant after = m.episode().orElseThrow().recoveryEnd();
        for (SimReading r : series(m, VitalType.HEART_RATE, after, after.plus(Duration.ofHours(12)))) {
            assertThat(r.value()).isBetween(r.activity() == Activity.RESTING ? 60.0 : 110.0, r.activity() == Activity.RESTING ? 90.0 : 150.0);
        }
        for (SimReading r : series(m, VitalType.BODY_TEMPERATURE, after, after.plus(Duration.ofHours(12)))) {
            assertThat(r.canonicalValue()).isLessThan(37.25);
        }
    }

    @Test
    void jsonOfAReading() {
        SimReading hr = new SimReading("id-1", VitalType.HEART_RATE, 72, "/min", START, MeasurementSite.CHEST,
                Activity.RESTING, SensorStatus.ON_BODY);
        assertThat(hr.toJson()).containsEntry("value", 72L).containsEntry("type", "HEART_RATE")
                .containsEntry("measuredAt", "2026-11-28T10:00:00Z").containsEntry("readingId", "id-1")
                .containsEntry("site", "CHEST").containsEntry("activity", "RESTING").containsEntry("sensorStatus", "ON_BODY");
        SimReading temp = new SimReading("id-2", VitalType.BODY_TEMPERATURE, 98.6, "[degF]", START, null, null, null);
        assertThat(temp.toJson()).containsEntry("value", 98.6).containsEntry("unit", "[degF]").doesNotContainKey("site");
        assertThat(temp.canonicalValue()).isCloseTo(37.0, org.assertj.core.data.Offset.offset(1e-9));
    }
}
