package org.portwatch.alert.alerts;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the alerts of record. */
@ConfigMapping(prefix = "alerts")
public interface AlertsConfig {

    /**
     * The public address of the dashboard, for the link in every notification (the alert's page is
     * {@code <dashboard-url>#/alerts/<alertId>}).
     */
    @WithDefault("http://localhost:8081/")
    String dashboardUrl();

    /** How often the gauges of open and unacknowledged alerts are read from the database (also after each change). */
    @WithDefault("PT10S")
    java.time.Duration metricsRefresh();

    /** The alerts-of-record consumer (vitals.alerts -> PostgreSQL). */
    Consumer consumer();

    interface Consumer {

        /**
         * The longest pause between two attempts to store an event while the database is unavailable: alerts are
         * recorded within this long of its return, and a recovering database sees one attempt per few seconds.
         */
        @WithDefault("PT5S")
        java.time.Duration retryMaxBackoff();

        /**
         * One attempt to store an event is abandoned (and retried) after this long: a frozen database must not hold
         * the consumer forever on a connection that will never answer. Recording takes milliseconds.
         */
        @WithDefault("PT10S")
        java.time.Duration storeTimeout();
    }
}
