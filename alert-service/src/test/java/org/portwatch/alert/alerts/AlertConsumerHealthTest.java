package org.portwatch.alert.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * With three consumers (alerts-in.concurrency), each batch that waits for the database is a waiter of its own: one
 * consumer's commit must not end another's wait, which the gauge SREs alert on and the commit strategy's excuse both
 * read.
 */
class AlertConsumerHealthTest {

    /** A clock the test moves. */
    static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-11-30T20:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void oneConsumersCommitDoesNotEndAnotherConsumersWait() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MovingClock clock = new MovingClock();
        AlertConsumerHealth health = new AlertConsumerHealth(registry, clock);
        Object first = new Object();
        Object second = new Object();
        Object third = new Object();

        assertThat(health.waiting()).isFalse();
        assertThat(health.waitedWithin(Duration.ofSeconds(60))).isFalse();

        health.waitingForDatabase(first);
        health.waitingForDatabase(second);
        health.waitingForDatabase(first); // its next retry
        health.recorded(third); // a third consumer commits a batch that never waited
        assertThat(health.waiting()).as("third's commit ends nobody's wait").isTrue();
        assertThat(registry.get(AlertConsumerHealth.WAITING).gauge().value()).isEqualTo(1.0);

        health.recorded(first);
        assertThat(health.waiting()).as("second still waits").isTrue();
        assertThat(registry.get(AlertConsumerHealth.WAITING).gauge().value()).isEqualTo(1.0);
        assertThat(health.call().getData()).hasValueSatisfying(data -> assertThat(data).containsEntry("waitingForDatabase", true));

        clock.now = clock.now.plusSeconds(30);
        health.recorded(second);
        assertThat(health.waiting()).isFalse();
        assertThat(registry.get(AlertConsumerHealth.WAITING).gauge().value()).isZero();
        assertThat(health.waitedWithin(Duration.ofSeconds(60))).as("within the grace after the last wait").isTrue();

        clock.now = clock.now.plusSeconds(61);
        assertThat(health.waitedWithin(Duration.ofSeconds(60))).isFalse();
        assertThat(health.call().getStatus().name()).isEqualTo("UP");
    }
}
