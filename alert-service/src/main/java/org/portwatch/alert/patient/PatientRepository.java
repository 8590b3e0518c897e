package org.portwatch.alert.patient;

import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.Collection;
import java.util.List;
import org.portwatch.alert.database.BatchScope;

@ApplicationScoped
public class PatientRepository implements PanacheRepositoryBase<Patient, String> {

    /**
     * The patient's row, locked until the transaction ends ({@code SELECT ... FOR UPDATE}): two changes of one
     * patient run one after the other, so each builds on the other's result and their outbox rows are numbered
     * in the order they committed (the detector must see the last one last).
     */
    public Uni<Patient> findForUpdate(String patientId) {
        return findById(patientId, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * The patient's profile (null: none); in a batch ({@link BatchScope}), read once for all its events: a profile
     * cannot change under the batch, which holds the patient's ownership lock as every change of a profile does.
     */
    public Uni<Patient> profile(String patientId) {
        BatchScope batch = BatchScope.current();
        return batch == null ? findById(patientId) : batch.memo("patient", patientId, () -> findById(patientId));
    }

    /** Reads the profiles of a batch's patients in one statement, for {@link #profile}. Inside the batch. */
    public Uni<Void> prefetch(List<String> patientIds) {
        BatchScope batch = BatchScope.current();
        if (batch == null || patientIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return list("patientId in ?1", patientIds).invoke(found -> {
            patientIds.forEach(id -> batch.remember("patient", id, null));
            found.forEach(patient -> batch.remember("patient", patient.getPatientId(), patient));
        }).replaceWithVoid();
    }

    /**
     * The patients of {@code careTeams} (every team when {@code null}), by patientId; discharged ones only when
     * asked for.
     */
    public PanacheQuery<Patient> listed(Collection<String> careTeams, boolean includeDischarged) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (careTeams != null) {
            query.append(" and careTeamId in :teams");
            parameters.and("teams", careTeams);
        }
        if (!includeDischarged) {
            query.append(" and dischargedAt is null");
        }
        return find(query.toString(), Sort.by("patientId"), parameters);
    }
}
