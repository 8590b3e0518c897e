package org.portwatch.alert.snooze;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.portwatch.alert.alerts.AlertSnoozes;
import org.portwatch.alert.role.ApiStarting;
import org.portwatch.alert.work.PeriodicRounds;
import org.portwatch.alert.work.RoundMetrics;
import org.portwatch.alert.work.RoundsConfig;

/**
 * Ends snoozes and silences whose time ran out, on every replica: silences with one conditional UPDATE, alerts claimed
 * with {@code FOR UPDATE SKIP LOCKED} and cleared in the same transaction, so whichever replica finds one first ends
 * it and tells the care team again (under an idempotency key of the alert and the snooze's end), and no other does.
 * Time comes from the service {@link Clock}. Each round also refreshes the gauge of snoozed alerts.
 */
@ApplicationScoped
public class SnoozeRounds {

    static final int BATCH = 50;

    private final AlertSnoozes snoozes;
    private final SilenceRepository silences;
    private final SnoozeMetrics metrics;
    private final Clock clock;
    private final PeriodicRounds rounds;
    private final RoundsConfig roundsConfig;

    public SnoozeRounds(AlertSnoozes snoozes, SilenceRepository silences, SnoozeMetrics metrics, Clock clock,
            SnoozeConfig config, Vertx vertx, RoundsConfig roundsConfig, RoundMetrics roundMetrics) {
        this.snoozes = snoozes;
        this.silences = silences;
        this.metrics = metrics;
        this.clock = clock;
        this.roundsConfig = roundsConfig;
        this.rounds = new PeriodicRounds("snooze-expiry", vertx, config.checkInterval(), roundsConfig.timeout(),
                () -> roundMetrics.abandoned(RoundMetrics.Round.SNOOZE_EXPIRY), this::round);
    }

    void onStart(@Observes ApiStarting event) {
        rounds.start();
    }

    void onStop(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
        rounds.stop(roundsConfig.shutdownGrace());
    }

    /** One round: expired silences and up to a batch of ended snoozes, one transaction. True when the batch was full. */
    Uni<Boolean> round() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return Panache.withTransaction(() -> silences.endExpired(now).flatMap(ended -> snoozes.endOver(now, BATCH)))
                .invoke(count -> {
                    if (count > 0) {
                        snoozes.committed();
                    }
                })
                .call(count -> Panache.withSession(silences::snoozedCounts)
                        .invoke(counts -> metrics.active(counts[0], counts[1])))
                .map(count -> count >= BATCH);
    }
}
