package org.portwatch.infra.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} application at the JVM-wide embedded broker of
 * {@link SharedInfra}: the real Kafka the tests must run against, with no Docker and no Dev
 * Services. Use with {@code @QuarkusTestResource(KafkaTestResource.class)} (or
 * {@code @WithTestResource}).
 *
 * <p>{@link #stop()} leaves the broker running: other test classes, and other Quarkus
 * applications of the same test JVM, still use it; a JVM shutdown hook stops it.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", SharedInfra.kafka().bootstrapServers());
    }

    @Override
    public void stop() {
        // shared with the rest of the test JVM; see SharedInfra
    }
}
