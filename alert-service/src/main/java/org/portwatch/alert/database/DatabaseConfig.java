package org.portwatch.alert.database;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How alert-service waits for its database. */
@ConfigMapping(prefix = "alerts.database")
public interface DatabaseConfig {

    /**
     * The longest pause between two attempts to migrate the schema while PostgreSQL is unreachable at startup: the
     * clinician API is ready within this long of the database's return, and a database failing over is not hammered.
     */
    @WithDefault("PT10S")
    Duration migrateRetryMax();
}
