package org.portwatch.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each service's image (src/main/docker/Dockerfile.jvm) runs as its Deployment expects. */
class ImageTest {

    private static String instruction(String dockerfile, String name) {
        Matcher m = Pattern.compile("^" + name + "\\s+(.+)$", Pattern.MULTILINE).matcher(dockerfile);
        String last = null;
        while (m.find()) {
            last = m.group(1).strip();
        }
        assertThat(last).as(name + " in Dockerfile.jvm").isNotNull();
        return last;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "alert-service"})
    void shouldBuildAQuarkusFastJarImageThatRunsAsTheDeploymentExpects(String service) {
        Path file = Repo.ROOT.resolve(service).resolve("src/main/docker/Dockerfile.jvm");
        assertThat(file).exists();
        String dockerfile = Repo.read(file);
        assertThat(dockerfile).contains("COPY --chown=185 target/quarkus-app/lib/ /deployments/lib/")
                .contains("target/quarkus-app/quarkus-run.jar".replace("quarkus-run.jar", "*.jar"))
                .contains("JAVA_APP_JAR=\"/deployments/quarkus-run.jar\"")
                .contains("docker build -f " + service + "/src/main/docker/Dockerfile.jvm -t portwatch/" + service);
        for (String overlay : Repo.OVERLAYS) {
            Manifests manifests = Repo.manifests(overlay);
            Deployment deployment = manifests.one(Deployment.class, service);
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Container container = Repo.container(deployment);
            assertThat(pod.getSecurityContext().getRunAsUser()).as(overlay + " runAsUser is the image's USER")
                    .isEqualTo(Long.parseLong(instruction(dockerfile, "USER")));
            // EXPOSE <api> <management>: the container's ports, and the ports the service listens on.
            List<String> exposed = List.of(instruction(dockerfile, "EXPOSE").split("\\s+"));
            assertThat(container.getPorts()).extracting(p -> String.valueOf(p.getContainerPort()))
                    .as(overlay + " container ports are the image's EXPOSE")
                    .containsExactlyElementsOf(exposed);
            assertThat(WorkloadPolicyTest.envValue(manifests, container, "QUARKUS_HTTP_PORT")).isEqualTo(exposed.get(0));
            assertThat(WorkloadPolicyTest.envValue(manifests, container, "QUARKUS_MANAGEMENT_PORT"))
                    .isEqualTo(exposed.get(1));
            // A ConfigMap mounted with application.properties is read only at <working directory>/config.
            String workdir = instruction(dockerfile, "WORKDIR");
            List<String> propertiesMounts = container.getVolumeMounts().stream()
                    .filter(m -> {
                        var volume = WorkloadPolicyTest.volume(pod, m.getName());
                        return volume.getConfigMap() != null;
                    })
                    .map(m -> m.getMountPath()).toList();
            assertThat(propertiesMounts).as(overlay + " " + service + " properties mounts")
                    .allSatisfy(path -> assertThat(path).isEqualTo(workdir + "/config"));
        }
        assertThat(Files.exists(Repo.ROOT.resolve(service).resolve("src/main/resources/application.properties")))
                .isTrue();
    }
}
