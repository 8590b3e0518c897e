package org.portwatch.alert.assignment;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Assignment and notes, for the people who run the service and those who judge whether assignment is used:
 * assignments by action, comments added, and escalation rounds that went to the assignee first.
 */
@Startup // its meters on /q/metrics from the start, at zero, not from the first assignment
@ApplicationScoped
public class AssignmentMetrics {

    public static final String ASSIGNMENTS = "portwatch.alerts.assignments";
    public static final String COMMENTS = "portwatch.alerts.comments";
    public static final String ESCALATIONS_TO_ASSIGNEE = "portwatch.escalations.assignee";

    /** What an assignment request changed. */
    public enum Action {
        /** Nobody's before, the clinician's now. */
        ASSIGNED,
        /** One clinician's before, another's now. */
        REASSIGNED,
        /** Nobody's now. */
        UNASSIGNED
    }

    private final Map<Action, Counter> assignments = new EnumMap<>(Action.class);
    private final Counter comments;
    private final Counter escalationsToAssignee;

    public AssignmentMetrics(MeterRegistry registry) {
        for (Action action : Action.values()) {
            assignments.put(action, Counter.builder(ASSIGNMENTS)
                    .description("Alerts assigned, reassigned or unassigned by clinicians")
                    .tag("action", action.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
        comments = Counter.builder(COMMENTS).description("Comments added to alerts' threads").register(registry);
        escalationsToAssignee = Counter.builder(ESCALATIONS_TO_ASSIGNEE)
                .description("First escalation rounds of assigned alerts that went to the assignee's own devices"
                        + " (the next rounds go to on-call)")
                .register(registry);
    }

    void assignment(Action action) {
        assignments.get(action).increment();
    }

    void commented() {
        comments.increment();
    }

    /** A first escalation round reached the assignee (the alerts package sends it). */
    public void escalatedToAssignee() {
        escalationsToAssignee.increment();
    }
}
