package org.portwatch.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * alert-service's two roles as k8s/ runs them (docs/operations.md, "Two roles"): the API as a Deployment (role api,
 * HPA on CPU), the detector as a StatefulSet (role detector) with static membership from the pod's name, a standby
 * of every task, rack awareness from the node's zone, its RocksDB memory bounded inside the container's limit, a
 * persistent volume for its state, a headless Service and its own disruption budget.
 */
class DetectorRoleTest {

    static Stream<Manifests> overlays() {
        return Repo.overlays();
    }

    static Stream<Manifests> durableOverlays() {
        return Repo.durableOverlays();
    }

    private static StatefulSet detector(Manifests manifests) {
        return manifests.one(StatefulSet.class, Repo.DETECTOR);
    }

    private static Container container(StatefulSet set) {
        List<Container> containers = set.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static Properties streams(Manifests manifests) {
        return WorkloadPolicyTest.load(manifests.one(ConfigMap.class, "alert-service-streams").getData()
                .get("application.properties"));
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no env " + name));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shouldRunTheApiAsADeploymentAndTheDetectorAsAStatefulSetOfTheSameImage(Manifests manifests) {
        Deployment api = manifests.one(Deployment.class, "alert-service");
        StatefulSet detector = detector(manifests);
        Container apiContainer = Repo.container(api);
        Container detectorContainer = container(detector);
        assertThat(WorkloadPolicyTest.envValue(manifests, apiContainer, "PORTWATCH_ROLE")).isEqualTo("api");
        assertThat(WorkloadPolicyTest.envValue(manifests, detectorContainer, "PORTWATCH_ROLE")).isEqualTo("detector");
        assertThat(detectorContainer.getImage()).isEqualTo(apiContainer.getImage());
        // The roles never select each other's pods (Services, PDBs, NetworkPolicies go by these labels).
        assertThat(detector.getSpec().getTemplate().getMetadata().getLabels().entrySet())
                .doesNotContainAnyElementsOf(api.getSpec().getSelector().getMatchLabels().entrySet());
        assertThat(api.getSpec().getTemplate().getMetadata().getLabels().entrySet())
                .doesNotContainAnyElementsOf(detector.getSpec().getSelector().getMatchLabels().entrySet());
        // The api runs no Kafka Streams: neither its settings nor a state volume.
        assertThat(api.getSpec().getTemplate().getSpec().getVolumes()).noneMatch(v -> v.getConfigMap() != null
                && v.getConfigMap().getName().equals("alert-service-streams"));
        // The detector needs no database login, webhook key or VAPID pair: it never touches them.
        assertThat(detectorContainer.getEnv()).extracting(EnvVar::getName)
                .doesNotContain("DB_USERNAME", "DB_PASSWORD", "WEBHOOK_SECRET_KEY", "VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shouldKeepEachDetectorsStateOnItsOwnVolumeBehindAHeadlessService(Manifests manifests) {
        StatefulSet detector = detector(manifests);
        Service governing = manifests.one(Service.class, detector.getSpec().getServiceName());
        assertThat(governing.getSpec().getClusterIP()).as("headless").isEqualTo("None");
        assertThat(detector.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(governing.getSpec().getSelector());
        assertThat(detector.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
        assertThat(detector.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");

        Container container = container(detector);
        String stateDir = WorkloadPolicyTest.envValue(manifests, container, "KAFKA_STREAMS_STATE_DIR");
        VolumeMount state = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(stateDir))
                .findFirst().orElseThrow(() -> new AssertionError("nothing mounted at the state dir " + stateDir));
        assertThat(detector.getSpec().getVolumeClaimTemplates()).as("a persistent volume per pod for its state")
                .anySatisfy(claim -> {
                    assertThat(claim.getMetadata().getName()).isEqualTo(state.getName());
                    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
                    assertThat(claim.getSpec().getResources().getRequests()).containsKey("storage");
                });
        assertThat(detector.getSpec().getTemplate().getSpec().getVolumes()).as("not an emptyDir as well")
                .noneMatch(v -> v.getName().equals(state.getName()));

        PodDisruptionBudget pdb = manifests.one(PodDisruptionBudget.class, Repo.DETECTOR);
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).as("one detector pod drained at a time").isEqualTo(1);
        assertThat(detector.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());

        // Its metrics keep job="alert-service", which every rule and dashboard panel reads.
        ServiceMonitor monitor = manifests.one(ServiceMonitor.class, Repo.DETECTOR);
        assertThat(governing.getMetadata().getLabels()).containsAllEntriesOf(monitor.getSpec().getSelector()
                .getMatchLabels());
        assertThat(governing.getMetadata().getLabels().get(monitor.getSpec().getJobLabel()))
                .as("the detector's Prometheus job").isEqualTo("alert-service");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shouldJoinAsAStaticMemberNamedAfterThePodWithItsZoneAsRack(Manifests manifests) {
        Container container = container(detector(manifests));
        Properties streams = streams(manifests);
        assertThat(env(container, "POD_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        assertThat(streams.getProperty("kafka-streams.main.consumer.group.instance.id")).isEqualTo("${POD_NAME}");
        assertThat(env(container, "PORTWATCH_ZONE").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.labels['topology.kubernetes.io/zone']");
        assertThat(streams.getProperty("kafka-streams.rack.aware.assignment.tags")).isEqualTo("zone");
        assertThat(streams.getProperty("kafka-streams.client.tag.zone")).isEqualTo("${PORTWATCH_ZONE:}");
        assertThat(streams.getProperty("kafka-streams.client.rack")).isEqualTo("${PORTWATCH_ZONE:}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("durableOverlays")
    void shouldKeepAStandbyOfEveryTaskOnAnotherPod(Manifests manifests) {
        assertThat(streams(manifests).getProperty("kafka-streams.num.standby.replicas")).isEqualTo("1");
        assertThat(detector(manifests).getSpec().getReplicas()).as("a standby needs a second pod")
                .isGreaterThanOrEqualTo(2);
    }

    /**
     * The pod's memory: heap (-Xmx), Kafka Streams' record cache, the RocksDB budget its config setter enforces, and
     * room for metaspace, threads and the JIT (at least 192 MiB) inside the container's limit.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shouldBoundRocksDbsMemoryInsideTheContainersLimit(Manifests manifests) throws Exception {
        Properties streams = streams(manifests);
        String setter = streams.getProperty("kafka-streams.rocksdb.config.setter");
        assertThat(setter).as("a RocksDB config setter").isNotBlank();
        Path source = Repo.ROOT.resolve("detection/src/main/java/" + setter.replace('.', '/') + ".java");
        assertThat(Files.readString(source)).as(setter).contains("implements RocksDBConfigSetter")
                .contains("WriteBufferManager").contains("LRUCache");
        long rocksDb = Long.parseLong(streams.getProperty("kafka-streams.portwatch.rocksdb.total.bytes"));

        Properties application = WorkloadPolicyTest.load(Repo.read(Repo.ROOT.resolve(
                "alert-service/src/main/resources/application.properties")));
        long recordCache = Long.parseLong(application.getProperty("kafka-streams.statestore.cache.max.bytes"));
        Container container = container(detector(manifests));
        Matcher xmx = Pattern.compile("-Xmx(\\d+)m").matcher(
                WorkloadPolicyTest.envValue(manifests, container, "JAVA_OPTS_APPEND"));
        assertThat(xmx.find()).as("-Xmx in MiB").isTrue();
        long heap = Long.parseLong(xmx.group(1)) * 1024 * 1024;
        Quantity limit = container.getResources().getLimits().get("memory");
        long limitBytes = limit.getNumericalAmount().longValue();
        assertThat(heap + recordCache + rocksDb + 192L * 1024 * 1024).as("heap + caches + 192 MiB ≤ memory limit")
                .isLessThanOrEqualTo(limitBytes);
    }
}
