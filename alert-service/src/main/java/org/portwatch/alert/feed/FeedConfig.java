package org.portwatch.alert.feed;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The live feed's timing. */
@ConfigMapping(prefix = "alerts.feed")
public interface FeedConfig {

    /** How often a replica with open streams looks for feed rows other replicas committed. */
    @WithDefault("PT0.5S")
    Duration pollInterval();

    /** A comment line on every stream this often, so proxies keep idle streams open and clients see the link live. */
    @WithDefault("PT15S")
    Duration heartbeat();

    /** How long feed rows are kept: how far back a reconnecting client can resume. */
    @WithDefault("PT24H")
    Duration retention();
}
