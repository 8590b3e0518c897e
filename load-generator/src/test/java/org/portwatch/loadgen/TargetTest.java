package org.portwatch.loadgen;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetTest {

    @Test
    void parsesHostPortAndPath() {
        assertThat(Target.parse("http://127.0.0.1:8080")).isEqualTo(new Target("127.0.0.1", 8080, ""));
        assertThat(Target.parse("http://localhost:9000/ingest/")).isEqualTo(new Target("localhost", 9000, "/ingest"));
        assertThat(Target.parse("http://127.0.0.1")).isEqualTo(new Target("127.0.0.1", 80, ""));
        assertThat(Target.parse("http://[::1]:8080").host()).isEqualTo("::1");
        assertThat(Target.parse("http://127.0.0.1:8080/x").path("/api/v1/readings")).isEqualTo("/x/api/v1/readings");
        assertThat(Target.parse("http://[::1]:8080")).hasToString("http://[::1]:8080");
    }

    @Test
    void onlyLoopbackIsATarget() {
        assertThat(Target.parse("http://127.0.0.1:8080").requireLoopback().port()).isEqualTo(8080);
        assertThat(Target.parse("http://127.1.2.3:8080").requireLoopback().port()).isEqualTo(8080);
        assertThat(Target.parse("http://[::1]:8080").requireLoopback().port()).isEqualTo(8080);
        assertThat(Target.parse("http://localhost:8080/x").requireLoopback())
                .satisfies(t -> assertThat(t.host()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1"))
                .satisfies(t -> assertThat(t.basePath()).isEqualTo("/x"));
        assertThatThrownBy(() -> Target.parse("http://10.0.0.5:8080").requireLoopback())
                .isInstanceOf(Options.UsageException.class).hasMessageContaining("only loopback");
        assertThatThrownBy(() -> Target.parse("http://192.168.1.1:8080").requireLoopback())
                .isInstanceOf(Options.UsageException.class);
        assertThatThrownBy(() -> Target.parse("ftp://127.0.0.1/")).isInstanceOf(Options.UsageException.class);
    }

    @Test
    void credentialsGiveUrlAndAdminToken(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("credentials.json");
        Files.writeString(file, """
                {"ingestUrl":"http://127.0.0.1:8080","alertUrl":"http://127.0.0.1:8081",
                 "kafkaBootstrapServers":"127.0.0.1:9092","adminToken":"ey.admin","careTeams":[],"devices":[]}""");
        assertThat(Credentials.read(file)).isEqualTo(new Credentials("http://127.0.0.1:8080", "ey.admin"));
        assertThatThrownBy(() -> Credentials.read(dir.resolve("missing.json")))
                .isInstanceOf(Options.UsageException.class).hasMessageContaining("run-local.sh");
        Files.writeString(file, "not json");
        assertThatThrownBy(() -> Credentials.read(file)).isInstanceOf(Options.UsageException.class);
    }
}
