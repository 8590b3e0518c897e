package org.portwatch.alert.patient;

import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.Collection;

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
