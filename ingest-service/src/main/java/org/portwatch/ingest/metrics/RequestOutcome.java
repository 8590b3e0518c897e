package org.portwatch.ingest.metrics;

/** What became of one readings request: a bounded tag value for dashboards. */
public enum RequestOutcome {
    ACCEPTED,
    PARTIALLY_ACCEPTED,
    REJECTED,
    MALFORMED,
    TOO_LARGE,
    UNAUTHORIZED,
    RATE_LIMITED,
    UNAVAILABLE
}
