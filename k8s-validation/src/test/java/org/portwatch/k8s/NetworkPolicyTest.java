package org.portwatch.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Default deny, and each service allowed only what it needs. */
class NetworkPolicyTest {

    static Stream<Manifests> overlays() {
        return Repo.overlays();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shouldDenyEveryIncomingConnectionInTheNamespaceByDefault(Manifests manifests) {
        NetworkPolicy deny = manifests.one(NetworkPolicy.class, "default-deny");
        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(deny.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).contains("Ingress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shouldAllowEachServiceOnlyItsOwnPortInAndDnsKafkaAndPostgresOut(Manifests manifests) {
        int kafkaPort = (Integer) manifests.custom("Kafka", "portwatch").<List<Map<String, Object>>>get(
                "spec", "kafka", "listeners").get(0).get("port");
        String cluster = manifests.custom("Cluster").get(0).getMetadata().getName();
        for (Repo.Workload deployment : Repo.workloads(manifests)) {
            String name = deployment.name();
            Map<String, String> podLabels = deployment.template().getMetadata().getLabels();
            List<NetworkPolicy> policies = manifests.all(NetworkPolicy.class).stream()
                    .filter(p -> !p.getMetadata().getName().equals("default-deny"))
                    .filter(p -> p.getSpec().getPodSelector().getMatchLabels() != null && podLabels.entrySet()
                            .containsAll(p.getSpec().getPodSelector().getMatchLabels().entrySet()))
                    .toList();
            assertThat(policies).as("policies of " + name).hasSize(1);
            NetworkPolicy policy = policies.get(0);
            assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");

            Set<Integer> containerPorts = Set.copyOf(Repo.container(deployment).getPorts().stream()
                    .map(ContainerPort::getContainerPort).toList());
            assertThat(policy.getSpec().getIngress()).allSatisfy(rule -> {
                assertThat(rule.getFrom()).as(name + ": every ingress rule names its peers").isNotEmpty();
                assertThat(rule.getPorts()).extracting(p -> p.getPort().getIntVal())
                        .as(name + ": ingress only to its own ports").isSubsetOf(containerPorts);
            });

            List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
            assertThat(egress).as(name + " reaches DNS").anyMatch(r -> ports(r).equals(Set.of(53)));
            assertThat(egress).as(name + " reaches the Kafka listener").anyMatch(r -> ports(r).equals(Set.of(kafkaPort))
                    && peers(r).stream().anyMatch(p -> "portwatch".equals(label(p, "strimzi.io/cluster"))));
            if (name.equals(Repo.DETECTOR)) {
                // The detector role: Kafka only. No database, nothing outside the cluster, no API port to admit.
                assertThat(egress).extracting(NetworkPolicyTest::ports).as(name + " reaches DNS and Kafka only")
                        .containsExactlyInAnyOrder(Set.of(53), Set.of(kafkaPort));
                assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
                    assertThat(rule.getFrom()).extracting(p -> p.getNamespaceSelector().getMatchLabels()
                            .get("kubernetes.io/metadata.name")).containsExactly("monitoring");
                    assertThat(rule.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactlyElementsOf(
                            containerPorts);
                });
                continue;
            }
            assertThat(egress).as(name + " reaches PostgreSQL").anyMatch(r -> ports(r).equals(Set.of(5432))
                    && peers(r).stream().anyMatch(p -> cluster.equals(label(p, "cnpg.io/cluster"))));
            // Out of the cluster only over HTTPS: the identity provider's key set (both), webhooks and Web Push
            // (alert-service).
            List<NetworkPolicyEgressRule> external = egress.stream()
                    .filter(r -> peers(r).stream().anyMatch(p -> p.getIpBlock() != null)).toList();
            assertThat(external).as(name + " calls out only over HTTPS").singleElement()
                    .satisfies(r -> assertThat(ports(r)).containsExactly(443));
            // The API port from the ingress controller only, the management port (/q/health, /q/metrics,
            // /q/openapi) from Prometheus only.
            var container = Repo.container(deployment);
            int api = container.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst().orElseThrow()
                    .getContainerPort();
            int management = container.getPorts().stream().filter(p -> "management".equals(p.getName())).findFirst()
                    .orElseThrow().getContainerPort();
            assertThat(policy.getSpec().getIngress()).allSatisfy(rule -> {
                Set<String> namespaces = Set.copyOf(rule.getFrom().stream().map(p -> p.getNamespaceSelector()
                        .getMatchLabels().get("kubernetes.io/metadata.name")).toList());
                Set<Integer> ports = Set.copyOf(rule.getPorts().stream().map(p -> p.getPort().getIntVal()).toList());
                if (namespaces.contains("ingress-nginx")) {
                    assertThat(namespaces).as(name + ": only the ingress controller reaches the API").hasSize(1);
                    assertThat(ports).as(name + ": the ingress controller reaches the API port only").containsExactly(api);
                } else {
                    assertThat(namespaces).as(name + ": who else gets in").containsExactly("monitoring");
                    assertThat(ports).as(name + ": Prometheus reaches the management port only").containsExactly(management);
                }
            });
            assertThat(egress).as(name + ": every egress rule names its ports").allSatisfy(r ->
                    assertThat(r.getPorts()).isNotEmpty());
        }
        // The Kafka listener admits exactly the two services, alert-service in both roles (Strimzi makes its
        // NetworkPolicy from these peers).
        GenericKubernetesResource kafka = manifests.custom("Kafka", "portwatch");
        List<Map<String, Object>> peers = (List<Map<String, Object>>) kafka.<List<Map<String, Object>>>get(
                "spec", "kafka", "listeners").get(0).get("networkPolicyPeers");
        List<Object> admitted = peers.stream().map(p -> ((Map<?, ?>) ((Map<?, ?>) p.get("podSelector"))
                .get("matchLabels")).get("app.kubernetes.io/name")).map(Object.class::cast).toList();
        assertThat(admitted).containsExactlyInAnyOrder("ingest-service", "alert-service", Repo.DETECTOR);
    }

    private static Set<Integer> ports(NetworkPolicyEgressRule rule) {
        return Set.copyOf(rule.getPorts().stream().map(NetworkPolicyPort::getPort).map(p -> p.getIntVal()).toList());
    }

    private static List<NetworkPolicyPeer> peers(NetworkPolicyEgressRule rule) {
        return rule.getTo() == null ? List.of() : rule.getTo();
    }

    private static String label(NetworkPolicyPeer peer, String key) {
        return peer.getPodSelector() == null || peer.getPodSelector().getMatchLabels() == null ? null
                : peer.getPodSelector().getMatchLabels().get(key);
    }
}
