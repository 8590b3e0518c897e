package org.portwatch.alert.patient;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How profile changes travel from the outbox table to {@code patients.profiles}. */
@ConfigMapping(prefix = "outbox.profiles")
public interface ProfileOutboxConfig {

    /**
     * How often the publisher looks at the outbox without being woken. Every commit wakes it at once; the poll
     * covers what a crash, another replica's commit or a broker outage left behind.
     */
    @WithDefault("1s")
    Duration pollInterval();

    /** The most rows sent in one transaction. */
    @WithDefault("100")
    int batchSize();

    /**
     * How long one batch may wait for the broker's acknowledgement before it is rolled back and retried. The
     * batch's rows (and the lock that keeps other replicas out) are held meanwhile, so keep it in seconds.
     */
    @WithDefault("10s")
    Duration sendTimeout();
}
