package org.portwatch.ingest.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeviceRateLimiterTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    /** The defaults: 20 requests/s; 5 readings/s with a burst of 3,000. */
    private final DeviceRateLimiter limiter = new DeviceRateLimiter(20, 5, 3_000, clock::get);

    private void advance(Duration duration) {
        clock.addAndGet(duration.toNanos());
    }

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
        DeviceRateLimiter slow = new DeviceRateLimiter(0.2, 5, 3_000, clock::get);
        assertThat(slow.tryAcquire("patch-1")).isEmpty();
        assertThat(slow.tryAcquire("patch-1")).hasValue(5L);
    }

    @Test
    void shouldLetAPhoneSyncADayOfBacklogAtOnce() {
        // 24 h at minute cadence: 60 heart rates and 12 temperatures an hour, in requests of up to 500.
        for (int count : new int[] {500, 500, 500, 228}) {
            assertThat(limiter.tryAcquireReadings("phone-1", count)).isEmpty();
        }
        assertThat(limiter.tryAcquireReadings("phone-1", 1_000)).isEmpty();
        assertThat(limiter.tryAcquireReadings("phone-1", 500)).hasValue(46L);
    }

    @Test
    void shouldTakeNothingFromARefusedRequestAndNameTheSecondsUntilItFits() {
        assertThat(limiter.tryAcquireReadings("patch-1", 2_800)).isEmpty();
        // 200 left: 500 more fit once 300 have refilled at 5/s, in 60 s.
        assertThat(limiter.tryAcquireReadings("patch-1", 500)).hasValue(60L);
        assertThat(limiter.tryAcquireReadings("patch-1", 500)).hasValue(60L);
        assertThat(limiter.tryAcquireReadings("patch-1", 200)).isEmpty();
        assertThat(limiter.tryAcquireReadings("patch-1", 1)).hasValue(1L);
    }

    @Test
    void shouldRefillTheReadingsBudgetAtTheSustainedRate() {
        assertThat(limiter.tryAcquireReadings("patch-1", 3_000)).isEmpty();
        assertThat(limiter.tryAcquireReadings("patch-1", 10)).hasValue(2L);

        advance(Duration.ofMillis(1_900));
        assertThat(limiter.tryAcquireReadings("patch-1", 10)).hasValue(1L);
        advance(Duration.ofMillis(200));
        assertThat(limiter.tryAcquireReadings("patch-1", 10)).isEmpty();

        advance(Duration.ofHours(1));
        assertThat(limiter.tryAcquireReadings("patch-1", 3_000)).isEmpty();
        assertThat(limiter.tryAcquireReadings("patch-1", 1)).isPresent();
    }

    @Test
    void shouldKeepEachDevicesReadingsBudgetApartFromItsRequestRate() {
        assertThat(limiter.tryAcquireReadings("patch-1", 3_000)).isEmpty();
        assertThat(limiter.tryAcquireReadings("patch-1", 1)).isPresent();

        assertThat(limiter.tryAcquireReadings("patch-2", 3_000)).isEmpty();
        assertThat(limiter.tryAcquire("patch-1")).isEmpty();
    }

    @Test
    void shouldGiveBackReadingsThatWereNotAcceptedAfterAll() {
        assertThat(limiter.tryAcquireReadings("patch-1", 3_000)).isEmpty();
        limiter.refundReadings("patch-1", 500);
        assertThat(limiter.tryAcquireReadings("patch-1", 500)).isEmpty();

        limiter.refundReadings("patch-1", 5_000);
        assertThat(limiter.tryAcquireReadings("patch-1", 3_000)).isEmpty();
        assertThat(limiter.tryAcquireReadings("patch-1", 1)).isPresent();
    }

    @Test
    void shouldRefuseToWaitForMoreReadingsThanTheBurstHolds() {
        assertThat(limiter.readingsBurst()).isEqualTo(3_000L);
        assertThatThrownBy(() -> limiter.tryAcquireReadings("patch-1", 3_001))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(limiter.tryAcquireReadings("patch-1", 3_000)).isEmpty();
    }
}
