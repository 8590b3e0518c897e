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
        for (Deployment deployment : manifests.all(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
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
            assertThat(egress).as(name + " reaches PostgreSQL").anyMatch(r -> ports(r).equals(Set.of(5432))
                    && peers(r).stream().anyMatch(p -> cluster.equals(label(p, "cnpg.io/cluster"))));
            // Only alert-service calls out (webhooks, Web Push), and only over HTTPS.
            List<NetworkPolicyEgressRule> external = egress.stream()
                    .filter(r -> peers(r).stream().anyMatch(p -> p.getIpBlock() != null)).toList();
            if (name.equals("alert-service")) {
                assertThat(external).singleElement().satisfies(r -> assertThat(ports(r)).containsExactly(443));
            } else {
                assertThat(external).as(name + " calls nothing outside the cluster").isEmpty();
            }
            assertThat(egress).as(name + ": every egress rule names its ports").allSatisfy(r ->
                    assertThat(r.getPorts()).isNotEmpty());
        }
        // The Kafka listener admits exactly the two services (Strimzi makes its NetworkPolicy from these peers).
        GenericKubernetesResource kafka = manifests.custom("Kafka", "portwatch");
        List<Map<String, Object>> peers = (List<Map<String, Object>>) kafka.<List<Map<String, Object>>>get(
                "spec", "kafka", "listeners").get(0).get("networkPolicyPeers");
        List<Object> admitted = peers.stream().map(p -> ((Map<?, ?>) ((Map<?, ?>) p.get("podSelector"))
                .get("matchLabels")).get("app.kubernetes.io/name")).map(Object.class::cast).toList();
        assertThat(admitted).containsExactlyInAnyOrderElementsOf(List.copyOf(Repo.SERVICES));
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
