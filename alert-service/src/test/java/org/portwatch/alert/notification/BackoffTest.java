package org.portwatch.alert.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.portwatch.model.Severity;

/**
 * Retry waits with the production defaults: after a receiver's outage of any length, a HIGH or CRITICAL delivery is
 * tried again within 36 s (30 s cap, +20 % jitter) of its return, well inside the minute a pager allows; a LOW one may
 * wait up to an hour.
 */
class BackoffTest {

    private static final NotificationConfig DEFAULTS = new NotificationConfig() {
        @Override
        public Duration pollInterval() {
            return Duration.ofSeconds(1);
        }

        @Override
        public int batchSize() {
            return 50;
        }

        @Override
        public Duration lease() {
            return Duration.ofSeconds(60);
        }

        @Override
        public Duration initialBackoff() {
            return Duration.ofSeconds(10);
        }

        @Override
        public Duration maxBackoff() {
            return Duration.ofHours(1);
        }

        @Override
        public Duration maxBackoffHigh() {
            return Duration.ofSeconds(30);
        }

        @Override
        public Duration maxBackoffMedium() {
            return Duration.ofMinutes(5);
        }

        @Override
        public Duration giveUpAfter() {
            return Duration.ofHours(24);
        }
    };

    @Test
    void shouldCapTheWaitBySeverityWhateverTheNumberOfAttempts() {
        for (int attempt = 1; attempt <= 200; attempt++) {
            for (Severity urgent : new Severity[] {Severity.HIGH, Severity.CRITICAL}) {
                assertThat(NotificationDispatcher.backoff(DEFAULTS, attempt, urgent, 1.2))
                        .isLessThanOrEqualTo(Duration.ofSeconds(36));
            }
            assertThat(NotificationDispatcher.backoff(DEFAULTS, attempt, Severity.MEDIUM, 1.2))
                    .isLessThanOrEqualTo(Duration.ofMinutes(6));
        }
        assertThat(NotificationDispatcher.backoff(DEFAULTS, 1, Severity.CRITICAL, 1.0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(NotificationDispatcher.backoff(DEFAULTS, 2, Severity.HIGH, 1.0)).isEqualTo(Duration.ofSeconds(20));
        assertThat(NotificationDispatcher.backoff(DEFAULTS, 3, Severity.HIGH, 1.0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(NotificationDispatcher.backoff(DEFAULTS, 30, Severity.LOW, 1.0)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void shouldReadRetryAfterInSecondsOrAsADate() {
        java.time.Instant now = java.time.Instant.parse("2026-11-29T18:00:00Z");
        assertThat(DeliveryResult.retryAfter("120", now)).isEqualTo(Duration.ofSeconds(120));
        assertThat(DeliveryResult.retryAfter("Sun, 29 Nov 2026 18:00:45 GMT", now)).isEqualTo(Duration.ofSeconds(45));
        assertThat(DeliveryResult.retryAfter("soon", now)).isNull();
        assertThat(DeliveryResult.retryAfter(null, now)).isNull();
        assertThat(DeliveryResult.retryAfter("999999", now)).isEqualTo(Duration.ofDays(1));
    }
}
