package org.portwatch.alert.escalation;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;

/**
 * Who is on call for a care team at an instant, by its on-call schedule: the escalation chain of the shift covering
 * it. Implemented by the package that owns the schedules (oncall), which uses escalation's policies; so escalation
 * owns this interface and imports nothing of it. Joins the caller's Hibernate Reactive session.
 */
public interface OnCallRoster {

    /**
     * A team's on-call answer at an instant: whether it has a schedule at all, and the shift covering the instant
     * (null {@code shift}: a gap) with its chain, {@code levels} = level 1, level 2, charge nurse (null: nobody).
     */
    record OnCall(boolean scheduled, String shift, List<String> levels) {

        /** The team has no schedule: its flat on-call contacts, as before schedules existed. */
        public static final OnCall UNSCHEDULED = new OnCall(false, null, List.of());

        public boolean covered() {
            return shift != null;
        }
    }

    /** The on-call answer of {@code careTeamId} at {@code at}. */
    Uni<OnCall> at(String careTeamId, Instant at);
}
