package org.portwatch.ingest.device;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.portwatch.ingest.config.IngestConfig;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;

/**
 * Verifies device bearer tokens. The hot path must not query PostgreSQL thousands of times a second,
 * so verdicts are cached — for at most {@link IngestConfig#deviceCacheTtl()}, which bounds how long a
 * revoked token keeps working on another instance (the issue: within 60 s everywhere).
 */
@ApplicationScoped
public class DeviceTokenVerifier {

    private static final String BEARER = "Bearer ";

    private final DeviceRepository devices;
    private final Cache<String, Optional<AuthenticatedDevice>> verdicts;

    public DeviceTokenVerifier(DeviceRepository devices, IngestConfig config) {
        this.devices = devices;
        Duration known = config.deviceCacheTtl();
        Duration unknown = config.unknownTokenCacheTtl();
        this.verdicts = Caffeine.newBuilder()
                .maximumSize(200_000)
                .expireAfter(new Expiry<String, Optional<AuthenticatedDevice>>() {
                    @Override
                    public long expireAfterCreate(String key, Optional<AuthenticatedDevice> value, long now) {
                        return (value.isPresent() ? known : unknown).toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, Optional<AuthenticatedDevice> value, long now, long current) {
                        return expireAfterCreate(key, value, now);
                    }

                    @Override
                    public long expireAfterRead(String key, Optional<AuthenticatedDevice> value, long now, long current) {
                        return current;
                    }
                })
                .build();
    }

    /** The device behind an {@code Authorization} header, or a 401 problem. */
    public Uni<AuthenticatedDevice> verify(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Uni.createFrom().failure(unauthorized("Send the device token as 'Authorization: Bearer <token>'."));
        }
        String token = authorization.substring(BEARER.length()).strip();
        if (!DeviceTokens.wellFormed(token)) {
            return Uni.createFrom().failure(unauthorized("The device token is not valid."));
        }
        String hash = DeviceTokens.hash(token);
        Optional<AuthenticatedDevice> cached = verdicts.getIfPresent(hash);
        Uni<Optional<AuthenticatedDevice>> verdict = cached != null
                ? Uni.createFrom().item(cached)
                : Panache.withSession(() -> devices.findActiveByTokenHash(hash))
                        .map(device -> Optional.ofNullable(device)
                                .map(d -> new AuthenticatedDevice(d.getDeviceId(), d.getPatientId())))
                        .invoke(found -> verdicts.put(hash, found));
        return verdict.map(found -> found.orElseThrow(
                () -> unauthorized("The device token is not valid or the device was revoked.")));
    }

    /** Forget a revoked device at once on this instance; others forget it when their cache entry expires. */
    public void forget(String deviceId) {
        verdicts.asMap().values().removeIf(v -> v.isPresent() && v.get().deviceId().equals(deviceId));
    }

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(ProblemType.UNAUTHORIZED, detail, null,
                java.util.Map.of("WWW-Authenticate", "Bearer realm=\"devices\""));
    }
}
