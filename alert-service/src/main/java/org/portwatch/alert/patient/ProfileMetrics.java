package org.portwatch.alert.patient;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters SREs watch for profile publishing. Names are constants, tag values enums (never ids), and every
 * series exists from start at zero. An outbox depth that keeps growing means the detector works on stale
 * thresholds: alert on it.
 */
@ApplicationScoped
public class ProfileMetrics {

    public static final String OUTBOX_DEPTH = "portwatch.profiles.outbox.depth";
    public static final String PUBLISHED = "portwatch.profiles.published";
    public static final String PUBLISH_FAILURES = "portwatch.profiles.publish.failures";

    /** What a record on {@code patients.profiles} says. */
    public enum RecordKind {
        /** A profile: created, changed, admitted again. */
        PROFILE,
        /** A tombstone: the patient was discharged. */
        TOMBSTONE
    }

    /** Why a batch of the outbox was not published (it stays and is retried). */
    public enum PublishFailure {
        /** No acknowledgement in time: the broker is down or unreachable. */
        TIMEOUT,
        /** The producer or the broker refused the records. */
        BROKER_ERROR,
        /** The outbox could not be read or cleared. */
        DATABASE_ERROR
    }

    private final AtomicLong depth = new AtomicLong();
    private final Map<RecordKind, Counter> published = new EnumMap<>(RecordKind.class);
    private final Map<PublishFailure, Counter> failures = new EnumMap<>(PublishFailure.class);

    public ProfileMetrics(MeterRegistry registry) {
        Gauge.builder(OUTBOX_DEPTH, depth, AtomicLong::get)
                .description("Profile changes committed but not yet acknowledged by the broker")
                .register(registry);
        for (RecordKind kind : RecordKind.values()) {
            published.put(kind, Counter.builder(PUBLISHED)
                    .description("Records acknowledged on patients.profiles")
                    .tag("kind", tag(kind)).register(registry));
        }
        for (PublishFailure failure : PublishFailure.values()) {
            failures.put(failure, Counter.builder(PUBLISH_FAILURES)
                    .description("Outbox batches not published; they are retried")
                    .tag("cause", tag(failure)).register(registry));
        }
    }

    private static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    public void outboxDepth(long rows) {
        depth.set(rows);
    }

    public void published(RecordKind kind) {
        published.get(kind).increment();
    }

    public void publishFailed(PublishFailure cause) {
        failures.get(cause).increment();
    }
}
