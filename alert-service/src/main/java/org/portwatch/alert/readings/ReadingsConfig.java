package org.portwatch.alert.readings;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The readings history: how long it is kept, how it is written, how much one timeline read may ask for. */
@ConfigMapping(prefix = "alerts.readings")
public interface ReadingsConfig {

    /**
     * How long readings are kept. 30 days: a port infection or a line sepsis is judged against the weeks since the
     * last access or chemotherapy cycle (a cycle is typically 14-28 days), which is what a clinician scrolls back
     * through; longer history belongs in the hospital's record, not in an alerting service. Whole days: a partition
     * is dropped once all of it is older than this.
     */
    @WithDefault("P30D")
    Duration retention();

    /**
     * Days made ahead of today by the maintenance round, so the first batch after midnight never waits for DDL. Two:
     * one round may be missed (a restart, a database outage) without a batch having to create its partition (it
     * still can: {@link ReadingStore} makes any day a batch brings).
     */
    @WithDefault("2")
    int partitionsAhead();

    /**
     * How often the round makes partitions ahead and drops expired ones. Hourly: the work changes once a day; an hour
     * bounds how long an expired day outlives the retention after midnight.
     */
    @WithDefault("PT1H")
    Duration maintenanceInterval();

    /**
     * One attempt to store a batch may take this long before it counts as failed and is retried: a 500-row insert
     * takes milliseconds, so 10 s means a frozen server, and the consumer must not hang on it.
     */
    @WithDefault("PT10S")
    Duration storeTimeout();

    /** The longest pause between two attempts while the database is away: back within this long of its return. */
    @WithDefault("PT5S")
    Duration retryMaxBackoff();

    /** The longest range one timeline read may ask for: the retention; more would only return nothing. */
    @WithDefault("P30D")
    Duration maxRange();

    /**
     * Up to this range a timeline answers every reading (the dashboard's 24 h view); longer ranges are downsampled
     * into buckets, which is what a chart of 7 or 30 days can show anyway.
     */
    @WithDefault("PT24H")
    Duration rawMaxRange();

    /**
     * The most raw readings one answer carries, over all types: a minute-cadence patch gives 1,440 a day per type, a
     * 1 Hz patch 86,400. Beyond this a short range is answered in 1-minute buckets instead, so one read stays a few
     * hundred kilobytes.
     */
    @WithDefault("5000")
    int maxRawPoints();
}
