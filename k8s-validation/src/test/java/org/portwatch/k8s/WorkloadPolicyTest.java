package org.portwatch.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The policies every workload of every overlay keeps (docs/operations.md). */
class WorkloadPolicyTest {

    /**
     * Secrets the manifests reference but never define (no credential is committed): who makes each, and the keys
     * it holds. docs/operations.md tells how to make the hand-made ones; the test checks it names every one.
     */
    static final Map<String, Set<String>> EXTERNAL_SECRETS = Map.of(
            // CloudNativePG makes <cluster>-app for the database owner.
            "portwatch-db-app", Set.of("username", "password", "uri", "jdbc-uri"),
            // By hand: the identity provider's public key.
            "portwatch-jwt-public-key", Set.of("public.pem"),
            // By hand: Web Push keys (issue 4).
            "alert-service-push", Set.of("vapid-public-key", "vapid-private-key"),
            // By hand: the key of the webhook signing secrets at rest (issue 10).
            "alert-service-webhooks", Set.of("secret-key"),
            // By hand: object store credentials of the database backups.
            "portwatch-db-backup", Set.of("ACCESS_KEY_ID", "ACCESS_SECRET_KEY"),
            // Strimzi's User Operator makes one per KafkaUser (SCRAM-SHA-512), named after the user.
            "ingest-service", Set.of("password", "sasl.jaas.config"),
            "alert-service", Set.of("password", "sasl.jaas.config"),
            "alert-service-detector", Set.of("password", "sasl.jaas.config"),
            // Strimzi makes <cluster>-cluster-ca-cert: the CA that signs the brokers' certificates.
            "portwatch-cluster-ca-cert", Set.of("ca.crt", "ca.p12", "ca.password"),
            // CloudNativePG makes <cluster>-ca: the CA that signs the database server's certificate.
            "portwatch-db-ca", Set.of("ca.crt", "ca.key"));

    /** Environment the image itself reads (run-java script, glibc), not the application. */
    static final Set<String> IMAGE_RUNTIME_ENV = Set.of("JAVA_OPTS_APPEND", "JAVA_OPTS", "JAVA_MAX_MEM_RATIO",
            "MALLOC_ARENA_MAX");

    static Stream<Manifests> overlays() {
        return Repo.overlays();
    }

    static ServiceConfig config(String service) {
        return ServiceConfig.of(Repo.ROOT, service);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shouldGiveEveryContainerHealthProbesLimitsAndARestrictedSecurityContext(Manifests manifests) {
        assertThat(manifests.all(Deployment.class)).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(Repo.SERVICES);
        assertThat(Repo.workloads(manifests)).extracting(Repo.Workload::name)
                .containsExactlyInAnyOrder("ingest-service", "alert-service", Repo.DETECTOR);
        for (Repo.Workload deployment : Repo.workloads(manifests)) {
            String name = deployment.name();
            PodSpec pod = deployment.template().getSpec();
            Container container = Repo.container(deployment);
            Set<String> portNames = Set.copyOf(container.getPorts().stream().map(ContainerPort::getName).toList());

            assertProbe(name, "startup", container.getStartupProbe(), "/q/health/started", portNames);
            assertProbe(name, "liveness", container.getLivenessProbe(), "/q/health/live", portNames);
            assertProbe(name, "readiness", container.getReadinessProbe(), "/q/health/ready", portNames);
            // The packaged service serves /q/* only on its management interface (application.properties), at the
            // container port the probes use; the API port serves none of it.
            for (Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe(),
                    container.getReadinessProbe())) {
                assertThat(probe.getHttpGet().getPort().getStrVal()).as(name + " probes the management port")
                        .isEqualTo(MANAGEMENT_PORT);
            }
            assertThat(containerPort(container, MANAGEMENT_PORT)).as(name + " management port")
                    .isEqualTo(Integer.parseInt(envValue(manifests, container, "QUARKUS_MANAGEMENT_PORT")));
            if (name.equals(Repo.DETECTOR)) {
                // The detector role serves no HTTP API (quarkus.http.host-enabled=false): no port for it.
                assertThat(container.getPorts()).extracting(ContainerPort::getName).as(name + " ports")
                        .containsExactly(MANAGEMENT_PORT);
            } else {
                assertThat(containerPort(container, "http"))
                        .isEqualTo(Integer.parseInt(envValue(manifests, container, "QUARKUS_HTTP_PORT")));
            }
            java.util.Properties properties = new java.util.Properties();
            try (var in = java.nio.file.Files.newBufferedReader(
                    Repo.ROOT.resolve(deployment.service() + "/src/main/resources/application.properties"))) {
                properties.load(in);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            assertThat(properties.getProperty("%prod.quarkus.management.enabled")).as(name + " management interface")
                    .isEqualTo("true");

            var resources = container.getResources();
            assertThat(resources.getRequests()).as(name + " requests").containsKeys("cpu", "memory");
            assertThat(resources.getLimits()).as(name + " limits").containsKeys("cpu", "memory");
            assertThat(resources.getLimits().get("memory").getNumericalAmount())
                    .as(name + " memory limit ≥ request")
                    .isGreaterThanOrEqualTo(resources.getRequests().get("memory").getNumericalAmount());

            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name + " pod runAsNonRoot").isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            SecurityContext security = container.getSecurityContext();
            assertThat(security.getRunAsNonRoot()).as(name + " runAsNonRoot").isTrue();
            assertThat(security.getAllowPrivilegeEscalation()).as(name + " allowPrivilegeEscalation").isFalse();
            assertThat(security.getReadOnlyRootFilesystem()).as(name + " readOnlyRootFilesystem").isTrue();
            assertThat(security.getCapabilities().getDrop()).as(name + " drops").containsExactly("ALL");
            assertThat(security.getCapabilities().getAdd()).as(name + " adds no capability").isNullOrEmpty();
            assertThat(security.getSeccompProfile().getType()).as(name + " seccomp").isEqualTo("RuntimeDefault");

            // A read-only root needs a writable /tmp (Vert.x' file cache, the JVM's temp files).
            VolumeMount tmp = container.getVolumeMounts().stream().filter(m -> "/tmp".equals(m.getMountPath()))
                    .findFirst().orElseThrow(() -> new AssertionError(name + " mounts nothing at /tmp"));
            assertThat(volume(pod, tmp.getName()).getEmptyDir()).as(name + " /tmp is an emptyDir").isNotNull();
        }
    }

