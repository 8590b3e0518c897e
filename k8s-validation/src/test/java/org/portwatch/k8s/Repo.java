package org.portwatch.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
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
