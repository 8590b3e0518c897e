package org.portwatch.alert.notification.push;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.portwatch.alert.role.ApiStarting;
import org.portwatch.alert.work.PeriodicRounds;

/**
 * The meters of the Web Push channel (deliveries are the dispatcher's, by channel). The subscription count is read
 * from the database every {@code notification.push.gauge-refresh} and after every change made here, so every
 * replica reports the same number: a sudden drop to zero means clinicians' phones no longer get alerts (a VAPID key
 * lost at a restart, a push service answering 410 to everything).
 */
@ApplicationScoped
public class PushMetrics {

    public static final String SUBSCRIPTIONS = "portwatch.push.subscriptions";
    public static final String SUBSCRIPTION_CHANGES = "portwatch.push.subscription.changes";
    /** Subscribes refused because the endpoint is another subject's: a takeover attempt, or a shared browser. */
    public static final String SUBSCRIPTIONS_REFUSED = "portwatch.push.subscriptions.refused";

    private static final Logger LOG = Logger.getLogger(PushMetrics.class);

    /** What happened to a subscription. */
    public enum Change {
        /** A clinician's device subscribed (a new endpoint). */
        SUBSCRIBED,
        /** A clinician removed one of their devices. */
        UNSUBSCRIBED,
        /** The push service answered 404/410: the browser dropped the subscription, we deleted it. */
        GONE,
        /** Its owner's token plus the grace ran out without a visit to the dashboard: pruned. */
        EXPIRED,
        /** Its owner visited the dashboard: care teams from the current token, validity extended. */
        RENEWED
    }

    private final PushSubscriptionRepository repository;
    private final Vertx vertx;
    private final PushConfig config;
    private final AtomicLong subscriptions = new AtomicLong();
    private final Map<Change, Counter> changes = new EnumMap<>(Change.class);
    private final Counter refused;
    private volatile long timer = -1;

    public PushMetrics(MeterRegistry registry, PushSubscriptionRepository repository, Vertx vertx, PushConfig config) {
        this.repository = repository;
        this.vertx = vertx;
        this.config = config;
        Gauge.builder(SUBSCRIPTIONS, subscriptions, AtomicLong::get)
                .description("Web Push subscriptions stored (clinicians' browsers and phones that get alerts)")
                .register(registry);
        for (Change change : Change.values()) {
            changes.put(change, Counter.builder(SUBSCRIPTION_CHANGES)
                    .description("Web Push subscriptions created, removed by their owner, dropped by the push service,"
                            + " pruned after their owner's token expired, or renewed at a dashboard visit")
                    .tag("change", change.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        refused = Counter.builder(SUBSCRIPTIONS_REFUSED)
                .description("Subscribes refused because the endpoint belongs to another user")
                .register(registry);
    }

    void onStart(@Observes ApiStarting event) {
        refresh();
        timer = vertx.setPeriodic(config.gaugeRefresh().toMillis(), id -> refresh());
    }

    void onStop(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Counts {@code change} and reads the number of subscriptions anew. */
    public void changed(Change change) {
        changed(change, 1);
    }

    /** Counts {@code count} subscriptions with {@code change} and reads the number of subscriptions anew. */
    public void changed(Change change, int count) {
        changes.get(change).increment(count);
        refresh();
    }

    /** {@code count} subscriptions renewed at one dashboard visit (the total does not change). */
    void renewed(int count) {
        if (count > 0) {
            changes.get(Change.RENEWED).increment(count);
        }
    }

    /** A subscribe of another subject's endpoint, refused. */
    void refused() {
        refused.increment();
    }

    /**
     * Reads the count in the background, in a session of its own on a context of its own (a timer's or a caller's
     * context is no place for one); a failure keeps the last value (the database's own health check says why).
     */
    void refresh() {
        PeriodicRounds.onOwnContext(vertx.getDelegate(), () -> Panache.withSession(repository::count))
                .subscribe().with(subscriptions::set,
                        error -> LOG.debugf("Push subscription count not read: %s", error.toString()));
    }
}
