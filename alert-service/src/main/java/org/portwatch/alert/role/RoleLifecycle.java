package org.portwatch.alert.role;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Starts the half (or both halves) of the service its role runs: fires {@link ApiStarting} and {@link DetectorStarting}
 * from Quarkus' StartupEvent, and shows the role as {@code portwatch_role_info{role}} (always 1), so dashboards and
 * rules can tell a detector pod from an API pod by a metric as well as by the pod's name.
 */
@ApplicationScoped
public class RoleLifecycle {

    private static final Logger LOG = Logger.getLogger(RoleLifecycle.class);
    public static final String INFO = "portwatch.role.info";

    private final Role role;
    private final Event<ApiStarting> api;
    private final Event<DetectorStarting> detector;

    public RoleLifecycle(RoleConfig config, MeterRegistry registry, Event<ApiStarting> api,
            Event<DetectorStarting> detector) {
        this.role = config.role();
        this.api = api;
        this.detector = detector;
        Gauge.builder(INFO, () -> 1)
                .description("1, tagged with the role this process runs: detector, api or all (portwatch.role)")
                .tag("role", role.label())
                .register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        LOG.infof("role %s: %s", role.label(), switch (role) {
            case DETECTOR -> "Kafka Streams detection only; no public HTTP API, no consumers, no rounds";
            case API -> "care-team API, alerts of record, notifications and rounds; no Kafka Streams detector";
            case ALL -> "detector and API in one process";
        });
        if (role.runsDetector()) {
            detector.fire(DetectorStarting.EVENT);
        }
        if (role.runsApi()) {
            api.fire(ApiStarting.EVENT);
        }
    }
}
