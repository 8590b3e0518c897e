package org.portwatch.alert.work;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** Rounds abandoned after {@code alerts.rounds.timeout}, by round: a non-zero rate means work hangs somewhere. */
@Startup // its meter on /q/metrics from the start (SRE alerts read it), not from first use
@ApplicationScoped
public class RoundMetrics {

    public static final String ABANDONED = "portwatch.rounds.abandoned";

    /** The background rounds of this service (a bounded tag value). */
    public enum Round {
        ESCALATION, NOTIFICATION_DISPATCH, PROFILE_OUTBOX, FEED, PUSH_EXPIRY, READINGS_PARTITIONS, SNOOZE_EXPIRY
    }

    private final Map<Round, Counter> abandoned = new EnumMap<>(Round.class);

    public RoundMetrics(MeterRegistry registry) {
        for (Round round : Round.values()) {
            abandoned.put(round, Counter.builder(ABANDONED)
                    .description("Background rounds abandoned because they ran past alerts.rounds.timeout")
                    .tag("round", round.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
    }

    public void abandoned(Round round) {
        abandoned.get(round).increment();
    }
}
