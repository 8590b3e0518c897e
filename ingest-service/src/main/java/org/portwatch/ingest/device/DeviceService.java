package org.portwatch.ingest.device;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.portwatch.service.audit.AuditEntry;
import org.portwatch.service.persistence.PgErrors;
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

    /**
     * Registers a device and returns it with its token, the only time the token is shown; {@code by} (the
     * administrator's subject) goes to the audit trail with the registration.
     */
    public Uni<DeviceView> register(DeviceRegistration registration, String by) {
        String token = DeviceTokens.newToken();
        Device device = new Device(registration.deviceId(), registration.patientId(), registration.model(),
                DeviceTokens.hash(token), now());
        Map<String, Object> details = new HashMap<>();
        details.put("patientId", registration.patientId());
        if (registration.model() != null) {
            details.put("model", registration.model());
        }
        // Ids are never reused, not even after revocation (old readings keep one meaning): the primary key refuses a
        // taken one, also when two registrations of one id race, and the audit row commits with the device or not.
        return devices.inTransaction(tx -> devices.insert(tx, device)
                        .call(saved -> AuditEntry.of(by, "device.register", "device", saved.deviceId(), details)
                                .insert(tx)))
                .onFailure(PgErrors::isUniqueViolation).transform(taken -> new ProblemException(ProblemType.CONFLICT,
                        "A device with this deviceId is already registered."))
                .map(saved -> {
                    LOG.infof("Device %s registered", saved.deviceId());
                    return DeviceView.of(saved, token);
                });
    }

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
    public Uni<DeviceView> revoke(String deviceId, String by) {
        return devices.inTransaction(tx -> devices.revokeActive(tx, deviceId, now())
                        .flatMap(revoked -> revoked == null
                                // Not active: revoked before (answered as it stands, not audited again) or unknown.
                                ? devices.findById(tx, deviceId)
                                : AuditEntry.of(by, "device.revoke", "device", deviceId, Map.of()).insert(tx)
                                        .replaceWith(revoked)))
                .map(device -> {
                    if (device == null) {
                        throw notFound();
                    }
                    verifier.forget(device.deviceId());
                    LOG.infof("Device %s revoked", device.deviceId());
                    return DeviceView.of(device, null);
                });
    }

    private Instant now() {
        // PostgreSQL keeps microseconds; the answer shows what the registry stores.
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static ProblemException notFound() {
        return new ProblemException(ProblemType.NOT_FOUND, "No device with this deviceId.");
    }
}
