package org.portwatch.ingest.device;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.portwatch.service.audit.AuditLog;
import org.portwatch.service.persistence.PgErrors;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;

/** The device registry: issue, look up and revoke device credentials. */
@ApplicationScoped
public class DeviceService {

    private static final Logger LOG = Logger.getLogger(DeviceService.class);

    private final DeviceRepository devices;
    private final DeviceTokenVerifier verifier;
    private final AuditLog audit;
    private final Clock clock = Clock.systemUTC();

    public DeviceService(DeviceRepository devices, DeviceTokenVerifier verifier, AuditLog audit) {
        this.devices = devices;
        this.verifier = verifier;
        this.audit = audit;
    }

    /**
     * Registers a device and returns it with its token, the only time the token is shown; {@code by} (the
     * administrator's subject) goes to the audit trail with the registration.
     */
    @WithTransaction
    public Uni<DeviceView> register(DeviceRegistration registration, String by) {
        String token = DeviceTokens.newToken();
        return devices.findById(registration.deviceId()).flatMap(existing -> {
            if (existing != null) {
                // Ids are never reused, not even after revocation: old readings keep one meaning.
                return Uni.createFrom().failure(new ProblemException(ProblemType.CONFLICT,
                        "A device with this deviceId is already registered."));
            }
            Device device = new Device(registration.deviceId(), registration.patientId(), registration.model(),
                    DeviceTokens.hash(token), now());
            Map<String, Object> details = new HashMap<>();
            details.put("patientId", registration.patientId());
            if (registration.model() != null) {
                details.put("model", registration.model());
            }
            return devices.persistAndFlush(device)
                    .call(saved -> audit.record(by, "device.register", "device", saved.getDeviceId(), details))
                    .map(saved -> {
                        LOG.infof("Device %s registered", saved.getDeviceId());
                        return DeviceView.of(saved, token);
                    });
        }).onFailure(PgErrors::isUniqueViolation).transform(race -> new ProblemException(ProblemType.CONFLICT,
                "A device with this deviceId is already registered."));
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

    /** Revokes a device's token; idempotent (only the first revocation is audited). This instance stops accepting it at once. */
    @WithTransaction
    public Uni<DeviceView> revoke(String deviceId, String by) {
        return devices.findById(deviceId)
                .flatMap(device -> {
                    if (device == null) {
                        throw notFound();
                    }
                    if (device.getRevokedAt() != null) {
                        return Uni.createFrom().item(device);
                    }
                    device.revoke(now());
                    return audit.record(by, "device.revoke", "device", device.getDeviceId(), Map.of()).replaceWith(device);
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
