package org.portwatch.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The overlay renderer the checks rely on renders what kustomize would. */
class KustomizeTest {

    /** kubectl on the PATH, or the one ./test.sh fetched into .tools/bin. */
    private static Path kubectl() {
        return Stream.concat(Stream.of(System.getenv("PATH").split(File.pathSeparator)).map(Path::of),
                        Stream.of(Repo.ROOT.resolve(".tools/bin")))
                .map(dir -> dir.resolve("kubectl")).filter(Files::isExecutable).findFirst().orElse(null);
    }

    @Test
    void shouldRenderEveryOverlayLikeKubectlKustomizeWhereKubectlIsInstalled() throws Exception {
        Path kubectl = kubectl();
        // The only comparison with real kustomize: without kubectl the build fails rather than skip it quietly.
        // ./test.sh provides kubectl; -Dportwatch.kustomize.compare=skip opts out knowingly (the other tests of
        // this class still pin the renderer's behaviour).
        boolean optedOut = "skip".equals(System.getProperty("portwatch.kustomize.compare"));
        if (kubectl == null) {
            System.err.println("KustomizeTest: NO kubectl on the PATH or in .tools/bin: the overlay renderer is NOT"
                    + " compared with kustomize" + (optedOut ? " (skipped by -Dportwatch.kustomize.compare=skip)" : ""));
        }
        assumeTrue(kubectl != null || !optedOut, "kubectl comparison skipped by -Dportwatch.kustomize.compare=skip");
        assertThat(kubectl).as("kubectl for `kubectl kustomize`: run ./test.sh (it fetches one into .tools/bin),"
                + " install kubectl, or pass -Dportwatch.kustomize.compare=skip").isNotNull();
        for (String overlay : Repo.OVERLAYS) {
            Process process = new ProcessBuilder(kubectl.toString(), "kustomize", Repo.K8S.resolve(overlay).toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("kubectl kustomize " + overlay).isZero();
            Map<String, Object> expected = byId(readAll(output));
            Map<String, Object> actual = byId(Kustomize.render(Repo.K8S.resolve(overlay)));
            assertThat(actual.keySet()).as(overlay).containsExactlyInAnyOrderElementsOf(expected.keySet());
            expected.forEach((id, resource) -> assertThat(actual.get(id)).as(overlay + " " + id).isEqualTo(resource));
        }
    }

    @Test
    void shouldMergeNamedListsOfBuiltInKindsRemoveNullFieldsAndDeleteResources(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("base"));
        Files.createDirectories(dir.resolve("overlay"));
        Files.writeString(dir.resolve("base/kustomization.yaml"), "resources: [app.yaml]\n");
        Files.writeString(dir.resolve("base/app.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: app}
                spec:
                  replicas: 2
                  template:
                    spec:
                      containers:
                        - name: app
                          image: portwatch/app:1
                          env: [{name: A, value: "1"}, {name: B, value: "2"}]
                        - name: sidecar
                          image: sidecar:1
                ---
                apiVersion: example.org/v1
                kind: Thing
                metadata: {name: thing}
                spec: {items: [{name: x, size: 1}], keep: true, drop: 1}
                ---
                apiVersion: example.org/v1
                kind: Thing
                metadata: {name: doomed}
                """);
        Files.writeString(dir.resolve("overlay/kustomization.yaml"), """
                namespace: ns
                resources: [../base]
                patches: [{path: patch.yaml}]
                images: [{name: portwatch/app, newName: registry.example/portwatch/app, newTag: "2"}]
                """);
        Files.writeString(dir.resolve("overlay/patch.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: app}
                spec:
                  replicas: null
                  template:
                    spec:
                      containers:
                        - name: app
                          env: [{name: B, value: "3"}]
                ---
                apiVersion: example.org/v1
                kind: Thing
                metadata: {name: thing}
                spec: {items: [{name: y, size: 2}], drop: null}
                ---
                $patch: delete
                apiVersion: example.org/v1
                kind: Thing
                metadata: {name: doomed}
                """);
        List<Map<String, Object>> rendered = Kustomize.render(dir.resolve("overlay"));
        ObjectMapper json = new ObjectMapper();
        assertThat(canonical(json, rendered)).isEqualTo(canonical(json, List.of(
                Map.of("apiVersion", "apps/v1", "kind", "Deployment", "metadata", Map.of("name", "app", "namespace", "ns"),
                        "spec", Map.of("template", Map.of("spec", Map.of("containers", List.of(
                                Map.of("name", "app", "image", "registry.example/portwatch/app:2", "env", List.of(
                                        Map.of("name", "A", "value", "1"), Map.of("name", "B", "value", "3"))),
                                Map.of("name", "sidecar", "image", "sidecar:1")))))),
                Map.of("apiVersion", "example.org/v1", "kind", "Thing",
                        "metadata", Map.of("name", "thing", "namespace", "ns"),
                        "spec", Map.of("items", List.of(Map.of("name", "y", "size", 2)), "keep", true)))));
    }

    @Test
    void shouldRefuseAKustomizationFeatureItDoesNotImplement(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: []\ncommonLabels: {a: b}\n");
        assertThatThrownBy(() -> Kustomize.render(dir)).hasMessageContaining("commonLabels");
    }

    /** Through JSON, so maps compare by content whatever their order and numbers by value. */
    private static Object canonical(ObjectMapper json, Object value) throws Exception {
        return json.readValue(json.writeValueAsString(value), Object.class);
    }

    private static List<Map<String, Object>> readAll(String yaml) throws Exception {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            var iterator = new YAMLMapper().readValues(parser, Map.class);
            while (iterator.hasNext()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> document = iterator.next();
                if (document != null) {
                    documents.add(document);
                }
            }
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> byId(List<Map<String, Object>> resources) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> byId = new TreeMap<>();
        for (Map<String, Object> resource : resources) {
            Map<String, Object> metadata = (Map<String, Object>) resource.get("metadata");
            // Through JSON, so numbers and maps compare by value whichever parser read them.
            byId.put(resource.get("kind") + "/" + metadata.get("name"),
                    json.readValue(json.writeValueAsString(resource), Object.class));
        }
        return byId;
    }
}
