package org.portwatch.alert.escalation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.portwatch.model.Severity;

/** Escalation rounds sent, by severity, and rounds that could not go to on-call contacts, by reason. */
@Startup // its meters on /q/metrics from the start (SRE alerts read them), not from the first round
@ApplicationScoped
public class EscalationMetrics {

    public static final String ESCALATIONS = "portwatch.escalations";
    public static final String ESCALATION_UNREACHABLE = "portwatch.escalation.unreachable";

    /** Why an escalation round could not go to the on-call contacts. */
    public enum Unreachable {
        /** The team's policy names no on-call contact: the round went to the whole care team instead. */
        NO_ON_CALL_CONTACT,
        /** Nobody at all could be paged (no contact, push subscription or webhook): the round was not sent. */
        NOBODY_PAGED
    }

    private final Map<Severity, Counter> escalations = new EnumMap<>(Severity.class);
    private final Map<Unreachable, Counter> unreachable = new EnumMap<>(Unreachable.class);

    public EscalationMetrics(MeterRegistry registry) {
        for (Severity severity : Severity.values()) {
            escalations.put(severity, Counter.builder(ESCALATIONS)
                    .description("Escalation rounds sent to on-call contacts for alerts nobody acknowledged")
                    .tag("severity", severity.name())
                    .register(registry));
        }
        for (Unreachable reason : Unreachable.values()) {
            unreachable.put(reason, Counter.builder(ESCALATION_UNREACHABLE)
                    .description("Escalation rounds that could not go to on-call contacts: the team has none (the"
                            + " whole team was paged) or nobody could be paged at all (the round was not sent)")
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
    }

    void escalated(Severity severity) {
        escalations.get(severity).increment();
    }

    void unreachable(Unreachable reason) {
        unreachable.get(reason).increment();
    }
}
