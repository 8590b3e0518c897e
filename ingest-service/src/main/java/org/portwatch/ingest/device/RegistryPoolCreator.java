package org.portwatch.ingest.device;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnectOptions;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.portwatch.ingest.config.IngestConfig;

/**
 * The device registry's connection pool, with the bounds Quarkus has no setting for. Without them a frozen
 * or unreachable PostgreSQL holds a lookup for the pool's 30 s acquisition timeout (or the OS's minutes-long
 * TCP connect) and every waiting request queues behind it; the verifier's own timeout answers the client,
 * and these keep the pool itself from piling up work nobody waits for any more.
 */
@Singleton
public class RegistryPoolCreator implements PgPoolCreator {

    /**
     * Lookups that may wait for a connection at once; more fail at once (the verifier then falls back on
     * the last verdict or answers 503). Ten times the pool: a burst of new devices waits, an outage does not
     * queue the whole fleet.
     */
    private static final int WAIT_QUEUE_PER_CONNECTION = 10;

    private final IngestConfig config;

    public RegistryPoolCreator(IngestConfig config) {
        this.config = config;
    }

    @Override
    public Pool create(Input input) {
        // Twice the verifier's own timeout: a reading's request has long been answered by then, and the pool
        // drops the wait nobody is waiting for; an admin request gets its 503 at this point.
        int timeoutMs = (int) config.registryTimeout().multipliedBy(2).toMillis();
        PoolOptions pool = input.poolOptions()
                .setConnectionTimeout(timeoutMs)
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
                .setMaxWaitQueueSize(input.poolOptions().getMaxSize() * WAIT_QUEUE_PER_CONNECTION);
        List<SqlConnectOptions> servers = new ArrayList<>();
        input.pgConnectOptionsList().forEach(options -> servers.add(options.setConnectTimeout(timeoutMs)));
        return PgBuilder.pool().with(pool).connectingTo(servers).using(input.vertx()).build();
    }
}
