package org.portwatch.ingest.device;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.Optional;
import org.portwatch.ingest.config.IngestConfig;
import org.portwatch.ingest.metrics.IngestMetrics;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;

/**
 * Verifies device bearer tokens. The hot path must not query PostgreSQL thousands of times a second, so
 * a verdict is trusted for {@link IngestConfig#deviceCacheTtl()}, which bounds how long a token revoked on
 * another instance keeps working (the issue: within 60 s everywhere).
 *
 * <p>Past that the registry is asked again whenever it answers, so a revocation holds as soon as the
 * database can say so. While it cannot (down, frozen, pool exhausted), a device keeps its last verdict for
 * up to {@link IngestConfig#deviceVerdictMaxStale()}: a patient's fever must not go unmonitored because the
 * device registry is briefly away. A token with no verdict to fall back on gets 503 with Retry-After (the
 * device retries, its readings are not lost), never a 500 and never a hanging request.
 *
 * <p>Unknown tokens live in a cache of their own, so a client spraying guesses evicts only other guesses,
 * never a real device's verdict.
 */
@ApplicationScoped
public class DeviceTokenVerifier {

    private static final String BEARER = "Bearer ";

    /** A device the registry vouched for, and when ({@link System#nanoTime()}). */
    private record Verdict(AuthenticatedDevice device, long verifiedAt) {
    }

    private final DeviceRepository devices;
    private final WarmupToken warmup;
    private final RegistryAvailability registry;
    private final IngestMetrics metrics;
    private final IngestConfig config;
    private final long freshNanos;
    private final Cache<String, Verdict> known;
    private final Cache<String, Boolean> unknown;

    public DeviceTokenVerifier(DeviceRepository devices, WarmupToken warmup, RegistryAvailability registry,
            IngestMetrics metrics, IngestConfig config) {
        this.devices = devices;
        this.warmup = warmup;
        this.registry = registry;
        this.metrics = metrics;
        this.config = config;
        this.freshNanos = config.deviceCacheTtl().toNanos();
        this.known = Caffeine.newBuilder()
                .maximumSize(config.deviceVerdictCacheSize())
                .expireAfterWrite(config.deviceVerdictMaxStale())
                .build();
        this.unknown = Caffeine.newBuilder()
                .maximumSize(config.unknownTokenCacheSize())
                .expireAfterWrite(config.unknownTokenCacheTtl())
                .build();
        metrics.registryAvailability(registry::available);
        metrics.verdictsCached(known::estimatedSize);
    }

    /** The device behind an {@code Authorization} header, or a 401 problem, or a 503 problem (registry away). */
    public Uni<AuthenticatedDevice> verify(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Uni.createFrom().failure(unauthorized("Send the device token as 'Authorization: Bearer <token>'."));
        }
        String token = authorization.substring(BEARER.length()).strip();
        if (!DeviceTokens.wellFormed(token)) {
            return Uni.createFrom().failure(unauthorized("The device token is not valid."));
        }
        String hash = DeviceTokens.hash(token);
        if (warmup.matches(hash)) {
            // The start-up warm-up's own requests (WarmupToken): refused before anything is charged or sent.
            return Uni.createFrom().item(WarmupToken.DEVICE);
        }
        if (unknown.getIfPresent(hash) != null) {
            return Uni.createFrom().failure(unauthorized(REVOKED_OR_UNKNOWN));
        }
        Verdict cached = known.getIfPresent(hash);
        if (cached != null && System.nanoTime() - cached.verifiedAt() < freshNanos) {
            return Uni.createFrom().item(cached.device());
        }
        if (!registry.mayAsk()) {
            return fallBack(cached);
        }
        return devices.findActiveByTokenHash(hash)
                .ifNoItem().after(config.registryTimeout()).fail()
                .onItemOrFailure().transformToUni((device, error) -> {
                    if (error != null) {
                        registry.failed(error);
                        return fallBack(cached);
                    }
                    registry.answered();
                    if (device == null) {
                        known.invalidate(hash);
                        unknown.put(hash, Boolean.TRUE);
                        return Uni.createFrom().failure(unauthorized(REVOKED_OR_UNKNOWN));
                    }
                    AuthenticatedDevice verified = new AuthenticatedDevice(device.deviceId(), device.patientId());
                    known.put(hash, new Verdict(verified, System.nanoTime()));
                    return Uni.createFrom().item(verified);
                });
    }

    /** The registry cannot be asked: the last verdict if there is one (within its stale bound), else 503. */
    private Uni<AuthenticatedDevice> fallBack(Verdict cached) {
        if (cached != null) {
            metrics.staleVerdictServed();
            return Uni.createFrom().item(cached.device());
        }
        metrics.registryUnavailable();
        return Uni.createFrom().failure(new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                "The device registry cannot be reached to verify this token; nothing was accepted, retry later.",
                null, Map.of(HttpHeaders.RETRY_AFTER, Integer.toString(config.registryRetryAfterSeconds()))));
    }

    /**
     * Verdicts for the registry's active devices, read in one query at start-up (ReadingWarmup), so that a fresh
     * instance's first requests do not each ask the registry: after a restart every device comes back within
     * seconds, and one lookup per device held the first 10 s to a few hundred requests/s (docs/benchmarks.md,
     * "Cold start"). Each counts as made at a random moment of the last {@link IngestConfig#deviceCacheTtl()}, so
     * that their refreshes spread over that time instead of coming due together; a verdict already there (a
     * request was quicker) is kept. Revocation holds as for any verdict: within the TTL. Returns how many were taken.
     */
    public int preload(List<Device> active) {
        long now = System.nanoTime();
        int taken = 0;
        for (Device device : active) {
            long age = freshNanos > 1 ? ThreadLocalRandom.current().nextLong(freshNanos) : 0;
            Verdict verdict = new Verdict(new AuthenticatedDevice(device.deviceId(), device.patientId()),
                    now - age);
            if (known.asMap().putIfAbsent(device.tokenHash(), verdict) == null) {
                taken++;
            }
        }
        return taken;
    }

    /** Forget a revoked device at once on this instance; others forget it when their verdict is no longer fresh. */
    public void forget(String deviceId) {
        known.asMap().values().removeIf(v -> v.device().deviceId().equals(deviceId));
    }

    private static final String REVOKED_OR_UNKNOWN = "The device token is not valid or the device was revoked.";

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(ProblemType.UNAUTHORIZED, detail, null,
                Map.of("WWW-Authenticate", "Bearer realm=\"devices\""));
    }
}
