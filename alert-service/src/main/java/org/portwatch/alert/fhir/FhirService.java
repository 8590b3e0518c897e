package org.portwatch.alert.fhir;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.portwatch.alert.patient.Patient;
import org.portwatch.alert.security.CareTeamAccess;
import org.portwatch.alert.audit.AuditLog;

/**
 * FHIR searches for a care team: a patient of the caller's teams, or an empty searchset for any other patient (another
 * team's patient reads exactly as one nobody knows). Reads take a read-only session, no transaction; every search that
 * found the patient is audited before it is answered, as a timeline read is.
 */
@ApplicationScoped
public class FhirService {

    static final String OBSERVATION_AUDIT = "fhir.observation.search";
    static final String FLAG_AUDIT = "fhir.flag.search";

    private final FhirRepository repository;
    private final AuditLog audit;

    public FhirService(FhirRepository repository, AuditLog audit) {
        this.repository = repository;
        this.audit = audit;
    }

    /** A page found, and whether it read a patient's data (then it is audited before it is answered). */
    private record Found(Map<String, Object> bundle, boolean readPatient) {
    }

    /** The page a search asks for, as a searchset; {@code link} gives the URL of the page at an offset. */
    public Uni<Map<String, Object>> observations(FhirSearch search, CareTeamAccess access, String base,
            IntFunction<String> link) {
        return answer(Panache.withSession(() -> repository.patient(search.patientId()).flatMap(patient -> {
            if (!readable(patient, access) || search.matchesNothing()) {
                return Uni.createFrom().item(new Found(empty("Observation", base, link), false));
            }
            return repository.countReadings(search).flatMap(total -> repository.readings(search)
                    .map(readings -> new Found(FhirResources.searchset("Observation", base, link.apply(search.offset()),
                            next(search, total, link), total,
                            readings.stream().map(FhirResources::observation).toList()), true)));
        })), OBSERVATION_AUDIT, search, access);
    }

    public Uni<Map<String, Object>> flags(FhirSearch search, CareTeamAccess access, String base,
            IntFunction<String> link) {
        return answer(Panache.withSession(() -> repository.patient(search.patientId()).flatMap(patient -> {
            if (!readable(patient, access)) {
                return Uni.createFrom().item(new Found(empty("Flag", base, link), false));
            }
            return repository.countAlerts(search, patient.getCareTeamId()).flatMap(total -> repository
                    .alerts(search, patient.getCareTeamId())
                    .map(alerts -> new Found(FhirResources.searchset("Flag", base, link.apply(search.offset()),
                            next(search, total, link), total,
                            alerts.stream().map(FhirResources::flag).toList()), true)));
        })), FLAG_AUDIT, search, access);
    }

    /** The audit row in a transaction of its own, committed before the answer, as every read of patient data. */
    private Uni<Map<String, Object>> answer(Uni<Found> found, String action, FhirSearch search, CareTeamAccess access) {
        return found.call(page -> page.readPatient()
                        ? audit.append(access.subject(), action, "patient", search.patientId(),
                                Map.of("total", page.bundle().get("total")))
                        : Uni.createFrom().voidItem())
                .map(Found::bundle);
    }

    private static boolean readable(Patient patient, CareTeamAccess access) {
        return patient != null && access.canReadPatientData(patient.getCareTeamId());
    }

    private static String next(FhirSearch search, long total, IntFunction<String> link) {
        long after = (long) search.offset() + search.count();
        return after < total && after <= FhirSearch.MAX_OFFSET ? link.apply((int) after) : null;
    }

    private static Map<String, Object> empty(String type, String base, IntFunction<String> link) {
        return FhirResources.searchset(type, base, link.apply(0), null, 0, List.of());
    }
}
