package org.portwatch.ingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.portwatch.ingest.reading.RejectionReason;
import org.portwatch.ingest.symptom.CheckInRejection;
import org.portwatch.model.VitalType;

/**
 * The meters SREs watch for ingest. Names are constants here, tag values are enums (never ids),
 * and every series exists from start at zero so a dashboard shows a rate, not a gap.
 */
@ApplicationScoped
public class IngestMetrics {

    public static final String READINGS_ACCEPTED = "portwatch.ingest.readings.accepted";
    public static final String READINGS_REJECTED = "portwatch.ingest.readings.rejected";
    public static final String READINGS_DUPLICATE = "portwatch.ingest.readings.duplicate";
    public static final String READINGS_OVER_BUDGET = "portwatch.ingest.readings.over.budget";
    public static final String REQUESTS = "portwatch.ingest.requests";
    public static final String PUBLISH_DURATION = "portwatch.ingest.publish.duration";
    public static final String PUBLISH_FAILURES = "portwatch.ingest.publish.failures";
    public static final String PUBLISH_IN_FLIGHT = "portwatch.ingest.publish.in.flight.readings";
    public static final String PUBLISH_SHED = "portwatch.ingest.publish.shed";
    public static final String STALE_VERDICTS = "portwatch.ingest.device.verdicts.stale";
    public static final String REGISTRY_UNAVAILABLE = "portwatch.ingest.registry.unavailable";
    public static final String REGISTRY_AVAILABLE = "portwatch.ingest.registry.available";
    public static final String VERDICTS_CACHED = "portwatch.ingest.device.verdicts.cached";
    public static final String CHECK_INS = "portwatch.ingest.checkins";
    public static final String CHECK_INS_REJECTED = "portwatch.ingest.checkins.rejected";
    /** Prefix of the address limit's meters (service-common AddressRateLimit): ..address.throttled, ..address.buckets. */
    public static final String PREFIX = "portwatch.ingest";

    /** Why a batch could not be put on the broker. */
    public enum PublishFailure {
        /** No acknowledgement in time: the broker is down or unreachable. */
        TIMEOUT,
        /** The producer or the broker refused the records. */
        BROKER_ERROR
    }

    /** Why a batch was answered 503 without being handed to the producer. */
    public enum ShedReason {
        /** {@code ingest.publish-max-in-flight-readings} were already waiting for the broker. */
        IN_FLIGHT_LIMIT,
        /** Its request's time ran out (or the client left) before its turn: sending it would only be work nobody waits for. */
        EXPIRED,
        /** The service is shutting down. */
        SHUTTING_DOWN
    }