    static final String MANAGEMENT_PORT = "management";

    private static int containerPort(Container container, String name) {
        return container.getPorts().stream().filter(p -> name.equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no port " + name)).getContainerPort();
    }

    private static void assertProbe(String name, String kind, Probe probe, String path, Set<String> portNames) {
        assertThat(probe).as(name + " " + kind + " probe").isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get.getPath()).as(name + " " + kind + " probe path").isEqualTo(path);
        assertThat(portNames).as(name + " " + kind + " probe port").contains(get.getPort().getStrVal());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shouldMatchSelectorsToPodLabelsAndServicePortsToContainerPorts(Manifests manifests) {
        for (Repo.Workload deployment : Repo.workloads(manifests)) {
            Map<String, String> podLabels = deployment.template().getMetadata().getLabels();
            assertThat(podLabels).as(deployment.name() + " selector")
                    .containsAllEntriesOf(deployment.selector());
        }
        for (Service service : manifests.all(Service.class)) {
            String name = service.getMetadata().getName();
            List<Repo.Workload> selected = selectedBy(manifests, service.getSpec().getSelector());
            assertThat(selected).as("workloads behind Service " + name).hasSize(1);
            Container container = Repo.container(selected.get(0));
            for (ServicePort port : service.getSpec().getPorts()) {
                assertThat(container.getPorts()).as("Service %s targetPort %s", name, port.getTargetPort())
                        .anyMatch(p -> port.getTargetPort().getStrVal() != null
                                ? port.getTargetPort().getStrVal().equals(p.getName())
                                : port.getTargetPort().getIntVal().equals(p.getContainerPort()));
            }
        }
        assertThat(manifests.all(ServiceMonitor.class)).extracting(m -> m.getMetadata().getName())
                .containsExactlyInAnyOrder("ingest-service", "alert-service", Repo.DETECTOR);
        for (ServiceMonitor monitor : manifests.all(ServiceMonitor.class)) {
            List<Service> services = manifests.all(Service.class).stream()
                    .filter(s -> s.getMetadata().getLabels().entrySet()
                            .containsAll(monitor.getSpec().getSelector().getMatchLabels().entrySet()))
                    .toList();
            assertThat(services).as("Services of ServiceMonitor " + monitor.getMetadata().getName()).hasSize(1);
            for (Endpoint endpoint : monitor.getSpec().getEndpoints()) {
                assertThat(endpoint.getPath()).isEqualTo("/q/metrics");
                assertThat(endpoint.getPort()).as("metrics come from the management port").isEqualTo(MANAGEMENT_PORT);
                assertThat(services.get(0).getSpec().getPorts()).extracting(ServicePort::getName)
                        .contains(endpoint.getPort());
            }
        }
        for (HorizontalPodAutoscaler hpa : manifests.all(HorizontalPodAutoscaler.class)) {
            var target = hpa.getSpec().getScaleTargetRef();
            assertThat(target.getKind()).isEqualTo("Deployment");
            assertThat(manifests.find(Deployment.class, target.getName())).as("HPA target " + target.getName())
                    .isPresent();
            assertThat(hpa.getSpec().getMinReplicas()).isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
        }
        assertThat(manifests.all(HorizontalPodAutoscaler.class)).hasSize(2);
        assertThat(manifests.all(PodDisruptionBudget.class)).hasSize(3);
        for (PodDisruptionBudget pdb : manifests.all(PodDisruptionBudget.class)) {
            assertThat(selectedBy(manifests, pdb.getSpec().getSelector().getMatchLabels()))
                    .as("pods of PDB " + pdb.getMetadata().getName()).hasSize(1);
        }
    }

    /**
     * Each service has a PodDisruptionBudget that lets a drain proceed (at least one pod may go) and, where the
     * overlay runs more than one replica, keeps at least one serving: a node drain never takes ingest or
     * detection away entirely. Sized on the fewest replicas the HPA may run.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shouldGiveEachServiceADisruptionBudgetThatDrainsOnePodAtATimeAndKeepsOneServing(Manifests manifests) {
        for (String service : Repo.SERVICES) {
            PodDisruptionBudget pdb = manifests.one(PodDisruptionBudget.class, service);
            Deployment deployment = manifests.one(Deployment.class, service);
            assertThat(selectedBy(manifests, pdb.getSpec().getSelector().getMatchLabels()))
                    .extracting(Repo.Workload::name).as("PDB " + service + " selects its Deployment")
                    .containsExactly(service);
            int fewest = Math.min(deployment.getSpec().getReplicas(),
                    manifests.one(HorizontalPodAutoscaler.class, service).getSpec().getMinReplicas());
            var spec = pdb.getSpec();
            assertThat(spec.getMinAvailable() == null || spec.getMaxUnavailable() == null)
                    .as(service + " PDB sets one of minAvailable and maxUnavailable").isTrue();
            int mayGo = spec.getMaxUnavailable() != null ? spec.getMaxUnavailable().getIntVal()
                    : fewest - spec.getMinAvailable().getIntVal();
            assertThat(mayGo).as(service + " pods a drain may take at once").isGreaterThanOrEqualTo(1);
            if (fewest > 1) {
                assertThat(fewest - mayGo).as(service + " pods kept serving during a drain").isGreaterThanOrEqualTo(1);
            }
        }
    }

    /**
     * Liveness restarts a container; a restart cannot bring back a broker or a database, and a restarted
     * alert-service would only restore its state again. So liveness asks about the process itself
     * (/q/health/live, which checks no dependency), and gives it 30 s before a restart.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shouldNeverRestartAPodBecauseADependencyIsDown(Manifests manifests) {
        for (Repo.Workload deployment : Repo.workloads(manifests)) {
            Container container = Repo.container(deployment);
            Probe liveness = container.getLivenessProbe();
            String name = deployment.name();
            assertThat(liveness.getHttpGet().getPath()).as(name + " liveness").isEqualTo("/q/health/live");
            int period = liveness.getPeriodSeconds() == null ? 10 : liveness.getPeriodSeconds();
            int failures = liveness.getFailureThreshold() == null ? 3 : liveness.getFailureThreshold();
            assertThat(period * failures).as(name + " seconds of failed liveness before a restart")
                    .isGreaterThanOrEqualTo(30);
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).as(name + " readiness")
                    .isNotEqualTo(liveness.getHttpGet().getPath());
        }
    }

    static List<Repo.Workload> selectedBy(Manifests manifests, Map<String, String> selector) {
        return Repo.workloads(manifests).stream()
                .filter(w -> w.template().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shouldResolveEveryConfigMapAndSecretReference(Manifests manifests) {
        String operationsDoc = Repo.read(Repo.ROOT.resolve("docs/operations.md"));
        assertThat(manifests.all(io.fabric8.kubernetes.api.model.Secret.class)).as("no Secret is committed").isEmpty();
        for (ConfigMap map : manifests.all(ConfigMap.class)) {
            assertThat(map.getData().keySet()).as("credentials in ConfigMap " + map.getMetadata().getName())
                    .noneMatch(key -> key.matches("(?i).*(password|secret|private|token).*"));
        }
        for (Repo.Workload deployment : Repo.workloads(manifests)) {
            String name = deployment.name();
            PodSpec pod = deployment.template().getSpec();
            Container container = Repo.container(deployment);
            for (EnvFromSource from : container.getEnvFrom()) {
                assertThat(from.getSecretRef()).as(name + ": credentials come one by one, never a whole Secret")
                        .isNull();
                assertThat(manifests.find(ConfigMap.class, from.getConfigMapRef().getName()))
                        .as(name + " envFrom ConfigMap " + from.getConfigMapRef().getName()).isPresent();
            }
            for (EnvVar env : container.getEnv()) {
                var source = env.getValueFrom();
                assertThat(source).as(name + " env " + env.getName() + ": settings belong in the ConfigMap")
                        .isNotNull();
                if (source.getSecretKeyRef() != null) {
                    assertExternalSecret(operationsDoc, source.getSecretKeyRef().getName(),
                            source.getSecretKeyRef().getKey());
                } else if (source.getConfigMapKeyRef() != null) {
                    ConfigMap map = manifests.one(ConfigMap.class, source.getConfigMapKeyRef().getName());
                    assertThat(map.getData()).containsKey(source.getConfigMapKeyRef().getKey());
                }
            }
            for (Volume volume : pod.getVolumes()) {
                if (volume.getConfigMap() != null) {
                    assertThat(manifests.find(ConfigMap.class, volume.getConfigMap().getName()))
                            .as(name + " volume ConfigMap " + volume.getConfigMap().getName()).isPresent();
                }
                if (volume.getSecret() != null) {
                    assertExternalSecret(operationsDoc, volume.getSecret().getSecretName(), null);
                }
            }
            for (VolumeMount mount : container.getVolumeMounts()) {
                assertThat(volume(pod, mount.getName()) != null || deployment.claims().contains(mount.getName()))
                        .as(name + " mount " + mount.getName() + ": a volume or a claim template").isTrue();
            }
            // The JWT keys: the identity provider's JWKS over HTTPS (cached, rotation without a restart), or a PEM
            // file, which must then be the key of a mounted Secret.
            String keyLocation = envValue(manifests, container, "JWT_PUBLIC_KEY_LOCATION");
            if (keyLocation.startsWith("https://")) {
                assertThat(keyLocation).as(name + ": the JWKS of the issuer it trusts")
                        .startsWith(envValue(manifests, container, "JWT_ISSUER") + "/");
                continue;
            }
            VolumeMount keyMount = container.getVolumeMounts().stream()
                    .filter(m -> keyLocation.startsWith(m.getMountPath() + "/")).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " mounts nothing at " + keyLocation));
            String secret = volume(pod, keyMount.getName()).getSecret().getSecretName();
            assertThat(EXTERNAL_SECRETS.get(secret))
                    .contains(keyLocation.substring(keyMount.getMountPath().length() + 1));
        }
    }

    private static void assertExternalSecret(String operationsDoc, String secret, String key) {
        assertThat(EXTERNAL_SECRETS).as("known Secret " + secret).containsKey(secret);
        if (key != null) {
            assertThat(EXTERNAL_SECRETS.get(secret)).as("keys of Secret " + secret).contains(key);
        }
        assertThat(operationsDoc).as("docs/operations.md tells where Secret " + secret + " comes from")
                .contains("`" + secret + "`");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shouldMapEveryEnvironmentVariableToAConfigurationKeyOfItsService(Manifests manifests) {
        for (Repo.Workload deployment : Repo.workloads(manifests)) {
            String service = deployment.service();
            ServiceConfig config = config(service);
            Set<String> mounted = mountedPlaceholders(manifests, deployment.template().getSpec());
            List<String> unknown = new ArrayList<>();
            for (String env : envNames(manifests, Repo.container(deployment))) {
                if (!config.readsEnv(env) && !IMAGE_RUNTIME_ENV.contains(env) && !mounted.contains(env)) {
                    unknown.add(env);
                }
            }
            assertThat(unknown).as("%s: environment variables that no configuration key of the service reads",
                    service).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shouldOnlySetKeysTheServiceReadsInMountedPropertiesFiles(Manifests manifests) {
        for (Repo.Workload deployment : Repo.workloads(manifests)) {
            String service = deployment.service();
            PodSpec pod = deployment.template().getSpec();
            for (Volume volume : pod.getVolumes()) {
                if (volume.getConfigMap() == null) {
                    continue;
                }
                ConfigMap map = manifests.one(ConfigMap.class, volume.getConfigMap().getName());
                String properties = map.getData().get("application.properties");
                assertThat(properties).as(map.getMetadata().getName() + " holds application.properties").isNotNull();
                for (String key : load(properties).stringPropertyNames()) {
                    assertThat(config(service).readsKey(key)).as("%s reads %s from %s", service, key,
                            map.getMetadata().getName()).isTrue();
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shouldKeepTheImagesLogManagerWhenReplacingItsJvmOptions(Manifests manifests) {
        // The ConfigMap's JAVA_OPTS_APPEND replaces the image's, which sets JBoss LogManager for Quarkus logging.
        for (Repo.Workload deployment : Repo.workloads(manifests)) {
            assertThat(envValue(manifests, Repo.container(deployment), "JAVA_OPTS_APPEND"))
                    .contains("-Djava.util.logging.manager=org.jboss.logmanager.LogManager")
                    .contains("-Xmx");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shouldMountNoServiceAccountTokenAndRunEachServiceUnderItsOwnAccount(Manifests manifests) {
        for (Repo.Workload deployment : Repo.workloads(manifests)) {
            PodSpec pod = deployment.template().getSpec();
            String name = deployment.name();
            assertThat(pod.getServiceAccountName()).isEqualTo(deployment.service());
            assertThat(pod.getAutomountServiceAccountToken()).as(name + " pod mounts no token").isFalse();
            ServiceAccount account = manifests.one(ServiceAccount.class, deployment.service());
            assertThat(account.getAutomountServiceAccountToken()).as(name + " account mounts no token").isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shouldReferenceEachImageByTheServiceName(Manifests manifests) {
        for (Repo.Workload deployment : Repo.workloads(manifests)) {
            String name = deployment.name();
            String image = Repo.container(deployment).getImage();
            assertThat(image).as(name + " image").matches("(.+/)?portwatch/" + deployment.service() + ":[\\w.-]+");
            if (manifests.overlay().equals("overlays/production")) {
                assertThat(image).as("production pulls from the hospital's registry").doesNotStartWith("portwatch/");
            }
        }
    }

    static Set<String> envNames(Manifests manifests, Container container) {
        Set<String> names = new java.util.TreeSet<>();
        container.getEnv().forEach(e -> names.add(e.getName()));
        for (EnvFromSource from : container.getEnvFrom()) {
            names.addAll(manifests.one(ConfigMap.class, from.getConfigMapRef().getName()).getData().keySet());
        }
        return names;
    }

    static String envValue(Manifests manifests, Container container, String name) {
        for (EnvVar env : container.getEnv()) {
            if (env.getName().equals(name) && env.getValue() != null) {
                return env.getValue();
            }
        }
        for (EnvFromSource from : container.getEnvFrom()) {
            String value = manifests.one(ConfigMap.class, from.getConfigMapRef().getName()).getData().get(name);
            if (value != null) {
                return value;
            }
        }
        throw new AssertionError(container.getName() + " has no value for " + name);
    }

    /** {@code ${NAME}} placeholders of the properties files mounted from ConfigMaps into a pod: read by the service. */
    static Set<String> mountedPlaceholders(Manifests manifests, PodSpec pod) {
        Set<String> names = new java.util.TreeSet<>();
        for (Volume volume : pod.getVolumes()) {
            if (volume.getConfigMap() != null) {
                for (String text : manifests.one(ConfigMap.class, volume.getConfigMap().getName()).getData().values()) {
                    java.util.regex.Matcher placeholder = java.util.regex.Pattern.compile("\\$\\{([A-Z0-9_]+)[:}]")
                            .matcher(text);
                    while (placeholder.find()) {
                        names.add(placeholder.group(1));
                    }
                }
            }
        }
        return names;
    }

    static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElse(null);
    }

    static Properties load(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
