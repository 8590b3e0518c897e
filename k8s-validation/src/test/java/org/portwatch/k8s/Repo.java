package org.portwatch.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The repository under test and its rendered overlays (rendered once per test JVM). */
final class Repo {

    static final Path ROOT = Path.of(System.getProperty("portwatch.root", "..")).toAbsolutePath().normalize();
    static final Path K8S = ROOT.resolve("k8s");
    static final List<String> OVERLAYS = List.of("base", "overlays/local", "overlays/production");
    /** The overlays that carry patients: the durability policies hold there; local may relax them. */
    static final List<String> DURABLE = List.of("base", "overlays/production");
    static final List<String> SERVICES = List.of("ingest-service", "alert-service");
    /** alert-service's detector role: a StatefulSet of the alert-service image (docs/operations.md, "Two roles"). */
    static final String DETECTOR = "alert-service-detector";

    /**
     * A Deployment or a StatefulSet: what runs pods. {@code service} is the service whose image and configuration it
     * runs (its container's name): alert-service for both of alert-service's roles.
     */
    record Workload(HasMetadata resource, String name, PodTemplateSpec template, Map<String, String> selector,
            Integer replicas) {

        String service() {
            return container(this).getName();
        }

        /** The names of a StatefulSet's volume claim templates (a persistent volume per pod); none for a Deployment. */
        List<String> claims() {
            return resource instanceof StatefulSet set && set.getSpec().getVolumeClaimTemplates() != null
                    ? set.getSpec().getVolumeClaimTemplates().stream().map(c -> c.getMetadata().getName()).toList()
                    : List.of();
        }

        @Override
        public String toString() {
            return resource.getKind() + " " + name;
        }
    }

    static List<Workload> workloads(Manifests manifests) {
        return Stream.concat(
                manifests.all(Deployment.class).stream().map(d -> new Workload(d, d.getMetadata().getName(),
                        d.getSpec().getTemplate(), d.getSpec().getSelector().getMatchLabels(), d.getSpec().getReplicas())),
                manifests.all(StatefulSet.class).stream().map(s -> new Workload(s, s.getMetadata().getName(),
                        s.getSpec().getTemplate(), s.getSpec().getSelector().getMatchLabels(), s.getSpec().getReplicas())))
                .toList();
    }

    static Container container(Workload workload) {
        List<Container> containers = workload.template().getSpec().getContainers();
        if (containers.size() != 1) {
            throw new AssertionError(workload.name() + " should run exactly one container");
        }
        return containers.get(0);
    }

    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

    private Repo() {
    }

    static Manifests manifests(String overlay) {
        return RENDERED.computeIfAbsent(overlay, o -> Manifests.render(K8S, o));
    }

    static Stream<Manifests> overlays() {
        return OVERLAYS.stream().map(Repo::manifests);
    }

    static Stream<Manifests> durableOverlays() {
        return DURABLE.stream().map(Repo::manifests);
    }

    static Container container(Deployment deployment) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        if (containers.size() != 1) {
            throw new AssertionError(deployment.getMetadata().getName() + " should run exactly one container");
        }
        return containers.get(0);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
