package org.portwatch.alert.detection;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.lookup.LookupUnlessProperty;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import org.apache.kafka.streams.Topology;
import org.portwatch.alert.role.Role;
import org.portwatch.detection.DetectionMetrics;
import org.portwatch.detection.DetectionTopology;
import org.portwatch.detection.DetectionTopology.DetectionTopics;

/**
 * Runs the detection topology (module {@code detection}) inside the service: Quarkus starts it with the
 * {@code kafka-streams.*} settings (exactly_once_v2) and reports its state in health.
 */
@ApplicationScoped
public class DetectorWiring {

    /** Detector settings. */
    @ConfigMapping(prefix = "detection")
    public interface DetectionConfig {
        /** How often monitored patients are checked for silence (NO_DATA); well under the 30-minute rule. */
        @WithDefault("30s")
        Duration noDataCheckInterval();
    }

    @Produces
    @ApplicationScoped
    DetectionMetrics detectionMetrics(MeterRegistry registry) {
        return new DetectionMetrics(registry);
    }

    /**
     * Dependent, not a client proxy: Kafka Streams reads the Topology's fields directly. Left out of lookup in the
     * {@code api} role: the Kafka Streams extension has no runtime switch (quarkus#47412) but starts nothing when it
     * finds no Topology, so the api pods start no detector. Exact match is safe: {@code RoleSettings} refuses any
     * other spelling than the three lower-case values before this is read.
     */
    @Produces
    @LookupUnlessProperty(name = Role.PROPERTY, stringValue = "api")
    Topology topology(DetectionMetrics metrics, DetectionConfig config) {
        return DetectionTopology.build(metrics, config.noDataCheckInterval(), DetectionTopics.DEFAULT);
    }
}
