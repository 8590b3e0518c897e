package org.portwatch.local.simulator;

import java.util.Objects;

/**
 * A registered wearable the simulator posts for.
 *
 * @param deviceId  the registered device id
 * @param patientId the patient the registration ties it to (ingest takes it from the registration)
 * @param token     the device credential ingest issued at registration
 */
public record SimulatedDevice(String deviceId, String patientId, String token) {

    public SimulatedDevice {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        // Never print the credential.
        return "SimulatedDevice[" + deviceId + " -> " + patientId + "]";
    }
}
