package org.portwatch.alert.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Background rounds on a plain Vert.x: a hung round is abandoned and counted, a stop waits for the round in flight. */
class PeriodicRoundsTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void shouldAbandonARoundThatHangsAndStillRunTheNext() {
        AtomicInteger started = new AtomicInteger();
        AtomicInteger abandoned = new AtomicInteger();
        PeriodicRounds rounds = new PeriodicRounds("hangs-once", vertx, Duration.ofMillis(50), Duration.ofMillis(300),
                abandoned::incrementAndGet, () -> started.incrementAndGet() == 1
                        ? Uni.createFrom().nothing() // the first round never answers: a frozen database
                        : Uni.createFrom().item(false));
        rounds.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> abandoned.get() == 1 && started.get() >= 3);
        assertThat(rounds.stop(Duration.ofSeconds(1))).isTrue();
    }

    @Test
    void shouldLetTheRoundInFlightFinishOnStopAndStartNoOther() {
        AtomicInteger started = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        CompletableFuture<Boolean> release = new CompletableFuture<>();
        PeriodicRounds rounds = new PeriodicRounds("slow", vertx, Duration.ofMillis(50), Duration.ofSeconds(30), () -> { }, () -> {
            started.incrementAndGet();
            return Uni.createFrom().completionStage(release).invoke(finished::incrementAndGet);
        });
        rounds.start();
        await().atMost(Duration.ofSeconds(10)).until(rounds::busy);

        // Stop while the round holds its work: a grace too short answers false, a longer one sees it finish.
        assertThat(rounds.stop(Duration.ofMillis(100))).isFalse();
        vertx.setTimer(200, id -> release.complete(false));
        assertThat(rounds.stop(Duration.ofSeconds(10))).isTrue();
        assertThat(finished.get()).isEqualTo(1);
        rounds.wake();
        assertThat(started.get()).isEqualTo(1);
    }
}
