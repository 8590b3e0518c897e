package org.portwatch.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import org.jboss.logmanager.Logger;

/**
 * Lowers the level of the embedded servers' own log categories to WARN, unless the caller has
 * already configured a level for that category.
 *
 * <p>Why: an in-process KRaft node logs hundreds of INFO lines per start (config dumps, raft
 * state, partition state changes, configuration dumps) into the same console as the service
 * under test, which buries the lines a developer actually needs. Apart from the configuration
 * dumps, which Kafka logs through one shared category, only server-side categories are touched:
 * the Kafka clients of the application under test keep whatever level their configuration gives.
 * The levels are set on JBoss LogManager's log context, which is where both slf4j (Kafka) and
 * log4j-api (Kafka's logging controller) are routed in this project.
 */
final class QuietLogging {

    /** Kafka broker/controller categories: Scala core, Java server modules and the state-change log. */
    static final List<String> KAFKA_SERVER_CATEGORIES = List.of(
            "kafka",
            "state.change.logger",
            "org.apache.kafka.server",
            "org.apache.kafka.controller",
            "org.apache.kafka.coordinator",
            "org.apache.kafka.raft",
            "org.apache.kafka.metadata",
            "org.apache.kafka.image",
            "org.apache.kafka.queue",
            "org.apache.kafka.snapshot",
            "org.apache.kafka.storage",
            "org.apache.kafka.security",
            "org.apache.kafka.network",
            "org.apache.kafka.common.test",
            // Every AbstractConfig subclass (KafkaConfig, but also producer, consumer and admin
            // configs) dumps all of its few hundred values at INFO on each instantiation; a
            // single broker start prints three such dumps. Warnings about unknown or invalid
            // settings are logged at WARN and stay visible.
            "org.apache.kafka.common.config.AbstractConfig");

    /** The zonky binary resolver announces the detected distribution at INFO on every start. */
    static final List<String> POSTGRES_CATEGORIES = List.of("io.zonky.test");

    /** Strong references so that a garbage-collected logger node cannot drop the level we set. */
    private static final List<Logger> HELD = new ArrayList<>();

    private QuietLogging() {
    }

    /** Sets WARN on each category that has no level of its own yet. */
    static synchronized void quiet(List<String> categories) {
        for (String category : categories) {
            Logger logger = Logger.getLogger(category);
            if (logger.getLevel() == null) {
                logger.setLevel(Level.WARNING);
                HELD.add(logger);
            }
        }
    }
}
