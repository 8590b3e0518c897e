package org.portwatch.ingest.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A preloaded verdict answers a device's first request without the registry; a verdict already there is kept. */
@QuarkusTest
class VerdictPreloadTest {

    @Inject
    DeviceTokenVerifier verifier;

    @Test
    void aPreloadedDeviceIsVerifiedWithoutARegistryRow() {
        // Never registered: only the preload can vouch for this token.
        String token = DeviceTokens.newToken();
        Device device = new Device("preload-device-" + System.nanoTime(), "preload-patient", "ThermoPatch 2",
                DeviceTokens.hash(token), Instant.now());

        assertThat(verifier.preload(List.of(device))).isEqualTo(1);
        assertThat(verifier.preload(List.of(device))).as("a verdict already there is kept").isZero();

        AuthenticatedDevice verified = verifier.verify("Bearer " + token).await().atMost(Duration.ofSeconds(10));
        assertThat(verified.deviceId()).isEqualTo(device.deviceId());
        assertThat(verified.patientId()).isEqualTo("preload-patient");
        verifier.forget(device.deviceId());
    }
}
