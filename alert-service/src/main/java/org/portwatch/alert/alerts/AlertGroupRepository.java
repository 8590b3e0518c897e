package org.portwatch.alert.alerts;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.UUID;
import org.portwatch.alert.database.BatchScope;

/**
 * The statements of grouping on {@code alert} ({@link AlertGroups}): the patient's open SEPSIS_RISK a new child joins,
 * the open children a new SEPSIS_RISK takes in, a group's members. Each joins the caller's session and transaction.
 * Where the team's setting decides, it is read in the same statement ({@code care_team_grouping}, the default when
 * the team has no row), so the recording path pays one indexed lookup, not two.
 */
@ApplicationScoped
public class AlertGroupRepository {

    /** The team's setting, share-locked: a PUT that switches it off waits for, or is waited on by, the recording. */
    static final String ENABLED = "COALESCE((SELECT g.enabled FROM care_team_grouping g WHERE g.care_team_id = ?2"
            + " FOR SHARE), ?3)";
    /**
     * The patient's open SEPSIS_RISK of the same team, locked: a clinician resolving it at this moment finishes first
     * (and this then finds it resolved), so a child never joins a parent that no longer releases it.
     */
    static final String OPEN_PARENT = "SELECT a.* FROM alert a WHERE a.patient_id = ?1 AND a.care_team_id = ?2"
            + " AND a.condition = 'SEPSIS_RISK' AND a.status <> 'RESOLVED' AND " + ENABLED
            + " ORDER BY a.raised_at, a.alert_id LIMIT 1 FOR UPDATE OF a";
    /** The patient's open FEVER and TACHYCARDIA of the same team not grouped yet, locked in alertId order. */
    static final String UNGROUPED_CHILDREN = "SELECT a.* FROM alert a WHERE a.patient_id = ?1 AND a.care_team_id = ?2"
            + " AND a.condition IN ('FEVER', 'TACHYCARDIA') AND a.status <> 'RESOLVED' AND a.grouped_under IS NULL AND "
            + ENABLED + " ORDER BY a.alert_id FOR UPDATE OF a";

    /** Which of a batch's patients have an open SEPSIS_RISK (of any team). */
    static final String WITH_OPEN_PARENT = "SELECT DISTINCT a.patient_id FROM alert a WHERE a.patient_id IN (%s)"
            + " AND a.condition = 'SEPSIS_RISK' AND a.status <> 'RESOLVED'";
    private static final String MAY_HAVE_PARENT = "groups.may-have-parent";

    /**
     * Notes, for a batch ({@link BatchScope}), which of its patients may have an open SEPSIS_RISK while it runs: those
     * with one now, and those with a SEPSIS_RISK event in the batch ({@code withParentEvents}). For the others
     * {@link #openParentForUpdate} reads nothing: only the batch itself could open one, under the patients' locks it
     * holds.
     */
    public Uni<Void> noteParents(List<String> patientIds, java.util.Set<String> withParentEvents) {
        BatchScope batch = BatchScope.current();
        if (batch == null || patientIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String sql = String.format(WITH_OPEN_PARENT, AlertRepository.placeholders(patientIds.size()));
        return Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql, String.class);
            for (int i = 0; i < patientIds.size(); i++) {
                query.setParameter(i + 1, patientIds.get(i));
            }
            return query.getResultList();
        }).invoke(open -> {
            java.util.Set<String> may = new java.util.HashSet<>(open);
            may.addAll(withParentEvents);
            batch.fact(MAY_HAVE_PARENT, may);
        }).replaceWithVoid();
    }

    /** The patient's open SEPSIS_RISK of {@code careTeamId}, locked, when the team groups; null otherwise. */
    public Uni<Alert> openParentForUpdate(String patientId, String careTeamId, boolean enabledByDefault) {
        BatchScope batch = BatchScope.current();
        java.util.Set<String> may = batch == null ? null : batch.fact(MAY_HAVE_PARENT);
        if (may != null && !may.contains(patientId)) {
            return Uni.createFrom().nullItem();
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery(OPEN_PARENT, Alert.class)
                        .setParameter(1, patientId).setParameter(2, careTeamId).setParameter(3, enabledByDefault)
                        .getResultList())
                .map(rows -> rows.isEmpty() ? null : rows.get(0));
    }

    /** The patient's open, ungrouped FEVER and TACHYCARDIA of {@code careTeamId}, locked, when the team groups. */
    public Uni<List<Alert>> ungroupedChildrenForUpdate(String patientId, String careTeamId, boolean enabledByDefault) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(UNGROUPED_CHILDREN, Alert.class)
                .setParameter(1, patientId).setParameter(2, careTeamId).setParameter(3, enabledByDefault)
                .getResultList());
    }

    /** Every alert grouped under {@code parent}, oldest first (no lock: members as a notification lists them). */
    public Uni<List<Alert>> childrenOf(UUID parent) {
        return Panache.getSession().flatMap(session -> session
                .createQuery("from Alert where groupedUnder = ?1 order by raisedAt, alertId", Alert.class)
                .setParameter(1, parent).getResultList());
    }

    /** The open alerts grouped under {@code parent}, locked in alertId order. */
    public Uni<List<Alert>> openChildrenForUpdate(UUID parent) {
        return Panache.getSession().flatMap(session -> session
                .createQuery("from Alert where groupedUnder = ?1 and status <> ?2 order by alertId", Alert.class)
                .setParameter(1, parent).setParameter(2, AlertStatus.RESOLVED)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList());
    }

    /** The open grouped alerts of {@code careTeamId}, locked in alertId order. */
    public Uni<List<Alert>> openGroupedOfTeamForUpdate(String careTeamId) {
        return Panache.getSession().flatMap(session -> session
                .createQuery("from Alert where careTeamId = ?1 and groupedUnder is not null and status <> ?2"
                        + " order by alertId", Alert.class)
                .setParameter(1, careTeamId).setParameter(2, AlertStatus.RESOLVED)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList());
    }
}
