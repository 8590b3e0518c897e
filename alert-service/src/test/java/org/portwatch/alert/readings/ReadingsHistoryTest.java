package org.portwatch.alert.readings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.support.TestClock;
import org.portwatch.model.VitalReading;
import org.portwatch.model.VitalType;

/**
 * The readings history on the real broker and database: each reading stored once however often it arrives, readings of
 * patients nobody enrolled kept too, nothing older than the retention, and day partitions made ahead and dropped
 * after the retention on the service's clock.
 */
@QuarkusTest
class ReadingsHistoryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    @Inject
    Pool pool;

    @Inject
    TestClock clock;

    @Inject
    ReadingPartitions partitions;

    private long stored(String patientId) {
        return pool.preparedQuery("SELECT count(*) AS n FROM alerts.reading WHERE patient_id = $1")
                .execute(Tuple.of(patientId)).await().atMost(WAIT).iterator().next().getLong("n");
    }

    private boolean partitionExists(LocalDate day) {
        return pool.preparedQuery("SELECT to_regclass($1) IS NOT NULL AS present")
                .execute(Tuple.of("alerts.reading_p" + DAY.format(day))).await().atMost(WAIT).iterator().next()
                .getBoolean("present");
    }

    private long partitionCount() {
        return pool.query("SELECT count(*) AS n FROM pg_inherits WHERE inhparent = 'alerts.reading'::regclass").execute()
                .await().atMost(WAIT).iterator().next().getLong("n");
    }

    @Test
    void shouldStoreAReadingOnceWhenItIsDeliveredAgain() {
        String patient = Readings.patientId();
        Instant now = Instant.now();
        List<VitalReading> readings = List.of(
                Readings.reading(patient, VitalType.BODY_TEMPERATURE, now.minus(Duration.ofMinutes(3)), 37.1),
                Readings.reading(patient, VitalType.BODY_TEMPERATURE, now.minus(Duration.ofMinutes(2)), 37.3),
                Readings.reading(patient, VitalType.HEART_RATE, now.minus(Duration.ofMinutes(2)), 88));
        double duplicatesBefore = Readings.metric("portwatch_readings_duplicates_total");
        double batchesBefore = Readings.metric("portwatch_readings_batches_total");
        Readings.publish(readings);
        await().atMost(WAIT).until(() -> stored(patient) == 3);

        // The same records again (a producer's retry, a replay after a crash before the commit), then one new reading
        // behind them on the same partition: once it is stored, the repeats have been handled.
        List<VitalReading> again = new ArrayList<>(readings);
        again.add(Readings.reading(patient, VitalType.HEART_RATE, now.minus(Duration.ofMinutes(1)), 90));
        Readings.publish(again);
        await().atMost(WAIT).until(() -> stored(patient) == 4);
        assertThat(stored(patient)).isEqualTo(4);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(Readings.metric("portwatch_readings_duplicates_total")).isGreaterThanOrEqualTo(duplicatesBefore + 3);
            assertThat(Readings.metric("portwatch_readings_batches_total")).isGreaterThan(batchesBefore);
        });
    }

    @Test
    void shouldKeepReadingsOfAPatientWithoutAProfileButNoneOlderThanTheRetention() {
        String patient = Readings.patientId();
        Instant now = Instant.now();
        Instant ancient = now.minus(Duration.ofDays(40));
        double beyondBefore = Readings.metric("portwatch_readings_skipped_total{reason=\"beyond_retention\"");
        Readings.publish(List.of(Readings.reading(patient, VitalType.BODY_TEMPERATURE, ancient, 37.0),
                Readings.reading(patient, VitalType.BODY_TEMPERATURE, now.minus(Duration.ofMinutes(5)), 37.2)));

        await().atMost(WAIT).until(() -> stored(patient) == 1);
        assertThat(partitionExists(LocalDate.ofInstant(ancient, ZoneOffset.UTC)))
                .as("no partition made again for a day past the retention").isFalse();
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                Readings.metric("portwatch_readings_skipped_total{reason=\"beyond_retention\""))
                .isGreaterThanOrEqualTo(beyondBefore + 1));
    }

    @Test
    void shouldMakeDaysAheadAndDropDaysPastTheRetentionOnTheServicesClock() {
        String patient = Readings.patientId();
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate threeDaysAgo = today.minusDays(3);
        String yesterdays = Readings.patientId();
        Readings.publish(List.of(
                Readings.reading(patient, VitalType.HEART_RATE, threeDaysAgo.atTime(12, 0).toInstant(ZoneOffset.UTC), 72),
                Readings.reading(yesterdays, VitalType.HEART_RATE, today.minusDays(1).atTime(12, 0).toInstant(ZoneOffset.UTC),
                        74)));
        await().atMost(WAIT).until(() -> stored(patient) == 1 && stored(yesterdays) == 1);
        assertThat(partitionExists(threeDaysAgo)).as("the batch made its day's partition").isTrue();

        // 29 days on, three days ago is 32 days ago: all of it is past the 30 days kept; yesterday is not.
        clock.advance(Duration.ofDays(29));
        try {
            ReadingPartitions.Maintenance done = partitions.maintain().await().atMost(WAIT);
            assertThat(done.dropped()).isGreaterThanOrEqualTo(1);
            assertThat(partitionExists(threeDaysAgo)).isFalse();
            assertThat(stored(patient)).isZero();
            assertThat(partitionExists(today.minusDays(1))).as("yesterday is not all past the retention").isTrue();
            assertThat(stored(yesterdays)).isEqualTo(1);
            assertThat(partitionExists(today)).isTrue();
            for (int ahead = 0; ahead <= 2; ahead++) {
                assertThat(partitionExists(today.plusDays(29 + ahead))).as("made ahead: day " + (29 + ahead)).isTrue();
            }
            assertThat(done.partitions()).isEqualTo(partitionCount());
            assertThat(Readings.metric("portwatch_readings_partitions")).isEqualTo(partitionCount());
            assertThat(Readings.metric("portwatch_readings_partition_changes_total{change=\"dropped\""))
                    .isGreaterThanOrEqualTo(1);

            // A second round finds nothing to do.
            ReadingPartitions.Maintenance again = partitions.maintain().await().atMost(WAIT);
            assertThat(again.created()).isZero();
            assertThat(again.dropped()).isZero();
        } finally {
            clock.reset();
        }
        // Back on today: a reading of today still goes to today's partition.
        String later = Readings.patientId();
        Readings.publish(List.of(Readings.reading(later, VitalType.HEART_RATE, Instant.now().truncatedTo(ChronoUnit.SECONDS), 70)));
        await().atMost(WAIT).until(() -> stored(later) == 1);
    }
}
