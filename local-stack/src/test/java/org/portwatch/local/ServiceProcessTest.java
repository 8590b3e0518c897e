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

    /**
     * The archive is dumped as Quarkus does it (in the jar's directory, the jar named relatively); the service's
     * command line, run in {@link ServiceProcess#workingDirectory}, must then map it. With -Xshare:on instead of
     * auto, a JVM that cannot use the archive refuses to start, so the exit code says whether it was used.
     */
    @Test
    void aServiceStartedInItsWorkingDirectoryUsesTheAppCdsArchive(@TempDir Path dir) throws Exception {
        Path app = Files.createDirectories(dir.resolve("svc/target/quarkus-app"));
        Path source = Files.writeString(dir.resolve("Hello.java"),
                "public class Hello { public static void main(String[] a) { System.out.println(\"hello\"); } }");
        assertThat(javax.tools.ToolProvider.getSystemJavaCompiler()
                .run(null, null, null, "-d", dir.toString(), source.toString())).isZero();
        Path jar = app.resolve("quarkus-run.jar");
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, "Hello");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new java.util.jar.JarEntry("Hello.class"));
            out.write(Files.readAllBytes(dir.resolve("Hello.class")));
            out.closeEntry();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> dump = new java.util.ArrayList<>(List.of(java));
        dump.addAll(ServiceProcess.JVM_OPTIONS);
        dump.addAll(List.of("-XX:ArchiveClassesAtExit=" + ServiceProcess.APPCDS_ARCHIVE, "-jar", "quarkus-run.jar"));
        assertThat(run(dump, app)).as("dumping the archive").isZero();

        List<String> command = ServiceProcess.command(Path.of(java), jar, Map.of()).stream()
                .map(arg -> arg.equals("-Xshare:auto") ? "-Xshare:on" : arg).toList();
        assertThat(command).contains("-XX:SharedArchiveFile=" + app.resolve(ServiceProcess.APPCDS_ARCHIVE));
        assertThat(ServiceProcess.workingDirectory(jar)).isEqualTo(app);
        assertThat(run(command, ServiceProcess.workingDirectory(jar))).as("started with the archive required").isZero();
    }

    private static int run(List<String> command, Path workDir) throws Exception {
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("finished").isTrue();
        return process.exitValue();
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
