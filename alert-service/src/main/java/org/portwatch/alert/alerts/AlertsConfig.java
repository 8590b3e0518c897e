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
}
