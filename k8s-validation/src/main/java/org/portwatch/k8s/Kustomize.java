package org.portwatch.k8s;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Renders a Kustomize directory the way {@code kubectl kustomize} does, for the features k8s/ uses and no more:
 * {@code resources} (files and directories), {@code namespace}, {@code patches} given by {@code path} (strategic
 * merge patches: maps merge, {@code null} removes a field, lists of named items in built-in kinds merge by name,
 * {@code $patch: delete} removes the resource), {@code configMapGenerator} with {@code files} and
 * {@code options.labels}/{@code disableNameSuffixHash}, and {@code images}. Any other field fails the render, so
 * an overlay can never use a feature that the checks silently ignore. No kustomize binary exists on the build
 * machines; where {@code kubectl} is installed, a test compares this renderer with it.
 */
public final class Kustomize {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "namespace", "resources", "patches",
            "configMapGenerator", "images");
    /** Kinds whose lists of named items (containers, env, volumes) merge by name, as their schemas say. */
    private static final Set<String> BUILT_IN_API_GROUPS = Set.of("v1", "apps/v1", "batch/v1", "autoscaling/v2",
            "policy/v1", "networking.k8s.io/v1");
    /** Resources that live outside any namespace: the namespace transformer leaves them alone. */
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "StorageClass", "PersistentVolume");

    private Kustomize() {
    }

    /** Every resource of the kustomization in {@code dir}, as plain maps in the order kustomize emits them. */
    public static List<Map<String, Object>> render(Path dir) {
        Map<String, Object> kustomization = readOne(dir.resolve("kustomization.yaml"));
        for (String key : kustomization.keySet()) {
            if (!SUPPORTED.contains(key)) {
                throw new IllegalArgumentException(dir + "/kustomization.yaml uses '" + key
                        + "', which this renderer does not implement");
            }
        }
        List<Map<String, Object>> resources = new ArrayList<>();
        for (Object entry : list(kustomization.get("resources"))) {
            Path path = dir.resolve((String) entry).normalize();
            if (Files.isDirectory(path)) {
                resources.addAll(render(path));
            } else {
                resources.addAll(readAll(path));
            }
        }
        for (Object generator : list(kustomization.get("configMapGenerator"))) {
            resources.add(configMap(dir, map(generator)));
        }
        for (Object patch : list(kustomization.get("patches"))) {
            Map<String, Object> spec = map(patch);
            if (!spec.keySet().equals(Set.of("path"))) {
                throw new IllegalArgumentException("only patches given by 'path' are implemented: " + spec);
            }
            for (Map<String, Object> document : readAll(dir.resolve((String) spec.get("path")))) {
                applyPatch(resources, document);
            }
        }
        String namespace = (String) kustomization.get("namespace");
        if (namespace != null) {
            for (Map<String, Object> resource : resources) {
                if (!CLUSTER_SCOPED.contains(resource.get("kind"))) {
                    metadata(resource).put("namespace", namespace);
                }
            }
        }
        for (Object image : list(kustomization.get("images"))) {
            setImage(resources, map(image));
        }
        return resources;
    }

    private static Map<String, Object> configMap(Path dir, Map<String, Object> generator) {
        Map<String, Object> options = map(generator.getOrDefault("options", Map.of()));
        if (!Boolean.TRUE.equals(options.get("disableNameSuffixHash"))) {
            throw new IllegalArgumentException("configMapGenerator without disableNameSuffixHash is not implemented");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        for (Object file : list(generator.get("files"))) {
            Path path = dir.resolve((String) file);
            try {
                data.put(path.getFileName().toString(), Files.readString(path));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", generator.get("name"));
        if (options.containsKey("labels")) {
            metadata.put("labels", new LinkedHashMap<>(map(options.get("labels"))));
        }
        Map<String, Object> configMap = new LinkedHashMap<>();
        configMap.put("apiVersion", "v1");
        configMap.put("kind", "ConfigMap");
        configMap.put("metadata", metadata);
        configMap.put("data", data);
        return configMap;
    }

    private static void applyPatch(List<Map<String, Object>> resources, Map<String, Object> patch) {
        String kind = (String) patch.get("kind");
        String name = (String) metadata(patch).get("name");
        Map<String, Object> target = resources.stream()
                .filter(r -> kind.equals(r.get("kind")) && name.equals(metadata(r).get("name")))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("patch targets no resource: " + kind + "/" + name));
        if ("delete".equals(patch.get("$patch"))) {
            resources.remove(target);
            return;
        }
        boolean builtIn = BUILT_IN_API_GROUPS.contains(target.get("apiVersion"));
        merge(target, patch, builtIn);
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> target, Map<String, Object> patch, boolean mergeNamedLists) {
        for (Map.Entry<String, Object> entry : patch.entrySet()) {
            Object value = entry.getValue();
            Object current = target.get(entry.getKey());
            if (value == null) {
                target.remove(entry.getKey());
            } else if (value instanceof Map<?, ?> patchMap && current instanceof Map<?, ?> currentMap) {
                merge((Map<String, Object>) currentMap, (Map<String, Object>) patchMap, mergeNamedLists);
            } else if (mergeNamedLists && value instanceof List<?> patchList && current instanceof List<?> currentList
                    && isNamedList(patchList) && isNamedList(currentList)) {
                // As kubectl kustomize orders them: items new to the list first (in the patch's order), then the
                // list's own items, merged with their patch where it names them.
                List<Object> merged = new ArrayList<>(currentList);
                List<Object> added = new ArrayList<>();
                for (Object item : patchList) {
                    Map<String, Object> patchItem = (Map<String, Object>) item;
                    Map<String, Object> existing = merged.stream().map(i -> (Map<String, Object>) i)
                            .filter(i -> Objects.equals(i.get("name"), patchItem.get("name")))
                            .findFirst().orElse(null);
                    if (existing == null) {
                        added.add(deepCopy(patchItem));
                    } else {
                        merge(existing, patchItem, true);
                    }
                }
                added.addAll(merged);
                target.put(entry.getKey(), added);
            } else {
                target.put(entry.getKey(), deepCopy(value));
            }
        }
    }

    private static boolean isNamedList(List<?> list) {
        return !list.isEmpty() && list.stream().allMatch(i -> i instanceof Map<?, ?> m && m.get("name") != null);
    }

    @SuppressWarnings("unchecked")
    private static void setImage(List<Map<String, Object>> resources, Map<String, Object> image) {
        String name = (String) image.get("name");
        for (Map<String, Object> resource : resources) {
            Map<String, Object> spec = map(resource.get("spec"));
            Map<String, Object> template = spec == null ? null : map(spec.get("template"));
            Map<String, Object> podSpec = template == null ? null : map(template.get("spec"));
            if (podSpec == null) {
                continue;
            }
            for (String key : List.of("initContainers", "containers")) {
                for (Object c : list(podSpec.get(key))) {
                    Map<String, Object> container = (Map<String, Object>) c;
                    String current = (String) container.get("image");
                    int colon = current.lastIndexOf(':');
                    String repository = colon > current.lastIndexOf('/') ? current.substring(0, colon) : current;
                    String tag = colon > current.lastIndexOf('/') ? current.substring(colon + 1) : null;
                    if (repository.equals(name)) {
                        String newName = (String) image.getOrDefault("newName", repository);
                        String newTag = (String) image.getOrDefault("newTag", tag);
                        container.put("image", newTag == null ? newName : newName + ":" + newTag);
                    }
                }
            }
        }
    }

    /** Every YAML document of a file, as maps; empty documents are skipped. */
    public static List<Map<String, Object>> readAll(Path file) {
        try (var parser = new YAMLFactory().createParser(file.toFile())) {
            List<Map<String, Object>> documents = new ArrayList<>();
            var iterator = YAML.readValues(parser, Map.class);
            while (iterator.hasNext()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> document = (Map<String, Object>) iterator.next();
                if (document != null && !document.isEmpty()) {
                    documents.add(deepCopy(document));
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Map<String, Object> readOne(Path file) {
        List<Map<String, Object>> documents = readAll(file);
        if (documents.size() != 1) {
            throw new IllegalArgumentException(file + " must hold exactly one document");
        }
        return documents.get(0);
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepCopy(T value) {
        try {
            return (T) JSON.readValue(JSON.writeValueAsBytes(value), value.getClass());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> metadata(Map<String, Object> resource) {
        return (Map<String, Object>) resource.computeIfAbsent("metadata", k -> new LinkedHashMap<>());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static List<?> list(Object value) {
        return value == null ? List.of() : (List<?>) value;
    }
}