    private final Map<VitalType, Counter> accepted = new EnumMap<>(VitalType.class);
    private final Map<RejectionReason, Counter> rejected = new EnumMap<>(RejectionReason.class);
    private final Map<VitalType, Counter> duplicates = new EnumMap<>(VitalType.class);
    private final Counter overBudget;
    private final Map<RequestOutcome, Counter> requests = new EnumMap<>(RequestOutcome.class);
    private final Map<PublishFailure, Counter> publishFailures = new EnumMap<>(PublishFailure.class);
    private final Timer publishSucceeded;
    private final Timer publishFailed;
    private final Map<ShedReason, Counter> shed = new EnumMap<>(ShedReason.class);
    private final Map<RequestOutcome, Counter> checkIns = new EnumMap<>(RequestOutcome.class);
    private final Map<CheckInRejection, Counter> checkInsRejected = new EnumMap<>(CheckInRejection.class);
    private final Counter staleVerdicts;
    private final Counter registryUnavailable;
    private final MeterRegistry registry;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (VitalType type : VitalType.values()) {
            accepted.put(type, Counter.builder(READINGS_ACCEPTED).description("Readings acknowledged by the broker")
                    .tag("type", tag(type)).register(registry));
        }
        for (VitalType type : VitalType.values()) {
            duplicates.put(type, Counter.builder(READINGS_DUPLICATE)
                    .description("Readings replaced by a later reading of the same measurement in the same request")
                    .tag("type", tag(type)).register(registry));
        }
        overBudget = Counter.builder(READINGS_OVER_BUDGET)
                .description("Valid readings refused whole with their request (429): the device was over its readings budget")
                .register(registry);
        for (RejectionReason reason : RejectionReason.values()) {
            rejected.put(reason, Counter.builder(READINGS_REJECTED).description("Readings rejected by input hygiene")
                    .tag("reason", tag(reason)).register(registry));
        }
        for (RequestOutcome outcome : RequestOutcome.values()) {
            requests.put(outcome, Counter.builder(REQUESTS).description("Readings requests by outcome")
                    .tag("outcome", tag(outcome)).register(registry));
        }
        for (PublishFailure failure : PublishFailure.values()) {
            publishFailures.put(failure, Counter.builder(PUBLISH_FAILURES)
                    .description("Batches the broker did not acknowledge (each answered 503)")
                    .tag("cause", tag(failure)).register(registry));
        }
        for (ShedReason reason : ShedReason.values()) {
            shed.put(reason, Counter.builder(PUBLISH_SHED)
                    .description("Batches answered 503 without being handed to the producer (load shed)")
                    .tag("reason", tag(reason)).register(registry));
        }
        for (RequestOutcome outcome : RequestOutcome.values()) {
            checkIns.put(outcome, Counter.builder(CHECK_INS)
                    .description("Symptom check-ins by outcome (accepted: on the broker)")
                    .tag("outcome", tag(outcome)).register(registry));
        }
        for (CheckInRejection reason : CheckInRejection.values()) {
            checkInsRejected.put(reason, Counter.builder(CHECK_INS_REJECTED)
                    .description("Faults that refused a symptom check-in (one check-in may have several)")
                    .tag("reason", tag(reason)).register(registry));
        }
        staleVerdicts = Counter.builder(STALE_VERDICTS)
                .description("Requests let through on a device's last verdict because the device registry could not be asked")
                .register(registry);
        registryUnavailable = Counter.builder(REGISTRY_UNAVAILABLE)
                .description("Requests answered 503: their token had no verdict to fall back on and the registry could not be asked")
                .register(registry);
        publishSucceeded = publishTimer(registry, "acknowledged");
        publishFailed = publishTimer(registry, "failed");
    }

    private static Timer publishTimer(MeterRegistry registry, String outcome) {
        return Timer.builder(PUBLISH_DURATION)
                .description("From handing a batch to the producer to the broker's acknowledgement (acks=all)")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry);
    }

    private static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    public void accepted(VitalType type) {
        accepted.get(type).increment();
    }

    public void rejected(RejectionReason reason) {
        rejected.get(reason).increment();
    }

    public void duplicate(VitalType type) {
        duplicates.get(type).increment();
    }

    public void overBudget(int readings) {
        overBudget.increment(readings);
    }

    public void request(RequestOutcome outcome) {
        requests.get(outcome).increment();
    }

    public void checkIn(RequestOutcome outcome) {
        checkIns.get(outcome).increment();
    }

    public void checkInRejected(CheckInRejection reason) {
        checkInsRejected.get(reason).increment();
    }

    public void published(long nanos) {
        publishSucceeded.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void publishFailed(long nanos, PublishFailure cause) {
        publishFailed.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        publishFailures.get(cause).increment();
    }

    public void shed(ShedReason reason) {
        shed.get(reason).increment();
    }

    public void staleVerdictServed() {
        staleVerdicts.increment();
    }

    public void registryUnavailable() {
        registryUnavailable.increment();
    }

    /** 1 while the device registry answers, 0 while requests fall back on last verdicts. */
    public void registryAvailability(BooleanSupplier available) {
        Gauge.builder(REGISTRY_AVAILABLE, available, a -> a.getAsBoolean() ? 1 : 0)
                .description("Whether the device registry (PostgreSQL) answered the last lookup")
                .strongReference(true) // a lambda: nothing else holds it, and a weak gauge would read NaN
                .register(registry);
    }

    /** Devices whose last verdict this instance keeps (unknown tokens are not among them). */
    public void verdictsCached(LongSupplier verdicts) {
        Gauge.builder(VERDICTS_CACHED, verdicts, LongSupplier::getAsLong)
                .description("Device verdicts kept to serve through a registry outage; bounded by ingest.device-verdict-cache-size")
                .strongReference(true)
                .register(registry);
    }

    /** Readings handed to the producer (or queued for it) and not yet acknowledged or failed. */
    public void publishInFlight(IntSupplier readings) {
        Gauge.builder(PUBLISH_IN_FLIGHT, readings, IntSupplier::getAsInt)
                .description("Readings waiting for the broker's acknowledgement; capped by ingest.publish-max-in-flight-readings")
                .strongReference(true)
                .register(registry);
    }
}
