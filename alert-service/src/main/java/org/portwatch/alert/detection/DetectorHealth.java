package org.portwatch.alert.detection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.health.api.HealthGroup;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.jboss.logging.Logger;
import org.portwatch.alert.kafka.Admins;
import org.portwatch.alert.role.DetectorStarting;
import org.portwatch.alert.role.Role;
import org.portwatch.alert.role.RoleConfig;

/**
 * Whether this process can detect, apart from whether it can serve clinicians: the health group {@code detection}
 * ({@code /q/health/group/detection}) and the gauges {@code portwatch_detector_up} and
 * {@code portwatch_detector_state{state}}, for SREs. The detector is up when its Kafka Streams client is RUNNING (or
 * REBALANCING) and the brokers answer. A Kafka outage takes it down here and nowhere else: clinicians keep reading
 * and acknowledging alerts (readiness depends on the database only) and no probe restarts the pod for it, since a
 * restart cannot bring a broker back; Kafka Streams resumes on its own when the brokers return.
 *
 * <p>A stream thread that dies of an unexpected exception is replaced (counted) rather than shutting the client
 * down, so the detector heals itself; {@link DetectorLiveness} fails only if the client reached ERROR all the same.
 */
@HealthGroup(DetectorHealth.GROUP)
@ApplicationScoped
@Default // also injectable as itself: the health annotations are qualifiers
public class DetectorHealth implements HealthCheck, KafkaStreams.StateListener {

    private static final Logger LOG = Logger.getLogger(DetectorHealth.class);

    public static final String GROUP = "detection";
    static final String NAME = "detector";
    public static final String UP = "portwatch.detector.up";
    public static final String STATE = "portwatch.detector.state";
    public static final String THREADS_REPLACED = "portwatch.detector.threads.replaced";
    /** How often the brokers are asked whether they answer; also the gauges' resolution. */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final Map<String, Object> kafkaConfig;
    private final Counter threadsReplaced;
    private final Role role;
    private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;
    private volatile boolean brokersAnswer;
    private volatile String brokerFailure = "not probed yet";
    private volatile Admin admin;
    private long timer = -1;

    public DetectorHealth(MeterRegistry registry, Vertx vertx,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, RoleConfig roleConfig) {
        this.vertx = vertx;
        this.kafkaConfig = kafkaConfig;
        this.role = roleConfig.role();
        if (role.runsDetector()) { // an api pod has no detector: its portwatch_detector_up of 0 would page for nothing
            registerGauges(registry);
        }
        threadsReplaced = Counter.builder(THREADS_REPLACED)
                .description("Stream threads of the detector that died of an unexpected exception and were replaced")
                .register(registry);
    }

    private void registerGauges(MeterRegistry registry) {
        Gauge.builder(UP, this, health -> health.up() ? 1 : 0)
                .description("1 while the detector can detect: Kafka Streams RUNNING or REBALANCING and the brokers answer")
                .register(registry);
        for (KafkaStreams.State each : KafkaStreams.State.values()) {
            Gauge.builder(STATE, this, health -> health.state == each ? 1 : 0)
                    .description("1 for the state the detector's Kafka Streams client is in")
                    .tag("state", each.name())
                    .register(registry);
        }
    }

    /** Kafka Streams tells every state change (Quarkus registers this bean as the client's state listener). */
    @Override
    public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        state = newState;
        LOG.infof("detector: %s -> %s", oldState, newState);
    }

    /** A thread that dies is replaced: a restart of the pod would do the same, slower and for every task. */
    @Produces
    @ApplicationScoped
    StreamsUncaughtExceptionHandler replaceDeadThreads() {
        return exception -> {
            threadsReplaced.increment();
            LOG.errorf(exception, "detector: a stream thread died, replacing it");
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        };
    }

    void onStart(@Observes DetectorStarting event) {
        timer = vertx.setPeriodic(1, PROBE_INTERVAL.toMillis(), id -> probe());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        Admin current = admin;
        if (current != null) {
            current.close(Duration.ofSeconds(1));
        }
    }

    private void probe() {
        vertx.executeBlocking(() -> {
            try {
                admin().describeCluster(new DescribeClusterOptions().timeoutMs(3000)).clusterId()
                        .get(4, TimeUnit.SECONDS);
                brokersAnswer = true;
                brokerFailure = "";
            } catch (Exception e) {
                brokersAnswer = false;
                brokerFailure = e.getClass().getSimpleName();
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
            return null;
        }, false);
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admins.create(kafkaConfig, "alert-service-detector-health");
        }
        return admin;
    }

    public KafkaStreams.State state() {
        return state;
    }

    /** Whether the detector can detect now. */
    public boolean up() {
        return state.isRunningOrRebalancing() && brokersAnswer;
    }

    @Override
    public HealthCheckResponse call() {
        if (!role.runsDetector()) {
            // Detection runs in the detector pods; this one has nothing to report down.
            return HealthCheckResponse.named(NAME).up().withData("role", role.label()).build();
        }
        return HealthCheckResponse.named(NAME)
                .status(up())
                .withData("state", state.name())
                .withData("brokers", brokersAnswer ? "reachable" : "unreachable")
                .withData("brokerFailure", brokerFailure)
                .build();
    }
}
