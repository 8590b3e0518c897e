package org.portwatch.alert.alerts;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.portwatch.alert.alerts.AlertMetrics.EventOutcome;
import org.portwatch.model.AlertEvent;

/**
 * Reads {@code vitals.alerts} (read_committed: only what the detector's transactions committed) and records each
 * event. The offset moves only after the database write committed (ack after processing, throttled commits), so a
 * crash replays events, which recording makes harmless. A database outage is waited out — retried with backoff,
 * counted, never skipped — because an alert must not be lost; only an event that can never be read (unreadable
 * JSON, missing ids) goes to {@code vitals.alerts.dlq} with the reason in headers.
 */
@ApplicationScoped
public class AlertConsumer {

    private static final Logger LOG = Logger.getLogger(AlertConsumer.class);

    /** The channel name, shared by the configuration and the tests. */
    public static final String CHANNEL = "alerts-in";

    private final AlertRecorder recorder;
    private final AlertMetrics metrics;

    public AlertConsumer(AlertRecorder recorder, AlertMetrics metrics) {
        this.recorder = recorder;
        this.metrics = metrics;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<AlertEvent> message) {
        AlertEvent event = message.getPayload();
        if (!AlertRecorder.valid(event)) {
            metrics.event(AlertRecorder.transitionOf(event), EventOutcome.DEAD_LETTER);
            LOG.warn("vitals.alerts: an event that cannot be read goes to the dead-letter topic");
            return Uni.createFrom().completionStage(message.nack(new IllegalArgumentException(
                    "not a readable AlertEvent (missing ids, condition, severity, transition or times)")));
        }
        return recorder.record(event)
                .onFailure().invoke(failure -> {
                    metrics.storeRetry();
                    LOG.warnf("alert %s: not stored yet, retrying: %s", event.alertId(), failure.toString());
                })
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(30)).indefinitely()
                .invoke(outcome -> {
                    metrics.event(event.transition(), EventOutcome.valueOf(outcome.name()));
                    if (outcome != AlertRecorder.Outcome.DUPLICATE) {
                        metrics.changed();
                    }
                })
                .flatMap(outcome -> Uni.createFrom().completionStage(message.ack()));
    }
}
