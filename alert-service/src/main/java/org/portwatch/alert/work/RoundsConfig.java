package org.portwatch.alert.work;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Limits of every background round (escalation, notification dispatch, profile outbox, live feed). */
@ConfigMapping(prefix = "alerts.rounds")
public interface RoundsConfig {

    /**
     * A round still running after this is abandoned (counted in {@code portwatch_rounds_abandoned_total}) and the next
     * one runs: a round is milliseconds of database work plus deliveries bounded by the 60 s notification lease, so
     * 90 s means it hangs (a frozen database, a lost connection), and escalations must not wait behind it.
     */
    @WithDefault("PT90S")
    Duration timeout();

    /**
     * On shutdown, rounds stop claiming work and this long is given to the round in flight to finish; what it still
     * holds then is released (leases cleared) so another replica takes it at once rather than after the lease.
     * Inside Kubernetes' 30 s termination grace, with room for the HTTP server's own graceful shutdown.
     */
    @WithDefault("PT10S")
    Duration shutdownGrace();
}
