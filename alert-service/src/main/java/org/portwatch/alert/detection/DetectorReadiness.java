package org.portwatch.alert.detection;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.portwatch.alert.role.Role;
import org.portwatch.alert.role.RoleConfig;

/**
 * Readiness of a {@code detector} pod: its Kafka Streams client is RUNNING, i.e. it has joined the group and restored
 * the state of the tasks it was given. No Service routes to a detector; what this gates is the StatefulSet's rolling
 * update (the next pod restarts only once this one detects again, so two pods never restore at once) and the
 * PodDisruptionBudget's count of healthy pods. A broker outage may hold it down (the client rebalances); it never
 * restarts the pod ({@link DetectorLiveness} does only for ERROR).
 *
 * <p>In {@code api} and {@code all} readiness keeps its meaning "can serve clinicians": this check stays UP there, and
 * whether the detector of an {@code all} process detects is the health group {@code detection} ({@link DetectorHealth}).
 */
@Readiness
@ApplicationScoped
public class DetectorReadiness implements HealthCheck {

    static final String NAME = "detector-running";

    private final DetectorHealth detector;
    private final Role role;

    public DetectorReadiness(DetectorHealth detector, RoleConfig config) {
        this.detector = detector;
        this.role = config.role();
    }

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = detector.state();
        boolean gates = role == Role.DETECTOR;
        return HealthCheckResponse.named(NAME)
                .status(!gates || state == KafkaStreams.State.RUNNING)
                .withData("role", role.label())
                .withData("state", role.runsDetector() ? state.name() : "not in this role")
                .build();
    }
}
