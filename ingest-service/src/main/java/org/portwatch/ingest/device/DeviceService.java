package org.portwatch.ingest.device;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;

/** The device registry: issue, look up and revoke device credentials. */
@ApplicationScoped
public class DeviceService {

    private static final Logger LOG = Logger.getLogger(DeviceService.class);

    private final DeviceRepository devices;
    private final DeviceTokenVerifier verifier;
    private final Clock clock = Clock.systemUTC();

    public DeviceService(DeviceRepository devices, DeviceTokenVerifier verifier) {
        this.devices = devices;
        this.verifier = verifier;
    }

    /** Registers a device and returns it with its token, the only time the token is shown. */
    @WithTransaction
    public Uni<DeviceView> register(DeviceRegistration registration) {
        String token = DeviceTokens.newToken();
        return devices.findById(registration.deviceId()).flatMap(existing -> {
            if (existing != null) {
                // Ids are never reused, not even after revocation: old readings keep one meaning.
                return Uni.createFrom().failure(new ProblemException(ProblemType.CONFLICT,
                        "A device with this deviceId is already registered."));
            }
            Device device = new Device(registration.deviceId(), registration.patientId(), registration.model(),
                    DeviceTokens.hash(token), now());
            return devices.persistAndFlush(device).map(saved -> {
                LOG.infof("Device %s registered", saved.getDeviceId());
                return DeviceView.of(saved, token);
            });
        }).onFailure(DeviceService::isUniqueViolation).transform(race -> new ProblemException(ProblemType.CONFLICT,
                "A device with this deviceId is already registered."));
    }

    /** Two registrations of one deviceId at once: the database's primary key decides, the loser gets 409. */
    private static boolean isUniqueViolation(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    @WithSession
    public Uni<DeviceView> find(String deviceId) {
        return devices.findById(deviceId)
                .map(device -> {
                    if (device == null) {
                        throw notFound();
                    }
                    return DeviceView.of(device, null);
                });
    }

    /** Revokes a device's token; idempotent. This instance stops accepting it at once. */
    @WithTransaction
    public Uni<DeviceView> revoke(String deviceId) {
        return devices.findById(deviceId)
                .map(device -> {
                    if (device == null) {
                        throw notFound();
                    }
                    device.revoke(now());
                    return device;
                })
                .invoke(device -> {
                    verifier.forget(device.getDeviceId());
                    LOG.infof("Device %s revoked", device.getDeviceId());
                })
                .map(device -> DeviceView.of(device, null));
    }

    private Instant now() {
        // PostgreSQL keeps microseconds; the answer shows what the registry stores.
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static ProblemException notFound() {
        return new ProblemException(ProblemType.NOT_FOUND, "No device with this deviceId.");
    }
}
