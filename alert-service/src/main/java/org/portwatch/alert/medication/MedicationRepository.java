package org.portwatch.alert.medication;

import static org.portwatch.service.persistence.NativeValues.instant;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.portwatch.model.Antipyretic;

/**
 * The repository of {@code antipyretic_dose}: insert, and a patient's doses over a range. Native SQL through the
 * caller's Hibernate Reactive session (and its transaction, if any).
 */
@ApplicationScoped
public class MedicationRepository {

    static final String INSERT = "INSERT INTO antipyretic_dose (dose_id, patient_id, medication, taken_at, recorded_at,"
            + " recorded_by, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (dose_id) DO NOTHING";
    static final String RANGE = "SELECT dose_id, medication, taken_at, recorded_at, recorded_by, source"
            + " FROM antipyretic_dose WHERE patient_id = ?1 AND taken_at >= ?2 AND taken_at < ?3"
            + " ORDER BY taken_at, dose_id LIMIT ?4";

    /** Stores {@code dose} unless a dose of its id is there (a redelivered check-in); 1 when new. In a transaction. */
    public Uni<Integer> insert(AntipyreticDose dose) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(INSERT)
                        .setParameter(1, dose.doseId())
                        .setParameter(2, dose.patientId())
                        .setParameter(3, dose.medication().name())
                        .setParameter(4, dose.takenAt())
                        .setParameter(5, dose.recordedAt())
                        .setParameter(6, dose.recordedBy())
                        .setParameter(7, dose.source().name())
                        .executeUpdate());
    }

    /** The patient's doses taken in [from, to), oldest first, at most {@code limit}. */
    public Uni<List<AntipyreticDose>> taken(String patientId, Instant from, Instant to, int limit) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(RANGE, Object[].class)
                        .setParameter(1, patientId)
                        .setParameter(2, from)
                        .setParameter(3, to)
                        .setParameter(4, limit)
                        .getResultList())
                .map(rows -> rows.stream().map(row -> AntipyreticDose.of((UUID) row[0], patientId,
                        Antipyretic.valueOf((String) row[1]), instant(row[2]), instant(row[3]), (String) row[4],
                        AntipyreticDose.Source.valueOf((String) row[5]))).toList());
    }
}
