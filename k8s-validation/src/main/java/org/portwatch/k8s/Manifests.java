package org.portwatch.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * One rendered overlay as the fabric8 Kubernetes model sees it: built-in kinds and the Prometheus operator's
 * ServiceMonitor and PrometheusRule as typed objects; Strimzi's and CloudNativePG's resources, which have no model
 * on the classpath, as {@link GenericKubernetesResource}s whose fields the checks read explicitly.
 */
public final class Manifests {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final String overlay;
    private final List<HasMetadata> resources;

    private Manifests(String overlay, List<HasMetadata> resources) {
        this.overlay = overlay;
        this.resources = resources;
    }

    /** Renders {@code k8s/<overlay>} (e.g. {@code base}, {@code overlays/production}) and parses every resource. */
    public static Manifests render(Path k8sRoot, String overlay) {
        List<Map<String, Object>> rendered = Kustomize.render(k8sRoot.resolve(overlay));
        List<HasMetadata> parsed = rendered.stream().map(Manifests::parse).toList();
        return new Manifests(overlay, parsed);
    }

    /** Parses one resource; an unknown field of a built-in kind fails, as {@code kubectl apply} would refuse it. */
    static HasMetadata parse(Map<String, Object> resource) {
        HasMetadata parsed = SERIALIZATION.convertValue(resource, HasMetadata.class);
        if (parsed == null) {
            throw new IllegalArgumentException("not a Kubernetes resource: " + resource);
        }
        if (!(parsed instanceof GenericKubernetesResource)) {
            List<String> unknown = new java.util.ArrayList<>();
            unknownFields(parsed, parsed.getKind(), unknown);
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException(parsed.getKind() + "/" + parsed.getMetadata().getName()
                        + " has fields its kind does not know: " + unknown);
            }
        }
        return parsed;
    }

    /**
     * The model keeps a field it does not know in {@code additionalProperties} (of the object it appears in)
     * instead of failing: walk the typed tree and collect those, so a misspelt {@code readinesProbe} fails here
     * as it would fail {@code kubectl apply --validate=strict}.
     */
    private static void unknownFields(Object node, String path, List<String> unknown) {
        if (node == null) {
            return;
        }
        if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                unknownFields(list.get(i), path + "[" + i + "]", unknown);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, unknown));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.") || node instanceof GenericKubernetesResource) {
            return;
        }
        for (java.lang.reflect.Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> unknown.add(path + "." + k));
                }
            } else {
                unknownFields(value, path + "." + getter.getName().substring(3), unknown);
            }
        }
    }

    public String overlay() {
        return overlay;
    }

    public List<HasMetadata> all() {
        return resources;
    }

    public <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Custom resources of a kind without a Java model (Strimzi, CloudNativePG). */
    public List<GenericKubernetesResource> custom(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(r -> kind.equals(r.getKind())).toList();
    }

    public GenericKubernetesResource custom(String kind, String name) {
        return custom(kind).stream().filter(r -> name.equals(r.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new NoSuchElementException(overlay + " has no " + kind + "/" + name));
    }

    public <T extends HasMetadata> T one(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new NoSuchElementException(
                overlay + " has no " + type.getSimpleName() + "/" + name));
    }

    public <T extends HasMetadata> java.util.Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(r -> name.equals(r.getMetadata().getName())).findFirst();
    }

    @Override
    public String toString() {
        return overlay;
    }
}
