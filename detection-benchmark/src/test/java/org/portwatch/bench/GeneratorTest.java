package org.portwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.portwatch.model.Activity;
import org.portwatch.model.SensorStatus;
import org.portwatch.model.VitalReading;
import org.portwatch.model.VitalType;

class GeneratorTest {

    private static final Instant START = Instant.parse("2026-11-29T10:00:00Z");

    private static List<VitalReading> replay(long seed, int patients, int perPatient) {
        Population population = Population.create(seed, patients, 0.03, 0.02, 0.03,
                ReplayStream.spanMinutes(perPatient));
        List<VitalReading> all = new ArrayList<>();
        new ReplayStream(population, perPatient, START).forEachRemaining(all::add);
        return all;
    }

    @Test
    void theSameSeedShouldGiveTheSameReadings() {
        assertThat(replay(7, 300, 20)).isEqualTo(replay(7, 300, 20));
        assertThat(replay(7, 300, 20)).isNotEqualTo(replay(8, 300, 20));
    }

    @Test
    void everyPatientShouldGetExactlyTheirReadingsWithUniqueIds() {
        List<VitalReading> all = replay(1, 500, 20);
        assertThat(all).hasSize(10_000);
        Map<String, Integer> perPatient = new HashMap<>();
        all.forEach(r -> perPatient.merge(r.patientId(), 1, Integer::sum));
        assertThat(perPatient).hasSize(500);
        assertThat(perPatient.values()).containsOnly(20);
        Set<String> ids = new HashSet<>();
        all.forEach(r -> ids.add(r.readingId()));
        assertThat(ids).hasSize(all.size());
    }

    @Test
    void theStreamShouldBeInMeasurementOrderWithPatientsInterleaved() {
        List<VitalReading> all = replay(3, 400, 20);
        for (int i = 1; i < all.size(); i++) {
            // Within one second of the schedule the order is by patient; never a second backwards.
            assertThat(all.get(i).measuredAt()).isAfterOrEqualTo(all.get(i - 1).measuredAt().minusSeconds(1));
        }
        // Interleaved: the first 400 readings come from many patients, not from one patient's history.
        assertThat(all.subList(0, 400).stream().map(VitalReading::patientId).distinct().count()).isGreaterThan(300);
        Instant last = all.get(all.size() - 1).measuredAt();
        assertThat(Duration.between(START, last)).isLessThanOrEqualTo(Duration.ofMinutes(ReplayStream.spanMinutes(20)));
        assertThat(all).allSatisfy(r -> {
            assertThat(r.measuredAt()).isAfterOrEqualTo(START);
            assertThat(Duration.between(r.measuredAt(), r.receivedAt())).isBetween(Duration.ofSeconds(1),
                    Duration.ofSeconds(4));
        });
    }

    @Test
    void theCadenceShouldBeAHeartRateAMinuteAndATemperatureEveryFive() {
        List<VitalReading> all = replay(5, 200, 60);
        long temperatures = all.stream().filter(r -> r.type() == VitalType.BODY_TEMPERATURE).count();
        assertThat(temperatures).isEqualTo(all.size() / 6);
        VitalReading first = all.get(0);
        List<VitalReading> one = all.stream().filter(r -> r.patientId().equals(first.patientId())
                && r.type() == VitalType.HEART_RATE).toList();
        for (int i = 1; i < one.size(); i++) {
            assertThat(Duration.between(one.get(i - 1).measuredAt(), one.get(i).measuredAt()))
                    .isEqualTo(Duration.ofMinutes(1));
        }
    }

    @Test
    void aFewPercentShouldBeAbnormalAndTheirReadingsShowIt() {
        Population population = Population.create(11, 20_000, 0.03, 0.02, 0.03, 20);
        assertThat(population.count(Population.Patient::febrile)).isBetween(500L, 700L);
        assertThat(population.count(Population.Patient::tachycardic)).isBetween(320L, 480L);
        assertThat(population.count(Population.Patient::liveFever)).isBetween(500L, 700L);
        assertThat(population.count(p -> p.liveFever() && (p.febrile() || p.tachycardic()))).isZero();

        Population small = Population.create(11, 2000, 0.03, 0.02, 0.03, 20);
        List<VitalReading> all = new ArrayList<>();
        new ReplayStream(small, 40, START).forEachRemaining(all::add);
        Set<String> febrile = new HashSet<>();
        Set<String> normal = new HashSet<>();
        for (int i = 0; i < small.size(); i++) {
            Population.Patient p = small.patient(i);
            (p.febrile() ? febrile : p.tachycardic() ? new HashSet<String>() : normal).add(p.patientId());
        }
        assertThat(all).filteredOn(r -> r.type() == VitalType.BODY_TEMPERATURE && febrile.contains(r.patientId()))
                .anyMatch(r -> r.value() >= 38.3);
        assertThat(all).filteredOn(r -> r.type() == VitalType.BODY_TEMPERATURE && normal.contains(r.patientId())
                && r.sensorStatus() == SensorStatus.ON_BODY).allMatch(r -> r.value() >= 36.3 && r.value() <= 37.3);
        assertThat(all).filteredOn(r -> r.type() == VitalType.HEART_RATE && normal.contains(r.patientId())
                && r.activity() == Activity.RESTING).allMatch(r -> r.value() >= 50 && r.value() <= 95);
    }

    @Test
    void theLiveStreamShouldGoOnWithTheSamePatientsAndMakeLiveFeversConfirmable() {
        Population population = Population.create(2, 100, 0, 0, 0.2, 20);
        LiveStream live = new LiveStream(population, 20);
        Instant now = Instant.parse("2026-11-29T12:00:00Z");
        List<VitalReading> readings = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            readings.add(live.next(now.plusMillis(i)));
        }
        assertThat(readings).allSatisfy(r -> assertThat(r.receivedAt()).isEqualTo(r.measuredAt()));
        assertThat(readings.stream().map(VitalReading::patientId).distinct().count()).isEqualTo(100);
        for (int i = 0; i < population.size(); i++) {
            Population.Patient p = population.patient(i);
            if (p.liveFever()) {
                List<VitalReading> temps = readings.stream().filter(r -> r.patientId().equals(p.patientId())
                        && r.type() == VitalType.BODY_TEMPERATURE).toList();
                assertThat(temps).hasSizeGreaterThanOrEqualTo(2).allMatch(r -> r.value() >= 38.0);
            }
        }
        LiveStream again = new LiveStream(population, 20);
        for (int i = 0; i < 400; i++) {
            assertThat(again.next(now.plusMillis(i))).isEqualTo(readings.get(i));
        }
    }
}
