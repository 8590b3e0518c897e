package org.portwatch.alert.checkin;

import static org.portwatch.service.persistence.NativeValues.instant;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.portwatch.model.SymptomCheckIn;

/** The repository of {@code check_in}: store once per (device, checkInId), read one of a patient. */
@ApplicationScoped
public class CheckInRepository {

    static final String INSERT = "INSERT INTO check_in (check_in_id, device_id, patient_id, symptoms, other_text,"
            + " reported_at, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING";
    static final String FIND = "SELECT check_in_id, symptoms, other_text, reported_at, received_at FROM check_in"
            + " WHERE patient_id = ?1 AND check_in_id = ?2 ORDER BY received_at LIMIT 1";

    /** Stores the check-in unless it is there already; 1 when new, 0 when a redelivery. In a transaction. */
    public Uni<Integer> store(SymptomCheckIn checkIn) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(INSERT)
                .setParameter(1, checkIn.checkInId())
                .setParameter(2, checkIn.deviceId())
                .setParameter(3, checkIn.patientId())
                .setParameter(4, checkIn.symptoms().stream().map(Enum::name).collect(Collectors.joining(",")))
                .setParameter(5, checkIn.otherText())
                .setParameter(6, checkIn.reportedAt())
                .setParameter(7, checkIn.receivedAt())
                .executeUpdate());
    }

    /** The stored names; a check-in that reported only an antipyretic has none. */
    private static java.util.List<String> symptoms(String names) {
        return names.isEmpty() ? java.util.List.of() : Arrays.asList(names.split(","));
    }

    /** The patient's check-in of that id; null when it is not (or not yet) stored. */
    public Uni<CheckInView> find(String patientId, String checkInId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(FIND, Object[].class)
                        .setParameter(1, patientId)
                        .setParameter(2, checkInId)
                        .getResultList())
                .map(rows -> rows.isEmpty() ? null : new CheckInView((String) rows.get(0)[0],
                        symptoms((String) rows.get(0)[1]), (String) rows.get(0)[2],
                        instant(rows.get(0)[3]), instant(rows.get(0)[4])));
    }
}
