package org.portwatch.ingest.metrics;

/** What became of one readings request: a bounded tag value for dashboards. */
public enum RequestOutcome {
    ACCEPTED,
    PARTIALLY_ACCEPTED,
    REJECTED,
    MALFORMED,
    TOO_LARGE,
    UNAUTHORIZED,
    /** Over the device's request rate (429). */
    RATE_LIMITED,
    /** Over the device's readings budget (429); a request larger than the whole burst is TOO_LARGE (413). */
    OVER_BUDGET,
    UNAVAILABLE
}
