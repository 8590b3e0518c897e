package org.portwatch.ingest.device;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.portwatch.ingest.config.IngestConfig;

/**
 * Two token buckets per device. Requests (burst = one second's worth): a misbehaving device loops on
 * retries; it must not crowd out the rest of the fleet. Readings (burst = a day of backlog): what a device
 * sends on is what the detector of its patient must work through, and that patient shares a partition
 * with others (CLINICAL.md, "Bounded"). The limits are per instance: behind N replicas a device may reach
 * N times the rate, which is still a bound.
 */
@ApplicationScoped
public class DeviceRateLimiter {

    private final Budget requests;
    private final Budget readings;

    @Inject
    public DeviceRateLimiter(IngestConfig config) {
        this(config.deviceRequestsPerSecond(), config.deviceReadingsPerSecond(), config.deviceReadingsBurst(),
                System::nanoTime);
    }

    public DeviceRateLimiter(double requestsPerSecond, double readingsPerSecond, long readingsBurst,
            LongSupplier nanoClock) {
        this.requests = new Budget(requestsPerSecond, Math.max(1.0, requestsPerSecond), nanoClock);
        this.readings = new Budget(readingsPerSecond, readingsBurst, nanoClock);
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
        if (count > readings.burst) {
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
        return (long) readings.burst;
    }

    /** One kind of budget: a bucket per device, refilling at {@code perSecond} up to {@code burst}. */
    private static final class Budget {
        private final double perSecond;
        private final double burst;
        private final LongSupplier nanoClock;
        private final Cache<String, Bucket> buckets;

        Budget(double perSecond, double burst, LongSupplier nanoClock) {
            this.perSecond = perSecond;
            this.burst = burst;
            this.nanoClock = nanoClock;
            // A bucket forgotten before it refilled would come back full: keep it at least that long.
            long refillSeconds = (long) Math.ceil(burst / perSecond);
            this.buckets = Caffeine.newBuilder()
                    .expireAfterAccess(Duration.ofMinutes(2).plusSeconds(refillSeconds))
                    .maximumSize(500_000)
                    .build();
        }

        OptionalLong take(String deviceId, double cost) {
            long now = nanoClock.getAsLong();
            return buckets.get(deviceId, id -> new Bucket(burst, now)).take(now, cost, perSecond, burst);
        }

        void give(String deviceId, double amount) {
            Bucket bucket = buckets.getIfPresent(deviceId);
            if (bucket != null) {
                bucket.give(amount, burst);
            }
        }
    }

    private static final class Bucket {
        private double tokens;
        private long updatedAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedAt = now;
        }

        synchronized OptionalLong take(long now, double cost, double perSecond, double burst) {
            tokens = Math.min(burst, tokens + (now - updatedAt) / 1e9 * perSecond);
            updatedAt = now;
            if (tokens >= cost) {
                tokens -= cost;
                return OptionalLong.empty();
            }
            return OptionalLong.of(Math.max(1L, (long) Math.ceil((cost - tokens) / perSecond)));
        }

        synchronized void give(double amount, double burst) {
            tokens = Math.min(burst, tokens + amount);
        }
    }
}
