package org.portwatch.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.portwatch.model.Json;

/**
 * What the local stack leaves in {@code .local/} for people and scripts: {@code credentials.json}
 * (URLs and tokens) and {@code stack.json} (infrastructure addresses, service pids and management URLs).
 */
final class StackFiles {

    /** A registered device with its token. */
    record DeviceCredential(String deviceId, String patientId, String careTeamId, String token, boolean simulated) {
    }

    /** A care team and a clinician token for it. */
    record CareTeamCredential(String careTeamId, String clinicianToken) {
    }

    private static final ObjectMapper MAPPER = Json.mapper();

    private StackFiles() {
    }

    static ObjectNode credentials(String ingestUrl, String alertUrl, String kafkaBootstrapServers, String adminToken,
                                  List<CareTeamCredential> careTeams, List<DeviceCredential> devices) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("ingestUrl", ingestUrl);
        root.put("alertUrl", alertUrl);
        root.put("kafkaBootstrapServers", kafkaBootstrapServers);
        root.put("adminToken", adminToken);
        ArrayNode teams = root.putArray("careTeams");
        for (CareTeamCredential t : careTeams) {
            teams.addObject().put("careTeamId", t.careTeamId()).put("clinicianToken", t.clinicianToken());
        }
        ArrayNode list = root.putArray("devices");
        for (DeviceCredential d : devices) {
            list.addObject()
                    .put("deviceId", d.deviceId())
                    .put("patientId", d.patientId())
                    .put("careTeamId", d.careTeamId())
                    .put("token", d.token())
                    .put("simulated", d.simulated());
        }
        return root;
    }

    static ObjectNode stack(String kafkaBootstrapServers, String postgresJdbcUrl, String postgresUsername,
                            String postgresPassword, Map<String, Long> pids, Map<String, String> managementUrls,
                            long launcherPid) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("kafkaBootstrapServers", kafkaBootstrapServers);
        root.put("postgresJdbcUrl", postgresJdbcUrl);
        root.put("postgresUsername", postgresUsername);
        root.put("postgresPassword", postgresPassword);
        ObjectNode p = root.putObject("pids");
        pids.forEach(p::put);
        ObjectNode m = root.putObject("managementUrls");
        managementUrls.forEach(m::put);
        root.put("launcherPid", launcherPid);
        return root;
    }

    /**
     * Deletes a {@code stack.json} that this launcher wrote: its pids are stale once the stack
     * stopped. One another launcher wrote since (another stack of the same work tree) stays.
     */
    static void deleteIfOwnedBy(Path file, long launcherPid) {
        try {
            if (Files.exists(file) && MAPPER.readTree(file.toFile()).path("launcherPid").asLong(-1) == launcherPid) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // Unreadable or gone: nothing to clean up on the way out.
        }
    }

    /**
     * Writes {@code json} to {@code file} whole: a reader sees the old file or the new one, never
     * half of one. Readable by the owner only (it holds tokens).
     */
    static void write(Path file, ObjectNode json) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Not a POSIX file system: keep the default permissions.
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
