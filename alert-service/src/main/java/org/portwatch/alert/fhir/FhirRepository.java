package org.portwatch.alert.fhir;

import static org.portwatch.service.persistence.NativeValues.instant;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.portwatch.alert.fhir.FhirResources.Alert;
import org.portwatch.alert.fhir.FhirResources.Reading;
import org.portwatch.alert.patient.Patient;
import org.portwatch.model.VitalType;

/**
 * The FHIR read side's queries, in the caller's read-only Hibernate Reactive session. Readings go by the history's
 * index (patient_id, type, measured_at) and its day partitions; alerts are the owning team's only, as on the timeline.
 * Off-body readings are left out: a room's temperature is no Observation of the patient.
 */
@ApplicationScoped
public class FhirRepository {

    private static final String READINGS_WHERE = " FROM reading WHERE patient_id = ?1 AND type = ANY(CAST(?2 AS text[]))"
            + " AND measured_at >= ?3 AND measured_at < ?4 AND sensor_status IS DISTINCT FROM 'OFF_BODY'";
    static final String READINGS_COUNT = "SELECT count(*)" + READINGS_WHERE;
    static final String READINGS_PAGE = "SELECT patient_id, device_id, reading_id, type, value, unit, measured_at, site"
            + READINGS_WHERE + " ORDER BY measured_at DESC, device_id, reading_id LIMIT ?5 OFFSET ?6";
    private static final String ALERTS_WHERE = " FROM alert WHERE patient_id = ?1 AND care_team_id = ?2";
    static final String ALERTS_COUNT = "SELECT count(*)" + ALERTS_WHERE;
    static final String ALERTS_PAGE = "SELECT CAST(alert_id AS text), patient_id, condition, severity, status,"
            + " episode_start, resolved_at" + ALERTS_WHERE;
    private static final String ALERTS_ORDER = " ORDER BY raised_at DESC, alert_id LIMIT ?3 OFFSET ?4";
    /** The stored history starts no earlier than this; an open lower bound reads from here. */
    private static final Instant EPOCH = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant FAR = Instant.parse("9999-12-31T00:00:00Z");

    /** The patient's profile, or null, in a read-only session: its care team decides who may search. */
    public Uni<Patient> patient(String patientId) {
        return Panache.getSession().flatMap(session -> {
            session.setDefaultReadOnly(true);
            return session.find(Patient.class, patientId);
        });
    }

    public Uni<Long> countReadings(FhirSearch search) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(READINGS_COUNT, Long.class)
                .setParameter(1, search.patientId()).setParameter(2, types(search))
                .setParameter(3, from(search)).setParameter(4, to(search))
                .getSingleResult());
    }

    public Uni<List<Reading>> readings(FhirSearch search) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(READINGS_PAGE, Object[].class)
                .setParameter(1, search.patientId()).setParameter(2, types(search))
                .setParameter(3, from(search)).setParameter(4, to(search))
                .setParameter(5, search.count()).setParameter(6, search.offset())
                .getResultList()
                .map(rows -> rows.stream().map(row -> new Reading((String) row[0], (String) row[1], (String) row[2],
                        VitalType.valueOf((String) row[3]), ((Number) row[4]).doubleValue(), (String) row[5],
                        instant(row[6]), (String) row[7])).toList()));
    }

    public Uni<Long> countAlerts(FhirSearch search, String careTeamId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(ALERTS_COUNT + status(search),
                        Long.class)
                .setParameter(1, search.patientId()).setParameter(2, careTeamId)
                .getSingleResult());
    }

    public Uni<List<Alert>> alerts(FhirSearch search, String careTeamId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(ALERTS_PAGE + status(search)
                        + ALERTS_ORDER, Object[].class)
                .setParameter(1, search.patientId()).setParameter(2, careTeamId)
                .setParameter(3, search.count()).setParameter(4, search.offset())
                .getResultList()
                .map(rows -> rows.stream().map(row -> new Alert((String) row[0], (String) row[1], (String) row[2],
                        (String) row[3], (String) row[4], instant(row[5]), instant(row[6]))).toList()));
    }

    /** Flag.status as a fixed clause (active: not resolved), never text from the request. */
    private static String status(FhirSearch search) {
        if (search.active() == null) {
            return "";
        }
        return search.active() ? " AND status <> 'RESOLVED'" : " AND status = 'RESOLVED'";
    }

    private static String[] types(FhirSearch search) {
        return search.types().stream().map(Enum::name).toArray(String[]::new);
    }

    private static Instant from(FhirSearch search) {
        return search.from() == null ? EPOCH : search.from();
    }

    private static Instant to(FhirSearch search) {
        return search.to() == null ? FAR : search.to();
    }
}
