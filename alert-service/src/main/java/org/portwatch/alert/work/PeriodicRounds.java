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
 *
 * <p>A round that runs past {@code timeout} is abandoned (its Uni cancelled, counted by {@code abandoned}) and the
 * next one runs: a hung query must not stop escalations for good. {@link #stop(Duration)} stops new rounds and
 * waits for the one in flight, so a normal shutdown finishes the work it holds instead of leaving it leased.
 */
public final class PeriodicRounds {

    private static final Logger LOG = Logger.getLogger(PeriodicRounds.class);

    private final String name;
    private final Vertx vertx;
    private final Duration interval;
    private final Supplier<Uni<Boolean>> round;
    private final Duration timeout;
    private final Runnable abandoned;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean stopped = true;
    private volatile long timer = -1;

    public PeriodicRounds(String name, Vertx vertx, Duration interval, Duration timeout, Runnable abandoned,
            Supplier<Uni<Boolean>> round) {
        this.name = name;
        this.vertx = vertx;
        this.interval = interval;
        this.timeout = timeout;
        this.abandoned = abandoned;
        this.round = round;
    }

    public void start() {
        stopped = false;
        timer = vertx.setPeriodic(Math.max(10, interval.toMillis()), id -> wake());
        wake();
    }

    /**
     * No new round from now on; waits up to {@code grace} for the round in flight. Answers whether none is running
     * (false: it still runs after the grace). Blocks: call it from a shutdown observer, never on an event loop.
     */
    public boolean stop(Duration grace) {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (running) {
            while (running.get() && System.nanoTime() < deadline) {
                try {
                    running.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return !running.get();
        }
    }

    /** Whether a round runs now. */
    public boolean busy() {
        return running.get();
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
        // A new one, never the caller's: a request that wakes us must not share its session with the round.
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> {
            Uni<Boolean> work;
            try {
                work = round.get();
            } catch (RuntimeException e) {
                work = Uni.createFrom().failure(e);
            }
            work.ifNoItem().after(timeout).fail().subscribe().with(more -> finished(Boolean.TRUE.equals(more)), failure -> {
                if (failure instanceof io.smallrye.mutiny.TimeoutException) {
                    abandoned.run();
                    LOG.warnf("%s: round abandoned after %s, next in %s", name, timeout, interval);
                } else {
                    LOG.warnf("%s: round failed, next in %s: %s", name, interval, failure.toString());
                }
                finished(false);
            });
        });
    }

    /**
     * Runs {@code work} on a fresh safe duplicated context: a Hibernate Reactive session of its own, so that
     * concurrent pieces of work (deliveries of one batch) never share one session, which is not allowed.
     */
    public static <T> Uni<T> onOwnContext(Vertx vertx, Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> {
                Uni<T> uni;
                try {
                    uni = work.get();
                } catch (RuntimeException e) {
                    uni = Uni.createFrom().failure(e);
                }
                uni.subscribe().with(emitter::complete, emitter::fail);
            });
        });
    }

    private void finished(boolean more) {
        synchronized (running) {
            running.set(false);
            running.notifyAll();
        }
        if (more || again.get()) {
            wake();
        }
    }
}
