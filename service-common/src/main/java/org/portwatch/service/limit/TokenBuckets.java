package org.portwatch.service.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (a device, a client address), refilling at {@code perSecond} up to {@code burst}.
 * The buckets live in a bounded Caffeine cache, so a client inventing keys (guessed tokens, rotated
 * addresses) costs bounded memory: past {@code maxKeys} the least recently used bucket goes, and a bucket
 * that comes back starts full, which only ever errs on the side of letting a real client through.
 */
public final class TokenBuckets {

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Cache<String, Bucket> buckets;

    public TokenBuckets(double perSecond, double burst, long maxKeys, LongSupplier nanoClock) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a bucket needs a positive rate and a burst of at least 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
        // A bucket forgotten before it refilled would come back full: keep it at least that long.
        long refillSeconds = (long) Math.ceil(burst / perSecond);
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(Duration.ofMinutes(2).plusSeconds(refillSeconds))
                .maximumSize(maxKeys)
                .build();
    }

    /**
     * Takes {@code cost} tokens from the key's bucket, all or nothing. Empty when they were taken; otherwise
     * the whole seconds until the bucket holds them (at least 1, for Retry-After), and nothing was taken.
     */
    public OptionalLong take(String key, double cost) {
        long now = nanoClock.getAsLong();
        return buckets.get(key, id -> new Bucket(burst, now)).take(now, cost, perSecond, burst);
    }

    /** Gives back tokens taken for work that was not done after all; never beyond the burst. */
    public void give(String key, double amount) {
        Bucket bucket = buckets.getIfPresent(key);
        if (bucket != null) {
            bucket.give(amount, burst);
        }
    }

    /** The most a bucket holds: a cost above it can never be met. */
    public double burst() {
        return burst;
    }

    public double perSecond() {
        return perSecond;
    }

    /** How many keys have a bucket now (a gauge: bounded by {@code maxKeys}). */
    public long keys() {
        return buckets.estimatedSize();
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
