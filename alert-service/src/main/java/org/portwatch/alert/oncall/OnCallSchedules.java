package org.portwatch.alert.oncall;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.portwatch.alert.escalation.EscalationPolicies;
import org.portwatch.alert.escalation.OnCallRoster;
import org.portwatch.alert.oncall.ScheduleInput.ShiftInput;
import org.portwatch.model.Json;
import org.portwatch.alert.audit.AuditLog;

/**
 * The on-call schedules of care teams: read, replaced and cleared by the API (audited, each in its own session or
 * transaction), and asked by escalation for the chain on call at a round's time ({@link OnCallRoster}, in the
 * round's session). A team without a schedule escalates to its policy's flat contacts, as before schedules existed.
 */
@ApplicationScoped
public class OnCallSchedules implements OnCallRoster {

    private static final TypeReference<List<ShiftInput>> SHIFTS = new TypeReference<>() {
    };

    private final OnCallScheduleRepository repository;
    private final EscalationPolicies policies;
    private final AuditLog audit;

    public OnCallSchedules(OnCallScheduleRepository repository, EscalationPolicies policies, AuditLog audit) {
        this.repository = repository;
        this.policies = policies;
        this.audit = audit;
    }

    /** The team's schedule; null when it has none. Joins the caller's session. */
    Uni<OnCallSchedule> of(String careTeamId) {
        return repository.find(careTeamId).map(stored -> stored == null ? null : parse(stored));
    }

    /** {@link #of}, in a session of its own (a read). */
    @WithSession
    public Uni<OnCallSchedule> inForce(String careTeamId) {
        return of(careTeamId);
    }

    /**
     * Replaces the team's schedule with {@code schedule} (validated by the caller), audited; no shifts removes it, so
     * the team escalates to its flat on-call contacts again.
     */
    @WithTransaction
    public Uni<Void> replace(String careTeamId, OnCallSchedule schedule, String by, Instant at) {
        if (schedule.shifts().isEmpty()) {
            return clear(careTeamId, by, at);
        }
        return repository.save(careTeamId, new OnCallScheduleRepository.Stored(schedule.zone().getId(),
                        json(ScheduleInput.of(schedule).shifts())), by, at)
                .call(() -> audit.record(by, "on-call-schedule.update", "care-team", careTeamId,
                        Map.of("timeZone", schedule.zone().getId(), "shifts", schedule.shifts().size())));
    }

    /** Removes the team's schedule (if any), audited. */
    @WithTransaction
    public Uni<Void> clear(String careTeamId, String by, Instant at) {
        return repository.delete(careTeamId)
                .call(had -> audit.record(by, "on-call-schedule.delete", "care-team", careTeamId,
                        Map.of("existed", had)))
                .replaceWithVoid();
    }

    /** Who is on call for the team at {@code at}, and where rounds go when nobody is. In a session of its own. */
    @WithSession
    public Uni<OnCallNow> now(String careTeamId, Instant at) {
        return of(careTeamId).flatMap(schedule -> {
            OnCallSchedule.Covered covered = schedule == null ? null : schedule.coverAt(at);
            String zone = schedule == null ? null : schedule.zone().getId();
            if (covered != null) {
                OnCallSchedule.Shift shift = covered.shift();
                return Uni.createFrom().item(new OnCallNow(at, zone,
                        new OnCallNow.ShiftNow(shift.name(), covered.start(), covered.end()),
                        shift.level1(), shift.level2(), shift.chargeNurse(), null));
            }
            return policies.of(careTeamId).map(policy -> new OnCallNow(at, zone, null, null, null, null,
                    new OnCallNow.Fallback(schedule == null ? "NO_SCHEDULE" : "NO_SHIFT",
                            policy.contacts().isEmpty() ? "WHOLE_TEAM" : "CONTACTS", policy.contacts())));
        });
    }

    @Override
    public Uni<OnCall> at(String careTeamId, Instant at) {
        return of(careTeamId).map(schedule -> {
            if (schedule == null) {
                return OnCall.UNSCHEDULED;
            }
            OnCallSchedule.Covered covered = schedule.coverAt(at);
            return covered == null ? new OnCall(true, null, List.of())
                    : new OnCall(true, covered.shift().name(), covered.shift().levels());
        });
    }

    private static OnCallSchedule parse(OnCallScheduleRepository.Stored stored) {
        try {
            return new ScheduleInput(stored.timeZone(), Json.mapper().readValue(stored.shifts(), SHIFTS)).validated();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("on_call_schedule.shifts is not a list of shifts", e);
        }
    }

    private static String json(List<ShiftInput> shifts) {
        try {
            return Json.mapper().writeValueAsString(shifts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("shifts are plain values", e);
        }
    }
}
