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
    /** On-call rounds by the level of the team's on-call chain they reached (issue 11: on-call schedule). */
    public static final String LEVEL_ROUNDS = "portwatch.escalation.level.rounds";
    /** On-call rounds of a team with a schedule that went to the flat contacts / whole team instead, by reason. */
    public static final String ON_CALL_FALLBACK = "portwatch.escalation.on.call.fallback";

    /** The levels of an on-call chain, in order. */
    public enum Level {
        LEVEL_1, LEVEL_2, CHARGE_NURSE;

        /** The level of a 1-based index into the chain. */
        static Level of(int index) {
            return values()[index - 1];
        }
    }

    /** Why a round of a team with an on-call schedule did not go to its chain. */
    public enum Fallback {
        /** No shift of the schedule covered the time of the round. */
        NO_SHIFT,
        /** Nobody of the covering shift's chain, from the round's level up, had a device subscribed. */
        NO_LEVEL_REACHABLE
    }

    /** Why an escalation round could not go to the on-call contacts. */
    public enum Unreachable {
        /** The team's policy names no on-call contact: the round went to the whole care team instead. */
        NO_ON_CALL_CONTACT,
        /** Nobody at all could be paged (no contact, push subscription or webhook): the round was not sent. */
        NOBODY_PAGED
    }

    private final Map<Severity, Counter> escalations = new EnumMap<>(Severity.class);
    private final Map<Unreachable, Counter> unreachable = new EnumMap<>(Unreachable.class);
    private final Map<Level, Counter> levels = new EnumMap<>(Level.class);
    private final Map<Fallback, Counter> fallbacks = new EnumMap<>(Fallback.class);

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
        for (Level level : Level.values()) {
            levels.put(level, Counter.builder(LEVEL_ROUNDS)
                    .description("Escalation rounds that reached a level of the care team's on-call chain")
                    .tag("level", level.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
        for (Fallback reason : Fallback.values()) {
            fallbacks.put(reason, Counter.builder(ON_CALL_FALLBACK)
                    .description("Escalation rounds of a team with an on-call schedule that went to its flat on-call"
                            + " contacts (or whole team) instead: no shift covered the time, or nobody of the chain"
                            + " was reachable")
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
    }

    void reachedLevel(Level level) {
        levels.get(level).increment();
    }

    void fellBack(Fallback reason) {
        fallbacks.get(reason).increment();
    }

    void escalated(Severity severity) {
        escalations.get(severity).increment();
    }

    void unreachable(Unreachable reason) {
        unreachable.get(reason).increment();
    }
}
