package org.portwatch.alert.notification;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What SREs watch of notifications: deliveries by channel and outcome, delivery latency (event decided → receiver
 * took it), retries, and the outbox depth. Tags are the bounded {@link Channel} and outcome sets, never ids.
 */
@ApplicationScoped
public class NotificationMetrics {

    public static final String NOTIFICATIONS = "portwatch.notifications";
    public static final String LATENCY = "portwatch.notification.delivery.latency";
    public static final String RETRIES = "portwatch.notification.retries";
    public static final String OUTBOX_DEPTH = "portwatch.notification.outbox.depth";

    /** What became of an attempt, as a metric tag. */
    public enum Outcome {
        DELIVERED, RETRY, FAILED, GONE;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Map<Channel, Map<Outcome, Counter>> outcomes = new EnumMap<>(Channel.class);
    private final Map<Channel, Timer> latency = new EnumMap<>(Channel.class);
    private final Map<Channel, Counter> retries = new EnumMap<>(Channel.class);
    private final Map<Channel, AtomicLong> depth = new EnumMap<>(Channel.class);

    public NotificationMetrics(MeterRegistry registry) {
        for (Channel channel : Channel.values()) {
            Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                byOutcome.put(outcome, Counter.builder(NOTIFICATIONS)
                        .description("Notification delivery attempts by channel and outcome")
                        .tag("channel", channel.name()).tag("outcome", outcome.tag())
                        .register(registry));
            }
            outcomes.put(channel, byOutcome);
            latency.put(channel, Timer.builder(LATENCY)
                    .description("From the event's decision (detectedAt, or the clinician's action) to the receiver's 2xx")
                    .tag("channel", channel.name())
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(5))
                    .maximumExpectedValue(Duration.ofHours(1))
                    .register(registry));
            retries.put(channel, Counter.builder(RETRIES)
                    .description("Deliveries that failed and were scheduled again with backoff")
                    .tag("channel", channel.name())
                    .register(registry));
            AtomicLong value = new AtomicLong();
            depth.put(channel, value);
            registry.gauge(OUTBOX_DEPTH, java.util.List.of(io.micrometer.core.instrument.Tag.of("channel", channel.name())),
                    value, AtomicLong::doubleValue);
        }
    }

    void attempt(Channel channel, Outcome outcome) {
        outcomes.get(channel).get(outcome).increment();
        if (outcome == Outcome.RETRY) {
            retries.get(channel).increment();
        }
    }

    void delivered(Channel channel, Duration sinceEvent) {
        latency.get(channel).record(sinceEvent.isNegative() ? Duration.ZERO : sinceEvent);
    }

    void depth(Channel channel, long pending) {
        depth.get(channel).set(pending);
    }
}
