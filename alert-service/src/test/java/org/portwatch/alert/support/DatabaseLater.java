package org.portwatch.alert.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

/**
 * The service on a database of its own that is not running when the service starts: the test starts it (an
 * {@code EmbeddedPostgresServer} on the port of {@code quarkus.datasource.jdbc.url}), stops and restarts it. The
 * connector's "record waited too long" limit is 2 s here instead of 60 s, so an outage of a few seconds is well past
 * it; retries are fast so the recovery shows within a second of the database's return.
 */
public class DatabaseLater implements QuarkusTestProfile {

    public static final String DATABASE = "outage";
    /**
     * The connector's limit on a record's wait for its acknowledgement, short so that the outage outlasts it. Not
     * shorter: after the return the backlog (the whole topic, with a batch the schema refuses and records event by
     * event) must drain within the limit's grace on a loaded machine, or the channel fails as it should for a stuck
     * consumer (a 2 s limit failed it so in a run at load 7).
     */
    public static final String ACK_LIMIT_MS = "5000";

    @Override
    public Map<String, String> getConfigOverrides() {
        int port = freePort();
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + port + "/" + DATABASE,
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE,
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres",
                "mp.messaging.incoming.alerts-in.throttled.unprocessed-record-max-age.ms", ACK_LIMIT_MS,
                "mp.messaging.incoming.alerts-in.group.id", "alert-service-alerts-outage",
                "alerts.consumer.retry-max-backoff", "PT0.5S",
                "alerts.consumer.store-timeout", "PT3S",
                "alerts.readings.retry-max-backoff", "PT0.5S",
                "alerts.database.migrate-retry-max", "PT0.5S");
    }

    /** The JDBC URL's port: where the test starts the database. */
    public static int port(String jdbcUrl) {
        String hostPort = jdbcUrl.substring(jdbcUrl.indexOf("//") + 2, jdbcUrl.lastIndexOf('/'));
        return Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
