package org.portwatch.alert.readings;

import static org.portwatch.service.persistence.NativeValues.instant;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.portwatch.alert.patient.Patient;
import org.portwatch.alert.readings.Timeline.AlertMark;
import org.portwatch.alert.readings.Timeline.Point;
import org.portwatch.alert.readings.Timeline.Resolution;
import org.portwatch.alert.readings.Timeline.Series;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.Severity;
import org.portwatch.model.VitalType;

/**
 * The timeline's reads, in the caller's Hibernate Reactive session (no transaction: reads). Every query goes by the
 * index (patient_id, type, measured_at) and touches only the day partitions of the range.
 */
@ApplicationScoped
public class TimelineRepository {

    private static final String WHERE = " FROM reading WHERE patient_id = ?1 AND measured_at >= ?2 AND measured_at < ?3"
            + " AND sensor_status IS DISTINCT FROM 'OFF_BODY'";
    static final String COUNT = "SELECT count(*)" + WHERE;
    static final String RAW = "SELECT type, unit, measured_at, value" + WHERE;
    static final String RAW_ORDER = " ORDER BY type, measured_at";
    // Buckets aligned on a fixed origin (a UTC midnight), so the same range always gives the same buckets.
    static final String BUCKETS = "SELECT type, unit, date_bin(make_interval(mins => CAST(?4 AS integer)), measured_at,"
            + " TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket, avg(value), min(value), max(value), count(*)" + WHERE;
    static final String BUCKETS_ORDER = " GROUP BY type, unit, bucket ORDER BY type, bucket";
    /** The owning team's alerts only: an alert that stayed with a former team is not this team's to see. */
    static final String ALERTS = "SELECT CAST(alert_id AS text), condition, severity, status, episode_start, raised_at,"
            + " resolved_at FROM alert WHERE patient_id = ?1 AND care_team_id = ?2 AND episode_start < ?4"
            + " AND (resolved_at IS NULL OR resolved_at >= ?3) ORDER BY episode_start, alert_id";

    /**
     * The patient's profile, or null: its care team decides who may read the timeline. The session is made read-only
     * first: a timeline read flushes nothing and holds no lock.
     */
    public Uni<Patient> patient(String patientId) {
        return Panache.getSession().flatMap(session -> {
            session.setDefaultReadOnly(true);
            return session.find(Patient.class, patientId);
        });
    }

    /** How many readings a raw answer would carry. */
    public Uni<Long> count(String patientId, Instant from, Instant to, VitalType type) {
        String sql = COUNT + (type == null ? "" : " AND type = ?4");
        return Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql, Long.class)
                    .setParameter(1, patientId).setParameter(2, from).setParameter(3, to);
            if (type != null) {
                query.setParameter(4, type.name());
            }
            return query.getSingleResult();
        }).map(Number::longValue);
    }

    /** Every reading of the range, by type, oldest first. */
    public Uni<List<Series>> raw(String patientId, Instant from, Instant to, VitalType type) {
        String sql = RAW + (type == null ? "" : " AND type = ?4") + RAW_ORDER;
        return Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql, Object[].class)
                    .setParameter(1, patientId).setParameter(2, from).setParameter(3, to);
            if (type != null) {
                query.setParameter(4, type.name());
            }
            return query.getResultList();
        }).map(rows -> series(rows, row -> {
            double value = ((Number) row[3]).doubleValue();
            return new Point(instant(row[2]), value, value, value, 1);
        }));
    }

    /** The range in buckets of {@code resolution}: average, lowest, highest and count of each, by type. */
    public Uni<List<Series>> buckets(String patientId, Instant from, Instant to, VitalType type, Resolution resolution) {
        String sql = BUCKETS + (type == null ? "" : " AND type = ?5") + BUCKETS_ORDER;
        int minutes = (int) resolution.bucket().toMinutes();
        return Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql, Object[].class)
                    .setParameter(1, patientId).setParameter(2, from).setParameter(3, to).setParameter(4, minutes);
            if (type != null) {
                query.setParameter(5, type.name());
            }
            return query.getResultList();
        }).map(rows -> series(rows, row -> new Point(instant(row[2]), ((Number) row[3]).doubleValue(),
                ((Number) row[4]).doubleValue(), ((Number) row[5]).doubleValue(), ((Number) row[6]).longValue())));
    }

    /** The alerts of the patient owned by {@code careTeamId} that overlap the range, oldest episode first. */
    public Uni<List<AlertMark>> alerts(String patientId, String careTeamId, Instant from, Instant to) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(ALERTS, Object[].class)
                        .setParameter(1, patientId).setParameter(2, careTeamId).setParameter(3, from).setParameter(4, to)
                        .getResultList())
                .map(rows -> rows.stream().map(row -> new AlertMark((String) row[0],
                        AlertCondition.valueOf((String) row[1]), Severity.valueOf((String) row[2]), (String) row[3],
                        instant(row[4]), instant(row[5]), instant(row[6]))).toList());
    }

    private static List<Series> series(List<Object[]> rows, java.util.function.Function<Object[], Point> point) {
        Map<String, List<Point>> byType = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        for (Object[] row : rows) {
            String type = (String) row[0];
            byType.computeIfAbsent(type, t -> new ArrayList<>()).add(point.apply(row));
            units.putIfAbsent(type, (String) row[1]);
        }
        List<Series> series = new ArrayList<>();
        byType.forEach((type, points) -> {
            VitalType known = known(type);
            if (known != null) {
                series.add(new Series(known, units.get(type), List.copyOf(points)));
            }
        });
        return series;
    }

    /** A type this build knows; a newer producer's type is left out rather than failing the read. */
    private static VitalType known(String type) {
        try {
            return VitalType.valueOf(type);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
