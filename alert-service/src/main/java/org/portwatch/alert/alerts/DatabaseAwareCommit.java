package org.portwatch.alert.alerts;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.commit.KafkaCommitHandler;
import io.smallrye.reactive.messaging.kafka.commit.KafkaThrottledLatestProcessedCommit;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * The connector's throttled commit strategy (offsets of acknowledged records, committed every few seconds), minus
 * one thing: its check that fails the channel — and closes the consumer for good — when a record has waited longer
 * than {@code throttled.unprocessed-record-max-age.ms} for its acknowledgement does not fire while the consumer waits
 * out a database outage, nor for one such limit after the database returned (the records read meanwhile drain).
 * Without this a PostgreSQL outage longer than the limit (60 s by default) silently stopped all recording until the
 * pod was restarted. Any other failure the strategy reports goes through unchanged, and a fatal one marks the
 * consumer closed in {@link AlertConsumerHealth}, which fails liveness: only a restart helps then.
 */
@ApplicationScoped
@Identifier(DatabaseAwareCommit.NAME)
public class DatabaseAwareCommit implements KafkaCommitHandler.Factory {

    private static final Logger LOG = Logger.getLogger(DatabaseAwareCommit.class);

    /** The value of {@code mp.messaging.incoming.<channel>.commit-strategy} that selects this strategy. */
    public static final String NAME = "throttled-database-aware";

    private final KafkaThrottledLatestProcessedCommit.Factory throttled = new KafkaThrottledLatestProcessedCommit.Factory();
    private final AlertConsumerHealth health;

    public DatabaseAwareCommit(AlertConsumerHealth health) {
        this.health = health;
    }

    @Override
    public KafkaCommitHandler create(KafkaConnectorIncomingConfiguration config, Vertx vertx,
            KafkaConsumer<?, ?> consumer, BiConsumer<Throwable, Boolean> reportFailure) {
        Duration limit = Duration.ofMillis(Math.max(0, config.getThrottledUnprocessedRecordMaxAgeMs()));
        return throttled.create(config, vertx, consumer, (failure, fatal) -> {
            if (failure instanceof KafkaThrottledLatestProcessedCommit.TooManyMessagesWithoutAckException
                    && health.waitedWithin(limit)) {
                LOG.debugf("vitals.alerts: a record waits for the database, as designed: %s", failure.getMessage());
                return;
            }
            if (Boolean.TRUE.equals(fatal)) {
                health.closed(failure);
            }
            reportFailure.accept(failure, fatal);
        });
    }
}
