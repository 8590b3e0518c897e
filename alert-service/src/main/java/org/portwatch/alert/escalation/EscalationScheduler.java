package org.portwatch.alert.escalation;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.portwatch.alert.alerts.AlertEscalations;
import org.portwatch.alert.work.RoundMetrics;
import org.portwatch.alert.work.Rounds;
import org.portwatch.alert.work.RoundsConfig;

/**
 * Escalates alerts nobody acknowledged in time (docs/clinical-rules.md: HIGH/CRITICAL after 5 minutes, MEDIUM after 15, then
 * every 5 minutes until acknowledged or resolved). Every replica runs it; the database decides who sends: due
 * alerts are claimed with {@code FOR UPDATE SKIP LOCKED} and get their next due time in the same transaction, so
 * a round is sent once whichever replica finds it first, and the notification ids (alert + round) are unique too.
 */
@ApplicationScoped
public class EscalationScheduler {

    static final int BATCH = 20;
    static final String DUE = "SELECT CAST(alert_id AS text) FROM alert WHERE escalate_at <= ?1 AND status = 'OPEN'"
            + " ORDER BY escalate_at LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED";

    private final AlertEscalations escalations;
    private final Rounds rounds;

    private final RoundsConfig roundsConfig;

    public EscalationScheduler(AlertEscalations escalations, EscalationConfig config, Vertx vertx,
            RoundsConfig roundsConfig, RoundMetrics roundMetrics) {
        this.escalations = escalations;
        this.roundsConfig = roundsConfig;
        this.rounds = new Rounds("escalation-scheduler", vertx, config.checkInterval(), roundsConfig.timeout(),
                () -> roundMetrics.abandoned(RoundMetrics.Round.ESCALATION), this::round);
    }

    void onStart(@Observes StartupEvent event) {
        rounds.start();
    }

    /** A round in flight commits (its alerts get their next due time) or rolls back; none starts after this. */
    void onStop(@Observes ShutdownEvent event) {
        rounds.stop(roundsConfig.shutdownGrace());
    }

    /** One round: every due alert (up to a batch) escalated in one transaction. True when the batch was full. */
    Uni<Boolean> round() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return Panache.withTransaction(() -> Panache.getSession()
                        .flatMap(session -> session.createNativeQuery(DUE, String.class).setParameter(1, now).getResultList())
                        .flatMap(due -> escalateAll(due, now).replaceWith(due.size())))
                .invoke(count -> {
                    if (count > 0) {
                        escalations.committed();
                    }
                })
                .map(count -> count >= BATCH);
    }

    private Uni<Void> escalateAll(List<String> due, Instant now) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String alertId : due) {
            chain = chain.flatMap(ignored -> escalations.escalate(alertId, now));
        }
        return chain;
    }
}
