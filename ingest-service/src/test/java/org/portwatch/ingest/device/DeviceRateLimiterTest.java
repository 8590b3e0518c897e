package org.portwatch.ingest.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeviceRateLimiterTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final DeviceRateLimiter limiter = new DeviceRateLimiter(20, clock::get);

    @Test
    void shouldAllowABurstOfOneSecondAndThenAskToWait() {
        for (int i = 0; i < 20; i++) {
            assertThat(limiter.tryAcquire("patch-1")).isEmpty();
        }
        assertThat(limiter.tryAcquire("patch-1")).hasValue(1L);
    }

    @Test
    void shouldRefillAtTheConfiguredRate() {
        for (int i = 0; i < 20; i++) {
            limiter.tryAcquire("patch-1");
        }
        clock.addAndGet(50_000_000L); // 50 ms at 20/s: one more request
        assertThat(limiter.tryAcquire("patch-1")).isEmpty();
        assertThat(limiter.tryAcquire("patch-1")).isPresent();
    }

    @Test
    void shouldLimitEachDeviceOnItsOwn() {
        for (int i = 0; i < 20; i++) {
            limiter.tryAcquire("patch-1");
        }
        assertThat(limiter.tryAcquire("patch-1")).isPresent();
        assertThat(limiter.tryAcquire("patch-2")).isEmpty();
    }

    @Test
    void shouldAskSlowDevicesToWaitLonger() {
        DeviceRateLimiter slow = new DeviceRateLimiter(0.2, clock::get);
        assertThat(slow.tryAcquire("patch-1")).isEmpty();
        assertThat(slow.tryAcquire("patch-1")).hasValue(5L);
    }
}
