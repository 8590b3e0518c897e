package org.portwatch.alert.patient;

import io.smallrye.mutiny.Uni;
import java.time.Instant;

/**
 * What a profile change does to the patient's alerts of record (docs/clinical-rules.md revision 2: every alert has an owner
 * who can see it). Each method runs inside the transaction that changes the profile, so the patient and their
 * alerts change together or not at all. Implemented by the alerts of record, which depend on this package; this
 * package only knows the interface, so the dependency stays one way.
 */
public interface PatientAlerts {

    /**
     * The patient is cared for by {@code careTeamId} from now on ({@code formerCareTeamId}: the team before, null for
     * a new profile). Alerts raised before the patient was enrolled are handed over to the team (the open ones
     * notified as RAISED); when the team changed, the open alerts move to it and the former team loses them.
     *
     * @return the number of alerts changed
     */
    Uni<Integer> careTeamSet(String patientId, String formerCareTeamId, String careTeamId, String actor, Instant at);

    /**
     * Monitoring ended (a discharge, or {@code monitoring: false}): every open alert of the patient is resolved as
     * discharged, and none escalates any more.
     *
     * @return the number of alerts changed
     */
    Uni<Integer> monitoringEnded(String patientId, String actor, Instant at);

    /** After the transaction committed, when alerts changed: screens and notifications follow at once. */
    void committed();
}
