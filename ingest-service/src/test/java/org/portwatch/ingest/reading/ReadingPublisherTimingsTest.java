package org.portwatch.ingest.reading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The producer's own verdict on a reading must come before the publish timeout at which the client hears
 * 503: otherwise a reading could reach the topic after its client was told it was not accepted.
 */
class ReadingPublisherTimingsTest {

    private static final long LINGER_MS = 2;

    @ParameterizedTest
    @ValueSource(longs = {800, 2_000, 4_000, 8_000, 30_000})
    void shouldGiveTheProducersVerdictBeforeThePublishTimeout(long publishTimeoutMs) {
        ReadingPublisher.Timings timings = ReadingPublisher.Timings.of(Duration.ofMillis(publishTimeoutMs));

        long sendWindowMs = TimeUnit.NANOSECONDS.toMillis(timings.sendWindowNanos());
        // The last reading is handed over by the end of the send window, may block up to max.block.ms, and is
        // then acknowledged or failed within delivery.timeout.ms.
        assertThat(sendWindowMs + timings.maxBlockMs() + timings.deliveryTimeoutMs()).isLessThan(publishTimeoutMs);
        // The producer refuses a delivery timeout shorter than linger + request timeout.
        assertThat(timings.deliveryTimeoutMs()).isGreaterThanOrEqualTo(LINGER_MS + timings.requestTimeoutMs());
        assertThat(timings.maxBlockMs()).isPositive();
        assertThat(sendWindowMs).isPositive();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 100, 799})
    void shouldKeepWorkableProducerTimeoutsForATinyPublishTimeout(long publishTimeoutMs) {
        ReadingPublisher.Timings timings = ReadingPublisher.Timings.of(Duration.ofMillis(publishTimeoutMs));

        assertThat(timings.deliveryTimeoutMs()).isGreaterThanOrEqualTo(LINGER_MS + timings.requestTimeoutMs());
        assertThat(timings.maxBlockMs()).isPositive();
    }
}
