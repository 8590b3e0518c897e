package org.portwatch.infra.testing;

import java.util.Optional;
import java.util.ServiceLoader;
import org.portwatch.infra.EmbeddedKafka;
import org.portwatch.infra.EmbeddedPostgresServer;

/**
 * Where {@link SharedInfra} gets its broker and database when they are not the in-process ones: the test-resource
 * seam of the {@code -Pcontainers} Maven profile (module {@code containers-infra}, Testcontainers' Kafka and
 * PostgreSQL). The default build has no provider on its class path and starts the embedded ones: this project's
 * machines have no Docker engine, and the embedded broker and database are the same server code production runs.
 *
 * <p>A provider is found through {@link ServiceLoader} only when the system property {@value #PROPERTY} is
 * {@value #CONTAINERS}, which the profile sets; the returned objects are wrapped in the embedded types
 * ({@link EmbeddedKafka#attach}, {@link EmbeddedPostgresServer#attach}), so every test and test resource works
 * unchanged on either.
 */
public interface InfraProvider {

    /** The system property naming where the tests' infrastructure comes from: {@value #CONTAINERS} or unset. */
    String PROPERTY = "portwatch.test.infra";

    /** The value of {@value #PROPERTY} that asks for a provider. */
    String CONTAINERS = "containers";

    /** A started broker with every topic of {@code Topics.ALL}; stopping and restarting it keeps its address. */
    EmbeddedKafka kafka();

    /** A started PostgreSQL server; stopping and restarting it keeps its port. */
    EmbeddedPostgresServer postgres();

    /**
     * The provider the build asked for, or empty for the embedded default.
     *
     * @throws IllegalStateException if {@value #PROPERTY} asks for containers and no provider is on the class path
     *         (the profile adds module {@code containers-infra}): running the embedded ones instead would report
     *         tests as passed on infrastructure they were not asked to run on
     */
    static Optional<InfraProvider> requested() {
        if (!CONTAINERS.equals(System.getProperty(PROPERTY))) {
            return Optional.empty();
        }
        return Optional.of(ServiceLoader.load(InfraProvider.class, InfraProvider.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException(PROPERTY + "=" + CONTAINERS
                        + " but no InfraProvider on the class path: build with -Pcontainers")));
    }
}
