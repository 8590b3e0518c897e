package org.portwatch.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.portwatch.model.Topics;

/** Kafka (Strimzi) and PostgreSQL (CloudNativePG) as the guarantees of ARCHITECTURE.md need them. */
class KafkaAndDatabaseTest {

    static Stream<Manifests> overlays() {
        return Repo.overlays();
    }

    static Stream<Manifests> durableOverlays() {
        return Repo.durableOverlays();
    }

    private static GenericKubernetesResource topic(Manifests manifests, String topicName) {
        return manifests.custom("KafkaTopic").stream().filter(t -> topicName.equals(t.get("spec", "topicName")))
                .findFirst().orElseThrow(() -> new AssertionError(manifests + " has no KafkaTopic " + topicName));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shouldDeclareEveryTopicOfTheCodeWithItsRetentionAndCompaction(Manifests manifests) {
        assertThat(manifests.custom("KafkaTopic")).extracting(t -> (String) t.get("spec", "topicName"))
                .containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(Topics.TopicSpec::name).toList());
        String cluster = manifests.custom("Kafka").get(0).getMetadata().getName();
        for (Topics.TopicSpec spec : Topics.ALL) {
            GenericKubernetesResource topic = topic(manifests, spec.name());
            assertThat(topic.getMetadata().getLabels()).as(spec.name() + " belongs to the cluster")
                    .containsEntry("strimzi.io/cluster", cluster);
            Map<String, Object> config = topic.get("spec", "config");
            spec.configs().forEach((key, value) -> assertThat(String.valueOf(config.get(key)))
                    .as("%s %s", spec.name(), key).isEqualTo(value));
            int partitions = topic.get("spec", "partitions");
            assertThat(partitions).as(spec.name() + " partitions").isGreaterThanOrEqualTo(spec.partitions());
        }
        // Keyed by patientId and joined in one topology: the co-partitioned topics keep one partition count.
        assertThat(Stream.of(Topics.VITALS_READINGS, Topics.PATIENT_PROFILES, Topics.VITALS_ALERTS, Topics.PATIENT_SYMPTOMS)
                .map(t -> (Integer) topic(manifests, t).get("spec", "partitions")).distinct())
                .as("partitions of readings, profiles, alerts and check-ins").hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("durableOverlays")
    void shouldReplicateEveryTopicThreeTimesAndAckWithTwoInSyncOnThreeKraftNodes(Manifests manifests) {
        for (GenericKubernetesResource topic : manifests.custom("KafkaTopic")) {
            assertThat((Integer) topic.get("spec", "replicas")).as(topic.getMetadata().getName()).isEqualTo(3);
            assertThat(String.valueOf((Object) topic.get("spec", "config", "min.insync.replicas")))
                    .as(topic.getMetadata().getName() + " min.insync.replicas").isEqualTo("2");
        }
        GenericKubernetesResource kafka = manifests.custom("Kafka", "portwatch");
        assertThat(kafka.getMetadata().getAnnotations()).containsEntry("strimzi.io/kraft", "enabled")
                .containsEntry("strimzi.io/node-pools", "enabled");
        Map<String, Object> config = kafka.get("spec", "kafka", "config");
        assertThat(config).containsEntry("default.replication.factor", 3).containsEntry("min.insync.replicas", 2)
                .containsEntry("offsets.topic.replication.factor", 3)
                .containsEntry("transaction.state.log.replication.factor", 3)
                .containsEntry("transaction.state.log.min.isr", 2)
                .containsEntry("auto.create.topics.enable", false);
        List<GenericKubernetesResource> pools = manifests.custom("KafkaNodePool");
        assertThat(pools).allSatisfy(p -> assertThat(p.getMetadata().getLabels())
                .containsEntry("strimzi.io/cluster", "portwatch"));
        int brokers = pools.stream().filter(p -> ((List<?>) p.get("spec", "roles")).contains("broker"))
                .mapToInt(p -> (Integer) p.get("spec", "replicas")).sum();
        int controllers = pools.stream().filter(p -> ((List<?>) p.get("spec", "roles")).contains("controller"))
                .mapToInt(p -> (Integer) p.get("spec", "replicas")).sum();
        assertThat(brokers).as("brokers").isEqualTo(3);
        assertThat(controllers).as("KRaft controllers (a quorum survives one loss)").isEqualTo(3);
        // Voluntary disruptions (drains, upgrades) take one broker at a time: the other two are the in-sync
        // replicas acks=all needs, and two of three controllers keep the quorum.
        assertThat((Integer) kafka.get("spec", "kafka", "template", "podDisruptionBudget", "maxUnavailable"))
                .as("Kafka PodDisruptionBudget maxUnavailable").isEqualTo(brokers - 2);
    }

    /**
     * The local overlay runs one broker (not for patients); its topics must still be writable: a replication
     * factor above the brokers, or a min.insync.replicas above the replication factor, refuses every acks=all
     * write. Every overlay: what the fault-injection suite proved on three brokers holds wherever there are three.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shouldKeepEveryTopicWritableWithAcksAllOnTheBrokersTheOverlayRuns(Manifests manifests) {
        int brokers = manifests.custom("KafkaNodePool").stream()
                .filter(p -> ((List<?>) p.get("spec", "roles")).contains("broker"))
                .mapToInt(p -> (Integer) p.get("spec", "replicas")).sum();
        Map<String, Object> cluster = manifests.custom("Kafka", "portwatch").get("spec", "kafka", "config");
        for (GenericKubernetesResource topic : manifests.custom("KafkaTopic")) {
            int replicas = topic.get("spec", "replicas");
            int minInsync = Integer.parseInt(String.valueOf((Object) topic.get("spec", "config", "min.insync.replicas")));
            assertThat(replicas).as(topic.getMetadata().getName() + " replicas ≤ brokers").isLessThanOrEqualTo(brokers);
            assertThat(minInsync).as(topic.getMetadata().getName() + " min.insync.replicas").isBetween(1, replicas);
            if (brokers >= 3) {
                assertThat(replicas).as(topic.getMetadata().getName() + " replicas").isEqualTo(3);
                assertThat(minInsync).as(topic.getMetadata().getName() + " min.insync.replicas").isEqualTo(2);
            }
        }
        int transactionIsr = (Integer) cluster.get("transaction.state.log.min.isr");
        assertThat(transactionIsr).as("transaction log min ISR ≤ its replication")
                .isLessThanOrEqualTo((Integer) cluster.get("transaction.state.log.replication.factor"));
        assertThat((Integer) cluster.get("offsets.topic.replication.factor")).isLessThanOrEqualTo(brokers);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shouldNeverScaleAlertServiceBeyondThePartitionsOfVitalsReadings(Manifests manifests) {
        int partitions = topic(manifests, Topics.VITALS_READINGS).get("spec", "partitions");
        HorizontalPodAutoscaler hpa = manifests.one(HorizontalPodAutoscaler.class, "alert-service");
        assertThat(hpa.getSpec().getMaxReplicas()).as("alert-service maxReplicas ≤ partitions of vitals.readings")
                .isLessThanOrEqualTo(partitions);
        assertThat(manifests.one(Deployment.class, "alert-service").getSpec().getReplicas())
                .isLessThanOrEqualTo(partitions);
        // The detector: one stream thread per pod, one task per partition (and sub-topology); a pod beyond the
        // partitions would own no task. Its StatefulSet is scaled by hand, never by an HPA.
        assertThat(manifests.one(io.fabric8.kubernetes.api.model.apps.StatefulSet.class, Repo.DETECTOR).getSpec()
                .getReplicas()).as("detector pods ≤ partitions of vitals.readings").isLessThanOrEqualTo(partitions);
        assertThat(manifests.all(HorizontalPodAutoscaler.class)).extracting(h -> h.getSpec().getScaleTargetRef()
                .getName()).doesNotContain(Repo.DETECTOR);
        HorizontalPodAutoscaler ingest = manifests.one(HorizontalPodAutoscaler.class, "ingest-service");
        assertThat(ingest.getSpec().getMetrics()).extracting(m -> m.getResource().getName()).containsExactly("cpu");
    }

    @Test
    void shouldKeepAWarmStandbyOfTheDetectorsStateInProduction() {
        Manifests production = Repo.manifests("overlays/production");
        String properties = production.one(ConfigMap.class, "alert-service-streams").getData()
                .get("application.properties");
        assertThat(WorkloadPolicyTest.load(properties).getProperty("kafka-streams.num.standby.replicas"))
                .isEqualTo("1");
        assertThat((Integer) topic(production, Topics.VITALS_READINGS).get("spec", "partitions"))
                .as("production partitions").isEqualTo(12);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shouldPointBothServicesAtTheKafkaListenerAndTheDatabasePrimary(Manifests manifests) {
        GenericKubernetesResource kafka = manifests.custom("Kafka", "portwatch");
        List<Map<String, Object>> listeners = kafka.get("spec", "kafka", "listeners");
        assertThat(listeners).hasSize(1);
        String bootstrap = kafka.getMetadata().getName() + "-kafka-bootstrap:" + listeners.get(0).get("port");
        String cluster = manifests.custom("Cluster").get(0).getMetadata().getName();
        String database = manifests.custom("Cluster").get(0).get("spec", "bootstrap", "initdb", "database");
        for (Deployment deployment : manifests.all(Deployment.class)) {
            var container = Repo.container(deployment);
            assertThat(WorkloadPolicyTest.envValue(manifests, container, "KAFKA_BOOTSTRAP_SERVERS"))
                    .isEqualTo(bootstrap);
            // The parameters after '?' (TLS: verify-full) are TransportSecurityTest's.
            assertThat(WorkloadPolicyTest.envValue(manifests, container, "DB_REACTIVE_URL").replaceFirst("\\?.*", ""))
                    .isEqualTo("postgresql://" + cluster + "-rw:5432/" + database);
            assertThat(WorkloadPolicyTest.envValue(manifests, container, "DB_JDBC_URL").replaceFirst("\\?.*", ""))
                    .isEqualTo("jdbc:postgresql://" + cluster + "-rw:5432/" + database);
            assertThat(container.getEnv()).filteredOn(e -> e.getName().startsWith("DB_"))
                    .allSatisfy(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName())
                            .isEqualTo(cluster + "-app"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("durableOverlays")
    void shouldRunThreeDatabaseInstancesWithContinuousBackups(Manifests manifests) {
        GenericKubernetesResource cluster = manifests.custom("Cluster", "portwatch-db");
        assertThat((Integer) cluster.get("spec", "instances")).isEqualTo(3);
        assertThat((Integer) cluster.get("spec", "minSyncReplicas")).isGreaterThanOrEqualTo(1);
        assertThat((String) cluster.get("spec", "backup", "barmanObjectStore", "destinationPath")).startsWith("s3://");
        assertThat((String) cluster.get("spec", "backup", "retentionPolicy")).isNotBlank();
        for (String key : List.of("accessKeyId", "secretAccessKey")) {
            String secret = cluster.get("spec", "backup", "barmanObjectStore", "s3Credentials", key, "name");
            String secretKey = cluster.get("spec", "backup", "barmanObjectStore", "s3Credentials", key, "key");
            assertThat(WorkloadPolicyTest.EXTERNAL_SECRETS.get(secret)).as("backup Secret " + secret)
                    .contains(secretKey);
        }
        assertThat(manifests.custom("ScheduledBackup")).singleElement().satisfies(backup -> {
            assertThat((String) backup.get("spec", "cluster", "name")).isEqualTo("portwatch-db");
            assertThat((String) backup.get("spec", "method")).isEqualTo("barmanObjectStore");
        });
    }
}
