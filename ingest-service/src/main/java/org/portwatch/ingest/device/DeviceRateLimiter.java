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
 * A token bucket per device (burst = one second's worth). A misbehaving device loops on retries;
 * it must not crowd out the rest of the fleet. The limit is per instance: behind N replicas a device
 * may reach N times the rate, which is still a bound.
 */
@ApplicationScoped
public class DeviceRateLimiter {

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(2))
            .maximumSize(500_000)
            .build();

    @Inject
    public DeviceRateLimiter(IngestConfig config) {
        this(config.deviceRequestsPerSecond(), System::nanoTime);
    }

    public DeviceRateLimiter(double perSecond, LongSupplier nanoClock) {
        this.perSecond = perSecond;
        this.burst = Math.max(1.0, perSecond);
        this.nanoClock = nanoClock;
    }

    /** Empty when the request may go ahead; otherwise the whole seconds to wait (for Retry-After). */
    public OptionalLong tryAcquire(String deviceId) {
        long now = nanoClock.getAsLong();
        return buckets.get(deviceId, id -> new Bucket(burst, now)).take(now, perSecond, burst);
    }

    private static final class Bucket {
        private double tokens;
        private long updatedAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedAt = now;
        }

        synchronized OptionalLong take(long now, double perSecond, double burst) {
            tokens = Math.min(burst, tokens + (now - updatedAt) / 1e9 * perSecond);
            updatedAt = now;
            if (tokens >= 1.0) {
                tokens -= 1.0;
                return OptionalLong.empty();
            }
            return OptionalLong.of(Math.max(1L, (long) Math.ceil((1.0 - tokens) / perSecond)));
        }
    }
}
