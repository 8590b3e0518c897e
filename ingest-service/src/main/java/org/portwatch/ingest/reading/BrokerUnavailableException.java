package org.portwatch.ingest.reading;

/**
 * A batch was not promised: the broker did not acknowledge every reading, or the batch was shed before it
 * reached the producer. The client must retry; nothing was promised.
 */
public class BrokerUnavailableException extends RuntimeException {

    public BrokerUnavailableException(String why, Throwable error) {
        super("batch not acknowledged: " + why, error);
    }
}
