package org.portwatch.ingest.device;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.portwatch.ingest.config.IngestConfig;

/**
 * Whether the device registry (PostgreSQL) answered lately. After a failure, requests skip the database
 * for {@link IngestConfig#registryRetryInterval()} and one request at a time probes it: an outage then costs
 * one request per interval the {@link IngestConfig#registryTimeout()}, not every request, and no backlog of
 * waiting lookups piles up in the pool.
 */
@ApplicationScoped
public class RegistryAvailability {

    private static final Logger LOG = Logger.getLogger(RegistryAvailability.class);

    private final long retryIntervalNanos;
    private volatile boolean down;
    /** {@link System#nanoTime()} from which the next probe may run; a CAS on it elects the one prober. */
    private final AtomicLong nextProbeAt = new AtomicLong();

    public RegistryAvailability(IngestConfig config) {
        this.retryIntervalNanos = config.registryRetryInterval().toNanos();
    }

    /** Whether this caller may ask the database now: always while it answers, else one caller per interval. */
    public boolean mayAsk() {
        if (!down) {
            return true;
        }
        long now = System.nanoTime();
        long next = nextProbeAt.get();
        return now - next >= 0 && nextProbeAt.compareAndSet(next, now + retryIntervalNanos);
    }

    /** The database answered (found or not): use it again for every request. */
    public void answered() {
        if (down) {
            down = false;
            LOG.info("Device registry reachable again: verdicts come from the database again");
        }
    }

    /** The database did not answer in time or refused the connection. */
    public void failed(Throwable error) {
        nextProbeAt.set(System.nanoTime() + retryIntervalNanos);
        if (!down) {
            down = true;
            LOG.warnf("Device registry unreachable (%s): known devices keep their last verdict, unknown tokens get 503",
                    error.toString());
        }
    }

    public boolean available() {
        return !down;
    }
}
