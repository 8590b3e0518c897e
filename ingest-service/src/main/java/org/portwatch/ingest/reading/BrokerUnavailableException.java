package org.portwatch.ingest.reading;

import org.portwatch.ingest.metrics.IngestMetrics.PublishFailure;

/** The broker did not acknowledge every reading of a batch: the client must retry, nothing was promised. */
public class BrokerUnavailableException extends RuntimeException {

    private final PublishFailure cause;

    public BrokerUnavailableException(PublishFailure cause, Throwable error) {
        super("broker did not acknowledge the batch: " + cause, error);
        this.cause = cause;
    }

    public PublishFailure failure() {
        return cause;
    }
}
