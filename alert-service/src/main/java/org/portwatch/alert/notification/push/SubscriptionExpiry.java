package org.portwatch.alert.notification.push;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import org.portwatch.alert.role.ApiStarting;
import org.portwatch.alert.work.PeriodicRounds;
import org.portwatch.alert.work.RoundMetrics;
import org.portwatch.alert.work.RoundsConfig;

/**
 * Deletes push subscriptions whose owner's token plus {@code notification.push.owner-grace} ran out, every
 * {@code notification.push.prune-interval}. Nothing is sent to them from the moment they expire (targets and
 * delivery check the validity); this keeps the table, the gauge and the audit trail to what is live.
 */
@ApplicationScoped
public class SubscriptionExpiry {

    private final PeriodicRounds rounds;
    private final RoundsConfig roundsConfig;

    public SubscriptionExpiry(PushSubscriptionService service, PushConfig config, Vertx vertx, RoundsConfig roundsConfig,
            RoundMetrics roundMetrics) {
        this.roundsConfig = roundsConfig;
        this.rounds = new PeriodicRounds("push-subscription-expiry", vertx, config.pruneInterval(), roundsConfig.timeout(),
                () -> roundMetrics.abandoned(RoundMetrics.Round.PUSH_EXPIRY),
                () -> service.pruneExpired().map(pruned -> pruned == PushSubscriptionService.PRUNE_BATCH));
    }

    void onStart(@Observes ApiStarting event) {
        rounds.start();
    }

    void onStop(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
        rounds.stop(roundsConfig.shutdownGrace());
    }

    /** Prunes now (tests; the round also runs on its interval). */
    public void wake() {
        rounds.wake();
    }
}
