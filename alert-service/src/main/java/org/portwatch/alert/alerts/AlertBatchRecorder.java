package org.portwatch.alert.alerts;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.portwatch.alert.database.BatchScope;
import org.portwatch.alert.grouping.GroupRules;
import org.portwatch.alert.patient.PatientRepository;
import org.portwatch.model.AlertEvent;

/**
 * Records a batch of detector events (valid ones, in offset order) in ONE transaction: every alert row, timeline
 * entry, feed row and outbox notification of the batch commits together or not at all, so a replayed batch is
 * either wholly recorded already (every event a duplicate) or not at all.
 *
 * <p>Per event the decisions are {@link AlertRecorder}'s own (snooze, grouping, re-raise, escalation schedule), in
 * offset order, so one alert's events apply in the order the detector wrote them. What they read is read once per
 * batch ({@link BatchScope}): the patients' ownership locks (one statement, sorted ids, so two batches cannot take
 * them crosswise; held to the commit, they also order every alert lock taken after them), the eventIds recorded
 * already, the events' alerts (locked in one statement), the patients' profiles, which patients may have an open
 * SEPSIS_RISK, and per team its escalation policy and channel targets. What they write alike (timeline entries, feed
 * rows, outbox rows) is written at the end with one multi-row statement per kind, and the alerts by Hibernate's
 * statement batches. A batch of new FEVER alerts thus runs about a dozen statements in all instead of a dozen per event
 * (docs/benchmarks.md, "Alerts of record at scale"). The session is no longer emptied after each event: with no
 * statement per event, nothing flushes it but the end of the batch.
 */
@ApplicationScoped
class AlertBatchRecorder {

    private final AlertRecorder recorder;
    private final AlertRepository alerts;
    private final PatientRepository patients;
    private final AlertGroupRepository groups;

    AlertBatchRecorder(AlertRecorder recorder, AlertRepository alerts, PatientRepository patients,
            AlertGroupRepository groups) {
        this.recorder = recorder;
        this.alerts = alerts;
        this.patients = patients;
        this.groups = groups;
    }

    /**
     * Records {@code events} in one transaction; answers each event's outcome, in order. After the commit the feed
     * and dispatcher are woken once. A failure rolls the whole batch back: nothing of it is recorded.
     */
    Uni<List<AlertRecorder.Outcome>> recordAll(List<AlertEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<String> patientIds = List.copyOf(new TreeSet<>(events.stream().map(AlertEvent::patientId).toList()));
        List<UUID> eventIds = events.stream().map(event -> UUID.fromString(event.eventId())).distinct().toList();
        List<UUID> alertIds = events.stream().map(event -> UUID.fromString(event.alertId())).distinct().toList();
        Set<String> withParentEvents = events.stream().filter(event -> GroupRules.isParent(event.condition()))
                .map(AlertEvent::patientId).collect(Collectors.toSet());
        return Panache.withTransaction(() -> BatchScope.run(() -> alerts.lockPatients(patientIds)
                        .flatMap(locked -> alerts.seenAmong(eventIds))
                        .call(seen -> alerts.lockForBatch(alertIds))
                        .call(seen -> patients.prefetch(patientIds))
                        .call(seen -> groups.noteParents(patientIds, withParentEvents))
                        .flatMap(seen -> {
                            // An eventId twice in one batch (a detector retry) is a duplicate the second time.
                            Set<UUID> recorded = new HashSet<>(seen);
                            return Multi.createFrom().iterable(events).onItem().transformToUniAndConcatenate(
                                            event -> recorder.recordLocked(event,
                                                    !recorded.add(UUID.fromString(event.eventId()))))
                                    .collect().asList();
                        })))
                .invoke(outcomes -> {
                    if (outcomes.stream().anyMatch(outcome -> outcome != AlertRecorder.Outcome.DUPLICATE)) {
                        recorder.committed();
                    }
                });
    }
}
