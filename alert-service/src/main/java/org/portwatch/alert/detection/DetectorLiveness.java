package org.portwatch.alert.detection;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness of the detector: DOWN only when its Kafka Streams client stopped for good (ERROR), which nothing but a
 * restart cures. A broker outage never gets here — Kafka Streams waits for the brokers in RUNNING or REBALANCING,
 * and a thread that dies is replaced ({@link DetectorHealth}) — so no dependency outage restarts the pod.
 */
@Liveness
@ApplicationScoped
public class DetectorLiveness implements HealthCheck {

    private final DetectorHealth detector;

    public DetectorLiveness(DetectorHealth detector) {
        this.detector = detector;
    }

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = detector.state();
        return HealthCheckResponse.named("detector-not-wedged")
                .status(state != KafkaStreams.State.ERROR && state != KafkaStreams.State.PENDING_ERROR)
                .withData("state", state.name())
                .build();
    }
}
