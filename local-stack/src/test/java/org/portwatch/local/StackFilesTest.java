package org.portwatch.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.portwatch.model.Json;

class StackFilesTest {

    @Test
    void credentialsHaveTheDocumentedShapeAndOnlyTheOwnerCanRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(".local/credentials.json");
        StackFiles.write(file, StackFiles.credentials("http://localhost:8080", "http://localhost:8081", "127.0.0.1:1234",
                "admin.jwt", List.of(new StackFiles.CareTeamCredential("home-dialysis", "clin.jwt")),
                List.of(new StackFiles.DeviceCredential("d1", "p1", "home-dialysis", "pwd_x", true))));
        JsonNode json = Json.mapper().readTree(file.toFile());
        assertThat(json.get("ingestUrl").asText()).isEqualTo("http://localhost:8080");
        assertThat(json.get("alertUrl").asText()).isEqualTo("http://localhost:8081");
        assertThat(json.get("kafkaBootstrapServers").asText()).isEqualTo("127.0.0.1:1234");
        assertThat(json.get("adminToken").asText()).isEqualTo("admin.jwt");
        assertThat(json.at("/careTeams/0/careTeamId").asText()).isEqualTo("home-dialysis");
        assertThat(json.at("/careTeams/0/clinicianToken").asText()).isEqualTo("clin.jwt");
        assertThat(json.at("/devices/0/deviceId").asText()).isEqualTo("d1");
        assertThat(json.at("/devices/0/patientId").asText()).isEqualTo("p1");
        assertThat(json.at("/devices/0/careTeamId").asText()).isEqualTo("home-dialysis");
        assertThat(json.at("/devices/0/token").asText()).isEqualTo("pwd_x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.exists(dir.resolve(".local/credentials.json.tmp"))).isFalse();
    }

    @Test
    void stackFileHasAddressesAndPids(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stack.json");
        StackFiles.write(file, StackFiles.stack("127.0.0.1:1234", "jdbc:postgresql://127.0.0.1:5/portwatch", "u", "p",
                Map.of("ingest-service", 42L), Map.of("ingest-service", "http://127.0.0.1:9080"), 7L));
        JsonNode json = Json.mapper().readTree(file.toFile());
        assertThat(json.get("kafkaBootstrapServers").asText()).isEqualTo("127.0.0.1:1234");
        assertThat(json.get("postgresJdbcUrl").asText()).isEqualTo("jdbc:postgresql://127.0.0.1:5/portwatch");
        assertThat(json.at("/pids/ingest-service").asLong()).isEqualTo(42L);
        assertThat(json.at("/managementUrls/ingest-service").asText()).isEqualTo("http://127.0.0.1:9080");

        StackFiles.deleteIfOwnedBy(file, 8L);
        assertThat(file).as("written by another launcher").exists();
        StackFiles.deleteIfOwnedBy(file, 7L);
        assertThat(file).doesNotExist();
        StackFiles.deleteIfOwnedBy(file, 7L);
    }
}
