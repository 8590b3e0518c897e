package org.portwatch.ingest.fhir;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What became of FHIR Observations, per interaction (batch, transaction, create) and answered status (201, 200,
 * 4xx): the readings themselves are counted by the ingest metrics as any reading is.
 */
@ApplicationScoped
public class FhirMetrics {

    public static final String ENTRIES = "portwatch.ingest.fhir.observations";
    public static final String REMEMBERED = "portwatch.ingest.fhir.identifiers.remembered";

    /** The interactions FHIR clients use to send us Observations. */
    public enum Interaction {
        BATCH, TRANSACTION, CREATE
    }

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    FhirMetrics(MeterRegistry registry, RecentIdentifiers recent) {
        this.registry = registry;
        for (Interaction interaction : Interaction.values()) {
            for (int status : new int[] {201, 200, 400, 422}) {
                observation(interaction, status, 0);
            }
        }
        Gauge.builder(REMEMBERED, recent, RecentIdentifiers::size)
                .description("Identifiers of acknowledged FHIR Observations this instance remembers, to answer a re-send 200")
                .register(registry);
    }

    /** One Observation answered {@code status} (a bounded set: 201, 200, 400, 405, 422). */
    void observation(Interaction interaction, int status) {
        observation(interaction, status, 1);
    }

    private void observation(Interaction interaction, int status, double amount) {
        String key = interaction.name() + status;
        counters.computeIfAbsent(key, k -> Counter.builder(ENTRIES)
                        .description("FHIR Observations received, by interaction and the status answered for each")
                        .tag("interaction", interaction.name().toLowerCase(java.util.Locale.ROOT))
                        .tag("status", Integer.toString(status))
                        .register(registry))
                .increment(amount);
    }
}
