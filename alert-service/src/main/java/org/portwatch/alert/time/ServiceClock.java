package org.portwatch.alert.time;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The one {@link Clock} alert-service reads time from: escalation due times, notification backoff, leases, audit
 * and timeline instants, feed and subscription expiry. A default bean, so a test replaces it with a clock it moves
 * itself and rules about minutes are tested in minutes without waiting for them.
 */
public class ServiceClock {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
