package org.portwatch.infra.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} application its own database in the JVM-wide embedded PostgreSQL
 * of {@link SharedInfra}, and configures both the reactive and the JDBC datasource (the latter
 * for Flyway) to use it.
 *
 * <p>The database name comes from the init arg {@code database} (default
 * {@value #DEFAULT_DATABASE}), e.g.
 * {@code @QuarkusTestResource(value = PostgresTestResource.class,
 * initArgs = @ResourceArg(name = "database", value = "alerts"))}, so services sharing the
 * server do not see each other's tables. The database survives the test class; {@link #stop()}
 * does nothing because the server is shared.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    /** The database used when no {@code database} init arg is given. */
    public static final String DEFAULT_DATABASE = "portwatch";

    private String database = DEFAULT_DATABASE;

    @Override
    public void init(Map<String, String> initArgs) {
        String requested = initArgs.get("database");
        if (requested != null && !requested.isBlank()) {
            database = requested.strip();
        }
    }

    @Override
    public Map<String, String> start() {
        var postgres = SharedInfra.postgres();
        postgres.createDatabase(database);
        return Map.of(
                "quarkus.datasource.reactive.url", postgres.reactiveUrl(database),
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(database),
                "quarkus.datasource.username", postgres.username(),
                "quarkus.datasource.password", postgres.password());
    }

    @Override
    public void stop() {
        // shared with the rest of the test JVM; see SharedInfra
    }
}
