package org.portwatch.service.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.portwatch.infra.EmbeddedPostgresServer;
import org.portwatch.infra.testing.SharedInfra;

/**
 * For each service's tests (service-common's test-jar): its migrations, as its application.properties locates them,
 * take an empty database and one migrated by a release in which the service's own versioned migration still created
 * the audit table — before service-common's {@code db/audit/R__audit_entry.sql} was its one definition. Such a
 * database is made by migrating, then putting its history back as that release left it: the former checksum of the
 * migration that created the table, no row for the repeatable one. Its audit rows must survive, and a checksum
 * other than the former one must still fail validation.
 */
public final class AuditTableUpgrade {

    private AuditTableUpgrade() {
    }

    /**
     * @param version         the service's versioned migration that created the audit table before
     * @param formerChecksum  its checksum as that release's Flyway recorded it
     */
    public static void assertMigratesEmptyAndFormerDatabases(String version, int formerChecksum) throws Exception {
        Properties config = new Properties();
        try (InputStream in = AuditTableUpgrade.class.getClassLoader().getResourceAsStream("application.properties")) {
            config.load(in);
        }
        EmbeddedPostgresServer postgres = SharedInfra.postgres();
        String database = "audit_upgrade_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        postgres.createDatabase(database);
        String schema = config.getProperty("quarkus.flyway.default-schema");
        Flyway flyway = Flyway.configure()
                .dataSource(postgres.jdbcUrl(database), postgres.username(), postgres.password())
                .schemas(schema).defaultSchema(schema)
                .locations(config.getProperty("quarkus.flyway.locations").split(","))
                .load();

        // An empty database.
        flyway.migrate();
        int current;
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(database), postgres.username(),
                postgres.password()); Statement sql = connection.createStatement()) {
            sql.execute("SET search_path = " + schema);
            current = checksum(sql, version);
            assertThat(count(sql, "SELECT count(*) FROM flyway_schema_history WHERE script = 'R__audit_entry.sql'"
                    + " AND success")).isEqualTo(1);

            // The former release's database, with an audit row in it.
            sql.execute("UPDATE flyway_schema_history SET checksum = " + formerChecksum + " WHERE version = '" + version + "'");
            sql.execute("DELETE FROM flyway_schema_history WHERE script = 'R__audit_entry.sql'");
            sql.execute("INSERT INTO audit_entry (at, actor, action, target_type, target_id)"
                    + " VALUES (now(), 'admin', 'upgrade.check', 'test', 'before')");

            flyway.migrate();

            assertThat(checksum(sql, version)).as("realigned from the former checksum").isEqualTo(current);
            assertThat(count(sql, "SELECT count(*) FROM audit_entry WHERE target_id = 'before'")).isEqualTo(1);
            assertThat(count(sql, "SELECT count(*) FROM flyway_schema_history WHERE script = 'R__audit_entry.sql'"
                    + " AND success")).isEqualTo(1);

            // Any other drift of an applied migration is still refused.
            sql.execute("UPDATE flyway_schema_history SET checksum = " + (formerChecksum + 1) + " WHERE version = '" + version + "'");
            assertThatThrownBy(flyway::validate).isInstanceOf(FlywayException.class);
        }
    }

    private static int checksum(Statement sql, String version) throws SQLException {
        try (ResultSet row = sql.executeQuery("SELECT checksum FROM flyway_schema_history WHERE version = '" + version + "'")) {
            assertThat(row.next()).as("version " + version + " applied").isTrue();
            return row.getInt(1);
        }
    }

    private static long count(Statement sql, String query) throws SQLException {
        try (ResultSet row = sql.executeQuery(query)) {
            row.next();
            return row.getLong(1);
        }
    }
}
