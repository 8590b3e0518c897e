package org.portwatch.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceProcessTest {

    @Test
    void commandLineHasHeapLimitPropertiesThenTheJar() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("quarkus.http.port", "8080");
        props.put("kafka.bootstrap.servers", "127.0.0.1:9092");
        assertThat(ServiceProcess.command(Path.of("/jdk/bin/java"), Path.of("svc/quarkus-run.jar"), props))
                .containsExactly("/jdk/bin/java", "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-Xss512k",
                        "-XX:ReservedCodeCacheSize=64m", "-XX:TrimNativeHeapInterval=5000", "-Dquarkus.http.port=8080",
                        "-Dkafka.bootstrap.servers=127.0.0.1:9092", "-jar", "svc/quarkus-run.jar");
    }

    @Test
    void anAppCdsArchiveBesideTheJarIsUsedAndOnlyThen(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("quarkus-run.jar");
        Files.writeString(jar, "");
        assertThat(ServiceProcess.command(Path.of("/jdk/bin/java"), jar, Map.of()))
                .noneMatch(arg -> arg.startsWith("-XX:SharedArchiveFile"));

        Files.writeString(dir.resolve("app-cds.jsa"), "");
        assertThat(ServiceProcess.command(Path.of("/jdk/bin/java"), jar, Map.of()))
                .containsSubsequence("-XX:SharedArchiveFile=" + dir.resolve("app-cds.jsa"), "-Xshare:auto", "-jar",
                        jar.toString());
    }

    @Test
    void downChecksNameWhatIsNotReady() {
        String health = """
                {"status":"DOWN","checks":[{"name":"Database connections health check","status":"UP"},
                {"name":"Kafka Streams topics","status":"DOWN","data":{"exceptionMessage":"manager is null"}},
                {"name":"Other","status":"DOWN"}]}""";
        assertThat(ServiceProcess.downChecks(health)).isEqualTo("; DOWN: Kafka Streams topics (manager is null), Other");
        assertThat(ServiceProcess.downChecks("{\"status\":\"UP\",\"checks\":[]}")).isEmpty();
        assertThat(ServiceProcess.downChecks("not json")).isEmpty();
        assertThat(ServiceProcess.downChecks(null)).isEmpty();
    }

    @Test
    void tailShowsTheLastLines(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("svc.log");
        Files.writeString(log, IntStream.rangeClosed(1, 40).mapToObj(i -> "line " + i).collect(Collectors.joining("\n")));
        String tail = ServiceProcess.tail(log, 30);
        assertThat(tail.lines()).hasSize(30);
        assertThat(tail).startsWith("  line 11").endsWith("line 40");
        assertThat(ServiceProcess.tail(dir.resolve("missing.log"), 30)).contains("could not read");
    }
}
