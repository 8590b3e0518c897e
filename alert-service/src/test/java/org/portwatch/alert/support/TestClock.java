package org.portwatch.alert.support;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The service's clock in tests: the real time plus an offset a test moves forward, so that rules about minutes
 * (escalation after 5 minutes, then every 5) are tested in minutes without waiting for them. Replaces
 * {@code time.ServiceClock}'s default bean in every test application; the offset is zero unless a test moves it,
 * and a test that moves it puts it back ({@link #reset()}) so that the next test class sharing the application
 * starts on the real time.
 */
@Singleton
public class TestClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    /** Moves the service's time forward by {@code duration}; background rounds see it at their next poll. */
    public void advance(Duration duration) {
        offset.accumulateAndGet(duration, Duration::plus);
    }

    /** Back to the real time. */
    public void reset() {
        offset.set(Duration.ZERO);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the service works in UTC");
    }
}
