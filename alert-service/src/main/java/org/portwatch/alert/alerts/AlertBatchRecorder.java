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
import org.portwatch.model.AlertEvent;

/**
 * Records a batch of detector events (valid ones, in offset order) in ONE transaction: every alert row, timeline
 * entry, feed row and outbox notification of the batch commits together or not at all, so a replayed batch is
 * either wholly recorded already (every event a duplicate) or not at all.
 *
 * <p>Per event the decisions are {@link AlertRecorder}'s own (snooze, grouping, re-raise, escalation schedule), in
 * offset order, so one alert's events apply in the order the detector wrote them. Read once per batch instead of once
 * per event: the patients' ownership locks (one statement, sorted ids, so two batches cannot take them crosswise;
 * held to the commit, they also order every alert lock taken after them) and which eventIds are recorded already.
 * The gain is the commit (an fsync), the transaction's begin and those reads per event (docs/benchmarks.md,
 * "Alerts of record at scale"). The session is flushed and emptied after each event: every query flushes the session
 * first, and a flush walks every entity the session holds, so with a whole batch's alerts and timeline entries kept
 * each event cost more than the one before (a batch of 250 took 18 s; JFR: Hibernate's cascade and dirty checks).
 */
@ApplicationScoped
class AlertBatchRecorder {

    private final AlertRecorder recorder;
    private final AlertRepository alerts;

    AlertBatchRecorder(AlertRecorder recorder, AlertRepository alerts) {
        this.recorder = recorder;
        this.alerts = alerts;
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
        return Panache.withTransaction(() -> alerts.lockPatients(patientIds)
                        .flatMap(locked -> alerts.seenAmong(eventIds))
                        .flatMap(seen -> {
                            // An eventId twice in one batch (a detector retry) is a duplicate the second time.
                            Set<UUID> recorded = new HashSet<>(seen);
                            return Multi.createFrom().iterable(events).onItem().transformToUniAndConcatenate(event ->
                                            recorder.recordLocked(event, !recorded.add(UUID.fromString(event.eventId())))
                                                    .call(outcome -> alerts.flushAndClear()))
                                    .collect().asList();
                        }))
                .invoke(outcomes -> {
                    if (outcomes.stream().anyMatch(outcome -> outcome != AlertRecorder.Outcome.DUPLICATE)) {
                        recorder.committed();
                    }
                });
    }
}
