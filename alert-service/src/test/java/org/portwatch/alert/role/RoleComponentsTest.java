package org.portwatch.alert.role;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.arc.lookup.LookupUnlessProperty;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.database.SchemaMigration;
import org.portwatch.alert.detection.DetectorHealth;
import org.portwatch.alert.detection.DetectorReadiness;
import org.portwatch.alert.detection.DetectorWiring;

/**
 * What each role starts and how its health reads, at unit level (no Quarkus start: the tests' one Quarkus application
 * runs {@code all}): the start events per role, the detector's meters and checks in a pod without a detector, the
 * database check in a pod without a database, and the Topology left out of lookup in {@code api}.
 */
class RoleComponentsTest {

    private static RoleConfig role(Role role) {
        return () -> role;
    }

    /** Records what is fired: the part of {@link Event} that RoleLifecycle uses. */
    private static final class Recorded<T> implements Event<T> {
        final List<T> fired = new ArrayList<>();

        @Override
        public void fire(T event) {
            fired.add(event);
        }

        @Override
        public <U extends T> CompletionStage<U> fireAsync(U event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends T> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Event<T> select(Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends T> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends T> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }
    }

    private static List<Object> started(Role role, SimpleMeterRegistry registry) {
        Recorded<ApiStarting> api = new Recorded<>();
        Recorded<DetectorStarting> detector = new Recorded<>();
        new RoleLifecycle(role(role), registry, api, detector).onStart(new StartupEvent());
        List<Object> fired = new ArrayList<>(detector.fired);
        fired.addAll(api.fired);
        return fired;
    }

    @Test
    void shouldStartOnlyTheHalfOfTheServiceItsRoleRunsAndShowTheRole() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        assertThat(started(Role.DETECTOR, registry)).containsExactly(DetectorStarting.EVENT);
        assertThat(registry.get(RoleLifecycle.INFO).tag("role", "detector").gauge().value()).isEqualTo(1);

        assertThat(started(Role.API, new SimpleMeterRegistry())).containsExactly(ApiStarting.EVENT);
        assertThat(started(Role.ALL, new SimpleMeterRegistry()))
                .containsExactly(DetectorStarting.EVENT, ApiStarting.EVENT);
    }

    private static DetectorHealth detectorHealth(Role role, SimpleMeterRegistry registry) {
        return new DetectorHealth(registry, null, Map.of(), role(role));
    }

    @Test
    void shouldNeitherExposeNorReportDownADetectorThatAnApiPodDoesNotRun() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DetectorHealth health = detectorHealth(Role.API, registry);

        assertThat(registry.find(DetectorHealth.UP).gauge()).as("portwatch_detector_up in an api pod").isNull();
        assertThat(health.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(new DetectorReadiness(health, role(Role.API)).call().getStatus())
                .isEqualTo(HealthCheckResponse.Status.UP);
        // In a detector pod the same client, never started, is down.
        SimpleMeterRegistry detectorRegistry = new SimpleMeterRegistry();
        DetectorHealth detector = detectorHealth(Role.DETECTOR, detectorRegistry);
        assertThat(detectorRegistry.get(DetectorHealth.UP).gauge().value()).isZero();
        assertThat(detector.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    }

    @Test
    void shouldMakeADetectorPodReadyOnlyOnceKafkaStreamsRuns() {
        DetectorHealth health = detectorHealth(Role.DETECTOR, new SimpleMeterRegistry());
        DetectorReadiness readiness = new DetectorReadiness(health, role(Role.DETECTOR));
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);

        health.onChange(KafkaStreams.State.REBALANCING, KafkaStreams.State.CREATED);
        assertThat(readiness.call().getStatus()).as("restoring").isEqualTo(HealthCheckResponse.Status.DOWN);
        health.onChange(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

        // In all, readiness keeps meaning "can serve clinicians": a detector still starting does not gate it.
        DetectorHealth starting = detectorHealth(Role.ALL, new SimpleMeterRegistry());
        assertThat(new DetectorReadiness(starting, role(Role.ALL)).call().getStatus())
                .isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void shouldNotReportTheDatabaseSchemaDownInAPodThatUsesNoDatabase() {
        SchemaMigration detector = new SchemaMigration(null, null, () -> Duration.ofSeconds(10), role(Role.DETECTOR));
        assertThat(detector.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

        SchemaMigration api = new SchemaMigration(null, null, () -> Duration.ofSeconds(10), role(Role.API));
        assertThat(api.call().getStatus()).as("not migrated yet").isEqualTo(HealthCheckResponse.Status.DOWN);
    }

    @Test
    void shouldLeaveTheTopologyOutOfLookupInTheApiRoleSoKafkaStreamsStartsNothing() throws Exception {
        LookupUnlessProperty unless = DetectorWiring.class.getDeclaredMethod("topology",
                        org.portwatch.detection.DetectionMetrics.class, DetectorWiring.DetectionConfig.class)
                .getAnnotation(LookupUnlessProperty.class);
        assertThat(DetectorWiring.class.getDeclaredMethod("topology", org.portwatch.detection.DetectionMetrics.class,
                DetectorWiring.DetectionConfig.class).getReturnType()).isEqualTo(Topology.class);
        assertThat(unless).isNotNull();
        assertThat(unless.name()).isEqualTo(Role.PROPERTY);
        assertThat(Role.parse(unless.stringValue())).isEqualTo(Role.API);
    }
}
