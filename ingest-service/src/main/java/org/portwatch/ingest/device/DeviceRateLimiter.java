package org.portwatch.ingest.device;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.portwatch.ingest.config.IngestConfig;
import org.portwatch.service.limit.TokenBuckets;

/**
 * Two token buckets per device. Requests (burst = one second's worth): a misbehaving device loops on
 * retries; it must not crowd out the rest of the fleet. Readings (burst = a day of backlog): what a device
 * sends on is what the detector of its patient must work through, and that patient shares a partition
 * with others (docs/clinical-rules.md, "Bounded"). The limits are per instance: behind N replicas a device may reach
 * N times the rate, which is still a bound.
 */
@ApplicationScoped
public class DeviceRateLimiter {

    /** Far more than a hospital's fleet, so no real device's bucket is ever evicted; about 100 bytes each. */
    private static final long MAX_DEVICES = 500_000;

    private final TokenBuckets requests;
    private final TokenBuckets readings;

    @Inject
    public DeviceRateLimiter(IngestConfig config) {
        this(config.deviceRequestsPerSecond(), config.deviceReadingsPerSecond(), config.deviceReadingsBurst(),
                System::nanoTime);
    }

    public DeviceRateLimiter(double requestsPerSecond, double readingsPerSecond, long readingsBurst,
            LongSupplier nanoClock) {
        this.requests = new TokenBuckets(requestsPerSecond, Math.max(1.0, requestsPerSecond), MAX_DEVICES, nanoClock);
        this.readings = new TokenBuckets(readingsPerSecond, readingsBurst, MAX_DEVICES, nanoClock);
    }

    /** Empty when the request may go ahead; otherwise the whole seconds to wait (for Retry-After). */
    public OptionalLong tryAcquire(String deviceId) {
        return requests.take(deviceId, 1);
    }

    /**
     * Takes {@code count} readings from the device's budget, all or nothing. Empty when they may be sent
     * on; otherwise the whole seconds until the budget holds them, and nothing was taken.
     *
     * @throws IllegalArgumentException when {@code count} exceeds {@link #readingsBurst()}: no wait helps
     */
    public OptionalLong tryAcquireReadings(String deviceId, int count) {
        if (count > readings.burst()) {
            throw new IllegalArgumentException(count + " readings exceed the burst of " + readingsBurst());
        }
        return readings.take(deviceId, count);
    }

    /** Gives back readings taken for a request that was not accepted after all (the broker did not acknowledge). */
    public void refundReadings(String deviceId, int count) {
        readings.give(deviceId, count);
    }

    /** The most readings a device may send at once: a request of more can never be accepted. */
    public long readingsBurst() {
        return (long) readings.burst();
    }
}
