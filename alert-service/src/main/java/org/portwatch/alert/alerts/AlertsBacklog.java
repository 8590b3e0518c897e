package org.portwatch.alert.alerts;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.portwatch.alert.kafka.ConsumerBacklog;
import org.portwatch.alert.role.RoleConfig;

/**
 * How many alert events on {@code vitals.alerts} are not recorded yet: the gauge
 * {@code portwatch_alerts_consumer_backlog} that {@code PortwatchAlertsConsumerLagHigh} reads, measured as
 * {@link ConsumerBacklog} says. The Kafka client's {@code records-lag} failed here: in the fault suite a 2,000-event
 * stall showed as 0 in one run and 161 in the next. The committed offset moves only past events that are stored
 * ({@link DatabaseAwareCommit}), so this backlog is what care teams have not been told yet, however much the
 * connector buffers.
 */
@Startup // its meter on /q/metrics from the start (SRE alerts read it), not from first use
@ApplicationScoped
public class AlertsBacklog {

    public static final String BACKLOG = "portwatch.alerts.consumer.backlog";

    private final ConsumerBacklog backlog;

    public AlertsBacklog(MeterRegistry registry, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "mp.messaging.incoming.alerts-in.topic") String topic,
            @ConfigProperty(name = "mp.messaging.incoming.alerts-in.group.id") String group,
            RoleConfig role) {
        this.backlog = new ConsumerBacklog(kafkaConfig, "alert-service-alerts-backlog", topic, group);
        // Only where the group consumes: a detector pod may not even describe the group (its own KafkaUser).
        if (role.role().runsApi()) {
            Gauge.builder(BACKLOG, backlog, ConsumerBacklog::read)
                    .description("Alert events on vitals.alerts not yet recorded: the end of each partition minus the"
                            + " alerts-of-record group's committed offset (events fetched but not stored count; NaN while"
                            + " the brokers cannot be asked)")
                    .register(registry);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        backlog.close();
    }
}
