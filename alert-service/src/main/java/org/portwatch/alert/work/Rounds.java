package org.portwatch.alert.work;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Background work done in rounds — every {@code interval}, and at once when {@link #wake()}d — one round at a
 * time, on a safe duplicated Vert.x context so that Hibernate Reactive sessions work in it as they do in a
 * request. A round answers whether it left work behind (a full batch), and then runs again right away.
 *
 * <p>Rounds coordinate replicas through the database (row leases, SKIP LOCKED), never through this class: it only
 * keeps one replica from running two rounds of the same work at once.
 */
public final class Rounds {

    private static final Logger LOG = Logger.getLogger(Rounds.class);

    private final String name;
    private final Vertx vertx;
    private final Duration interval;
    private final Supplier<Uni<Boolean>> round;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean stopped = true;
    private volatile long timer = -1;

    public Rounds(String name, Vertx vertx, Duration interval, Supplier<Uni<Boolean>> round) {
        this.name = name;
        this.vertx = vertx;
        this.interval = interval;
        this.round = round;
    }

    public void start() {
        stopped = false;
        timer = vertx.setPeriodic(Math.max(10, interval.toMillis()), id -> wake());
        wake();
    }

    public void stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Asks for a round now (or right after the one running). Never blocks; any thread. */
    public void wake() {
        if (stopped) {
            return;
        }
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        Context context = VertxContext.getOrCreateDuplicatedContext(vertx);
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> {
            Uni<Boolean> work;
            try {
                work = round.get();
            } catch (RuntimeException e) {
                work = Uni.createFrom().failure(e);
            }
            work.subscribe().with(more -> finished(Boolean.TRUE.equals(more)), failure -> {
                LOG.warnf("%s: round failed, next in %s: %s", name, interval, failure.toString());
                finished(false);
            });
        });
    }

    private void finished(boolean more) {
        running.set(false);
        if (more || again.get()) {
            wake();
        }
    }
}
