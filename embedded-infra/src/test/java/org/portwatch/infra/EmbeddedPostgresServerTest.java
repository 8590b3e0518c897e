package org.portwatch.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedPostgresServerTest {

    @Test
    void storesAndReadsRowsThroughJdbc() throws Exception {
        long t0 = System.nanoTime();
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start()) {
            System.out.printf("EmbeddedPostgresServer started in %d ms on port %d%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), pg.port());
            pg.createDatabase("readings_test");
            pg.createDatabase("readings_test"); // idempotent

            assertEquals("jdbc:postgresql://127.0.0.1:" + pg.port() + "/readings_test", pg.jdbcUrl("readings_test"));
            assertEquals("postgresql://127.0.0.1:" + pg.port() + "/readings_test", pg.reactiveUrl("readings_test"));

            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("readings_test"), pg.username(), pg.password());
                    Statement st = c.createStatement()) {
                st.execute("CREATE TABLE reading (patient_id text NOT NULL, heart_rate int NOT NULL,"
                        + " measured_at timestamptz NOT NULL DEFAULT now(), payload jsonb)");
                st.execute("INSERT INTO reading (patient_id, heart_rate, payload)"
                        + " VALUES ('p-1', 72, '{\"unit\":\"bpm\"}'), ('p-2', 131, NULL)");
                try (ResultSet rs = st.executeQuery(
                        "SELECT patient_id, heart_rate, payload->>'unit' FROM reading ORDER BY patient_id")) {
                    assertTrue(rs.next());
                    assertEquals("p-1", rs.getString(1));
                    assertEquals(72, rs.getInt(2));
                    assertEquals("bpm", rs.getString(3));
                    assertTrue(rs.next());
                    assertEquals("p-2", rs.getString(1));
                    assertEquals(131, rs.getInt(2));
                    assertFalse(rs.next());
                }
                try (ResultSet rs = st.executeQuery("SHOW server_version")) {
                    assertTrue(rs.next());
                    assertTrue(rs.getString(1).startsWith("14."), rs.getString(1));
                }
            }
            assertThrows(IllegalArgumentException.class, () -> pg.createDatabase("bad\"; DROP"));
        }
    }

    @Test
    void stopsAndRestartsOnTheSamePortWithItsData() throws Exception {
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start()) {
            pg.createDatabase("outage");
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("outage"), pg.username(), pg.password());
                    Statement st = c.createStatement()) {
                st.execute("CREATE TABLE kept (id int)");
                st.execute("INSERT INTO kept VALUES (7)");
            }
            int port = pg.port();

            pg.stopServer();
            pg.stopServer(); // idempotent
            assertThrows(java.sql.SQLException.class,
                    () -> DriverManager.getConnection(pg.jdbcUrl("outage"), pg.username(), pg.password()).close());

            pg.restartServer();
            pg.restartServer(); // idempotent
            assertEquals(port, pg.port());
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("outage"), pg.username(), pg.password());
                    Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM kept")) {
                assertTrue(rs.next());
                assertEquals(7, rs.getInt(1));
            }
        }
    }

    @Test
    void twoServersRunSideBySideAndCloseFreesThePort() throws Exception {
        CompletableFuture<EmbeddedPostgresServer> first = CompletableFuture.supplyAsync(EmbeddedPostgresServer::start);
        CompletableFuture<EmbeddedPostgresServer> second = CompletableFuture.supplyAsync(EmbeddedPostgresServer::start);
        EmbeddedPostgresServer a = first.get(90, TimeUnit.SECONDS);
        EmbeddedPostgresServer b = second.get(90, TimeUnit.SECONDS);
        int portA = a.port();
        try {
            assertNotEquals(a.port(), b.port());
            for (EmbeddedPostgresServer pg : List.of(a, b)) {
                pg.createDatabase("portwatch");
                try (Connection c = DriverManager.getConnection(pg.jdbcUrl("portwatch"), pg.username(), pg.password());
                        Statement st = c.createStatement()) {
                    st.execute("CREATE TABLE marker (port int)");
                    st.execute("INSERT INTO marker VALUES (" + pg.port() + ")");
                }
            }
            // Separate data directories: each server sees only its own row.
            for (EmbeddedPostgresServer pg : List.of(a, b)) {
                try (Connection c = DriverManager.getConnection(pg.jdbcUrl("portwatch"), pg.username(), pg.password());
                        Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT port FROM marker")) {
                    assertTrue(rs.next());
                    assertEquals(pg.port(), rs.getInt(1));
                    assertFalse(rs.next());
                }
            }
        } finally {
            a.close();
            b.close();
        }
        a.close(); // idempotent
        assertThrows(SQLException.class,
                () -> DriverManager.getConnection(a.jdbcUrl("portwatch"), a.username(), a.password()).close());
        assertFalse(accepts(portA), "port " + portA + " still accepts connections after close()");
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
