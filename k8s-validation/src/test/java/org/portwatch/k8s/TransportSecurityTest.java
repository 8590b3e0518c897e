package org.portwatch.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.portwatch.model.Topics;

/**
 * Every hop to Kafka and PostgreSQL is encrypted and authenticated (ARCHITECTURE.md, "Security model";
 * docs/security.md): the broker's only listener is TLS with SCRAM-SHA-512 and ACLs, each service is a KafkaUser
 * whose ACLs name exactly the topics, groups and transactional ids its code uses, every Kafka client of a service
 * speaks SASL_SSL with its own user's Secret and the cluster CA, and ingest reaches PostgreSQL with verify-full.
 */
class TransportSecurityTest {

    static Stream<Manifests> overlays() {
        return Repo.overlays();
    }

    /** What a service's code reads and writes on Kafka, from its sources (never typed twice). */
    private record KafkaUse(Set<String> topicsRead, Set<String> topicsWritten, Set<String> groups,
            Set<String> prefixes) {
    }

    private static Properties properties(java.nio.file.Path file) {
        Properties props = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props;
    }

    private static KafkaUse uses(String user) {
        if (user.equals("ingest-service")) {
            // ReadingPublisher: the one producer, of accepted readings and symptom check-ins.
            return new KafkaUse(Set.of(), Set.of(Topics.VITALS_READINGS, Topics.PATIENT_SYMPTOMS), Set.of(), Set.of());
        }
        Properties props = properties(Repo.ROOT.resolve("alert-service/src/main/resources/application.properties"));
        Set<String> read = new TreeSet<>();
        Set<String> written = new TreeSet<>();
        Set<String> groups = new TreeSet<>();
        if (user.equals(Repo.DETECTOR)) {
            // The detector role: reads readings, check-ins and profiles, writes alerts and the dead letters
            // (DetectionTopics.DEFAULT), in its application's group, with its internal topics and transactions.
            String applicationId = props.getProperty("quarkus.kafka-streams.application-id");
            List<String> streamsTopics = List.of(props.getProperty("quarkus.kafka-streams.topics").split(","));
            assertThat(streamsTopics).containsExactlyInAnyOrder(Topics.VITALS_READINGS, Topics.PATIENT_PROFILES,
                    Topics.VITALS_ALERTS, Topics.VITALS_READINGS_DLQ, Topics.PATIENT_SYMPTOMS);
            read.addAll(List.of(Topics.VITALS_READINGS, Topics.PATIENT_PROFILES, Topics.PATIENT_SYMPTOMS));
            written.addAll(List.of(Topics.VITALS_ALERTS, Topics.VITALS_READINGS_DLQ));
            groups.add(applicationId);
            return new KafkaUse(read, written, groups, Set.of(applicationId + "-"));
        }
        // The api role. SmallRye channels: their topics, groups and dead-letter topics.
        for (String key : props.stringPropertyNames()) {
            if (key.matches("mp\\.messaging\\.incoming\\.[^.]+\\.topic")) {
                read.add(props.getProperty(key));
            } else if (key.matches("mp\\.messaging\\.outgoing\\.[^.]+\\.topic")
                    || key.matches("mp\\.messaging\\.incoming\\.[^.]+\\.dead-letter-queue\\.topic")) {
                written.add(props.getProperty(key));
            } else if (key.matches("mp\\.messaging\\.incoming\\.[^.]+\\.group\\.id")) {
                groups.add(props.getProperty(key));
            }
        }
        // ProfileOutboxPublisher: the profile outbox produces patients.profiles.
        written.add(Topics.PATIENT_PROFILES);
        return new KafkaUse(read, written, groups, Set.of());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shouldOfferKafkaOnlyOverTlsWithScramAndAcls(Manifests manifests) {
        GenericKubernetesResource kafka = manifests.custom("Kafka", "portwatch");
        List<Map<String, Object>> listeners = kafka.get("spec", "kafka", "listeners");
        assertThat(listeners).as("listeners").hasSize(1);
        Map<String, Object> listener = listeners.get(0);
        assertThat(listener).containsEntry("tls", true).containsEntry("type", "internal");
        assertThat(listener.get("authentication")).isEqualTo(Map.of("type", "scram-sha-512"));
        assertThat((String) kafka.get("spec", "kafka", "authorization", "type")).isEqualTo("simple");
        assertThat((Object) kafka.get("spec", "entityOperator", "userOperator")).as("the User Operator").isNotNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shouldGiveEachServiceAKafkaUserWithAclsForExactlyWhatItsCodeUses(Manifests manifests) {
        List<String> users = List.of("ingest-service", "alert-service", Repo.DETECTOR);
        assertThat(manifests.custom("KafkaUser")).extracting(u -> u.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(users);
        for (String service : users) {
            GenericKubernetesResource user = manifests.custom("KafkaUser", service);
            assertThat(user.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "portwatch");
            assertThat((String) user.get("spec", "authentication", "type")).isEqualTo("scram-sha-512");
            assertThat((String) user.get("spec", "authorization", "type")).isEqualTo("simple");
            List<Map<String, Object>> acls = user.get("spec", "authorization", "acls");
            Map<String, Set<String>> literalTopics = new TreeMap<>();
            Set<String> groups = new TreeSet<>();
            Set<String> prefixedTopics = new TreeSet<>();
            Set<String> prefixedTransactions = new TreeSet<>();
            List<String> other = new ArrayList<>();
            for (Map<String, Object> acl : acls) {
                @SuppressWarnings("unchecked")
                Map<String, Object> resource = (Map<String, Object>) acl.get("resource");
                @SuppressWarnings("unchecked")
                Set<String> operations = new TreeSet<>((List<String>) acl.get("operations"));
                String name = (String) resource.get("name");
                String key = resource.get("type") + "/" + resource.get("patternType");
                switch (key) {
                    case "topic/literal" -> literalTopics.computeIfAbsent(name, n -> new TreeSet<>()).addAll(operations);
                    case "group/literal" -> {
                        assertThat(operations).as(service + " group " + name).containsExactly("Read");
                        groups.add(name);
                    }
                    case "topic/prefix" -> {
                        assertThat(operations).as(service + " topics " + name + "*").containsExactly("All");
                        prefixedTopics.add(name);
                    }
                    case "transactionalId/prefix" -> {
                        assertThat(operations).as(service + " transactional ids " + name + "*")
                                .containsExactlyInAnyOrder("Write", "Describe");
                        prefixedTransactions.add(name);
                    }
                    default -> other.add(key + " " + name);
                }
            }
            KafkaUse use = uses(service);
            Map<String, Set<String>> expected = new TreeMap<>();
            use.topicsRead().forEach(t -> expected.computeIfAbsent(t, n -> new TreeSet<>()).addAll(Set.of("Read", "Describe")));
            use.topicsWritten().forEach(t -> expected.computeIfAbsent(t, n -> new TreeSet<>()).addAll(Set.of("Write", "Describe")));
            assertThat(literalTopics).as(service + ": topic ACLs = the topics its code reads and writes").isEqualTo(expected);
            assertThat(groups).as(service + ": consumer groups").isEqualTo(use.groups());
            assertThat(prefixedTopics).as(service + ": internal topics (Kafka Streams)").isEqualTo(use.prefixes());
            assertThat(prefixedTransactions).as(service + ": transactional ids (exactly_once_v2)").isEqualTo(use.prefixes());
            assertThat(other).as(service + ": no other ACL (no cluster, no wildcard)").isEmpty();
            assertThat(acls).allSatisfy(acl -> assertThat(((Map<?, ?>) acl.get("resource")).get("name"))
                    .as(service + " ACL on a wildcard").isNotEqualTo("*"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shouldConnectEveryKafkaClientOverSaslSslAsItsOwnUserTrustingTheClusterCa(Manifests manifests) {
        for (Repo.Workload deployment : Repo.workloads(manifests)) {
            String service = deployment.name();
            Container container = Repo.container(deployment);
            PodSpec pod = deployment.template().getSpec();
            if (service.equals(Repo.DETECTOR)) {
                // Kafka Streams has keys of its own: application.properties feeds them from the same variables.
                Properties properties = properties(Repo.ROOT.resolve("alert-service/src/main/resources/application.properties"));
                for (String key : List.of("security.protocol", "sasl.mechanism", "sasl.jaas-config",
                        "ssl.truststore.type", "ssl.truststore.location")) {
                    assertThat(properties.getProperty("%prod.quarkus.kafka-streams." + key)).as("Kafka Streams " + key)
                            .startsWith("${KAFKA_" + key.toUpperCase(java.util.Locale.ROOT).replaceAll("[.-]", "_") + ":");
                }
            }
            for (String prefix : List.of("KAFKA_")) {
                assertThat(value(manifests, container, prefix + "SECURITY_PROTOCOL")).as(service + " " + prefix)
                        .isEqualTo("SASL_SSL");
                assertThat(value(manifests, container, prefix + "SASL_MECHANISM")).isEqualTo("SCRAM-SHA-512");
                assertThat(value(manifests, container, prefix + "SSL_TRUSTSTORE_TYPE")).isEqualTo("PEM");
                EnvVarSource jaas = source(container, prefix + "SASL_JAAS_CONFIG");
                assertThat(jaas.getSecretKeyRef().getName()).as(service + " logs in as its own KafkaUser").isEqualTo(service);
                assertThat(jaas.getSecretKeyRef().getKey()).isEqualTo("sasl.jaas.config");
                assertMountedFromSecret(pod, container, value(manifests, container, prefix + "SSL_TRUSTSTORE_LOCATION"),
                        "portwatch-cluster-ca-cert");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shouldReachPostgresqlFromBothServicesWithVerifyFullAgainstTheClusterCa(Manifests manifests) {
        for (String service : Repo.SERVICES) {
            assertVerifyFull(manifests, service);
        }
    }

    private static void assertVerifyFull(Manifests manifests, String service) {
        Deployment deployment = manifests.one(Deployment.class, service);
        Container container = Repo.container(deployment);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(value(manifests, container, "DB_REACTIVE_URL")).contains("sslmode=verify-full");
        String jdbc = value(manifests, container, "DB_JDBC_URL");
        assertThat(jdbc).contains("sslmode=verify-full");
        String rootCert = jdbc.replaceFirst(".*[?&]sslrootcert=([^&]+).*", "$1");
        assertMountedFromSecret(pod, container, rootCert, "portwatch-db-ca");
        // The profile that turns the reactive client's CA trust and host name check on, and the keys it holds.
        assertThat(value(manifests, container, "QUARKUS_PROFILE").split(",")).contains("prod", "db-tls");
        assertThat(ServiceConfig.of(Repo.ROOT, service).profiles()).contains("db-tls");
        Properties properties = properties(Repo.ROOT.resolve(service + "/src/main/resources/application.properties"));
        assertThat(properties.getProperty("%db-tls.quarkus.datasource.reactive.trust-certificate-pem")).isEqualTo("true");
        assertThat(properties.getProperty("%db-tls.quarkus.datasource.reactive.hostname-verification-algorithm"))
                .isEqualTo("HTTPS");
        assertThat(properties.getProperty("%db-tls.quarkus.datasource.reactive.trust-certificate-pem.certs"))
                .isEqualTo("${DB_CA_CERT:/etc/portwatch/db-ca/ca.crt}");
        assertMountedFromSecret(pod, container, value(manifests, container, "DB_CA_CERT"), "portwatch-db-ca");
    }

    /** The file is ca.crt of the Secret, mounted alone (never the CA's key). */
    private static void assertMountedFromSecret(PodSpec pod, Container container, String file, String secret) {
        VolumeMount mount = container.getVolumeMounts().stream().filter(m -> file.startsWith(m.getMountPath() + "/"))
                .findFirst().orElseThrow(() -> new AssertionError(container.getName() + " mounts nothing at " + file));
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        assertThat(volume.getSecret()).as(file + " comes from a Secret").isNotNull();
        assertThat(volume.getSecret().getSecretName()).isEqualTo(secret);
        assertThat(volume.getSecret().getItems()).as(secret + ": only ca.crt is mounted").singleElement()
                .satisfies(item -> assertThat(item.getKey()).isEqualTo("ca.crt"));
        assertThat(file).endsWith("/" + volume.getSecret().getItems().get(0).getPath());
    }

    private static EnvVarSource source(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValueFrom)
                .findFirst().orElseThrow(() -> new AssertionError(container.getName() + " has no env " + name));
    }

    /** An environment variable's value, from the container's env (value or ConfigMap key) or its envFrom ConfigMaps. */
    private static String value(Manifests manifests, Container container, String name) {
        for (EnvVar env : container.getEnv()) {
            if (env.getName().equals(name)) {
                if (env.getValue() != null) {
                    return env.getValue();
                }
                if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
                    var ref = env.getValueFrom().getConfigMapKeyRef();
                    return manifests.one(ConfigMap.class, ref.getName()).getData().get(ref.getKey());
                }
            }
        }
        for (EnvFromSource from : container.getEnvFrom()) {
            String found = manifests.one(ConfigMap.class, from.getConfigMapRef().getName()).getData().get(name);
            if (found != null) {
                return found;
            }
        }
        throw new AssertionError(container.getName() + " has no value for " + name);
    }
}
