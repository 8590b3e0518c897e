package org.portwatch.infra.containers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import org.portwatch.infra.EmbeddedKafka;
import org.portwatch.infra.EmbeddedPostgresServer;
import org.portwatch.infra.testing.InfraProvider;
import org.opentest4j.TestAbortedException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The {@code -Pcontainers} infrastructure: Testcontainers' Kafka (the Apache image of the Kafka version the build
 * uses, KRaft) and PostgreSQL (the major version production runs), behind the embedded types, so every test
 * resource and test runs unchanged. Loaded by {@code SharedInfra} through {@link InfraProvider}.
 *
 * <p>Stopping the broker or the database <em>pauses</em> its container: the embedded ones keep their address
 * across a stop and a restart, and a stopped container would come back on another mapped port. A paused server
 * does not answer at all (clients time out) where a stopped embedded one refuses connections at once; the outage
 * tests assert what the services answer and that nothing accepted is lost, which holds for both.
 *
 * <p>Without a Docker engine nothing starts: {@link DockerRequired} skips the Quarkus tests with the reason, and a
 * plain test that reaches for the infrastructure is aborted (reported skipped) by {@link #requireDocker()}.
 */
public final class TestcontainersInfra implements InfraProvider {

    /** The broker image: the Kafka version of the build (kafka.version in the parent). */
    static final String KAFKA_IMAGE = "apache/kafka:4.1.2";
    /** The database image: PostgreSQL 16, the major version k8s/base/postgres/cluster.yaml runs. */
    static final String POSTGRES_IMAGE = "postgres:16.6-alpine";
    /** The embedded server's user and password, which PostgresTestResource hands the services. */
    private static final String USER = "postgres";

    @Override
    public EmbeddedKafka kafka() {
        requireDocker();
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE))
                // As the embedded broker and Strimzi: topics come from Topics.ALL, a typo must fail.
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                // Consumers and Kafka Streams join a group at once instead of after 3 s.
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        kafka.start();
        Pause pause = new Pause(kafka);
        return EmbeddedKafka.attach(kafka.getBootstrapServers(), pause::pause, pause::resume, kafka::stop);
    }

    @Override
    public EmbeddedPostgresServer postgres() {
        requireDocker();
        PostgreSQLContainer postgres = new PostgreSQLContainer(DockerImageName.parse(POSTGRES_IMAGE)
                .asCompatibleSubstituteFor("postgres"))
                .withUsername(USER).withPassword(USER).withDatabaseName(USER);
        postgres.start();
        Pause pause = new Pause(postgres);
        int port = postgres.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
        return EmbeddedPostgresServer.attach(port, name -> createDatabase(postgres, name), pause::pause,
                pause::resume, postgres::stop);
    }

    /**
     * Aborts the calling test (JUnit reports it skipped, with the reason) when no Docker engine answers: a test
     * that asked for containers must never pass on anything else.
     */
    static void requireDocker() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new TestAbortedException(DockerRequired.REASON);
        }
    }

    private static void createDatabase(PostgreSQLContainer postgres, String name) {
        try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl(), USER, USER);
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet row = exists.executeQuery()) {
                if (row.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                // name is a plain identifier: EmbeddedPostgresServer.createDatabase checked it.
                create.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + ": " + e.getMessage(), e);
        }
    }

    /** Pauses and resumes a container, once each way whatever the caller repeats (the embedded ones are idempotent). */
    private static final class Pause {
        private final GenericContainer<?> container;
        private final AtomicBoolean paused = new AtomicBoolean();

        Pause(GenericContainer<?> container) {
            this.container = container;
        }

        void pause() {
            if (paused.compareAndSet(false, true)) {
                container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
            }
        }

        void resume() {
            if (paused.compareAndSet(true, false)) {
                container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
            }
        }
    }
}
