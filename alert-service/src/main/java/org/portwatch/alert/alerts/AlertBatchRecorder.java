package org.portwatch.alert.alerts;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.portwatch.alert.patient.PatientRepository;
import org.portwatch.model.AlertEvent;

/**
 * Records a batch of detector events (valid ones, in offset order) in ONE transaction: every alert row, timeline
 * entry, feed row and outbox notification of the batch commits together or not at all, so a replayed batch is
 * either wholly recorded already (every event a duplicate) or not at all.
 *
 * <p>Per event the decisions are {@link AlertRecorder}'s own (snooze, grouping, re-raise, escalation schedule), in
 * offset order, so one alert's events apply in the order the detector wrote them. What every event of the batch
 * would otherwise read one by one is read once up front: the patients' ownership locks (one statement, sorted ids),
 * the alerts (one locked read, alertId order, as every multi-row change of alerts takes them), the patients (into
 * the session, where each event's lookup finds them) and which eventIds are recorded already. A commit per batch
 * instead of per event is most of the gain: on this machine the per-event transaction's begin, advisory locks and
 * commit (an fsync) were about half of its 15 ms (docs/benchmarks.md, "Alerts of record").
 */
@ApplicationScoped
class AlertBatchRecorder {

    private final AlertRecorder recorder;
    private final AlertRepository alerts;
    private final PatientRepository patients;

    AlertBatchRecorder(AlertRecorder recorder, AlertRepository alerts, PatientRepository patients) {
        this.recorder = recorder;
        this.alerts = alerts;
        this.patients = patients;
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
        Set<UUID> alertIds = new LinkedHashSet<>();
        List<UUID> eventIds = events.stream().map(event -> {
            alertIds.add(UUID.fromString(event.alertId()));
            return UUID.fromString(event.eventId());
        }).distinct().toList();
        return Panache.withTransaction(() -> alerts.lockPatients(patientIds)
                        .flatMap(locked -> alerts.lockAll(alertIds))
                        .flatMap(loaded -> patients.list("patientId in ?1", patientIds))
                        .flatMap(loaded -> alerts.seenAmong(eventIds))
                        .flatMap(seen -> {
                            // An eventId twice in one batch (a detector retry) is a duplicate the second time.
                            Set<UUID> recorded = new HashSet<>(seen);
                            return Multi.createFrom().iterable(events).onItem().transformToUniAndConcatenate(event ->
                                            recorder.recordLocked(event, !recorded.add(UUID.fromString(event.eventId()))))
                                    .collect().asList();
                        }))
                .invoke(outcomes -> {
                    if (outcomes.stream().anyMatch(outcome -> outcome != AlertRecorder.Outcome.DUPLICATE)) {
                        recorder.committed();
                    }
                });
    }
}
