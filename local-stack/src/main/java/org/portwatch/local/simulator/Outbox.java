package org.portwatch.local.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One device's readings not yet delivered, as a phone gateway keeps them: at most one request
 * in flight, at most {@link #MAX_BATCH} readings per request, oldest first. A request the server
 * asks to repeat (429, 503, other 5xx, no answer) puts its readings back at the front and the
 * outbox waits as long as the server asked ({@code Retry-After}) or backs off; nothing is lost
 * unless the device's storage ({@link #capacity}) overflows or the server refuses the request
 * for good (another 4xx).
 */
public final class Outbox {

    /** The ingest API's limit per request. */
    public static final int MAX_BATCH = 500;
    public static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** What to do with a request's readings after its answer. */
    public enum Verdict {
        /** Answered 2xx: delivered (each accepted or rejected by ingest). */
        DELIVERED,
        /** Try again later: nothing is lost. */
        RETRY,
        /** The server refused the request itself; repeating it would not help. */
        DROP
    }

    /** The verdict on an HTTP status ({@code -1}: no answer at all). */
    public static Verdict verdict(int status) {
        if (status >= 200 && status < 300) {
            return Verdict.DELIVERED;
        }
        if (status < 0 || status == 408 || status == 429 || status >= 500) {
            return Verdict.RETRY;
        }
        return Verdict.DROP;
    }

    private final int capacity;
    private final ArrayDeque<SimReading> pending = new ArrayDeque<>();
    private List<SimReading> inFlight = List.of();
    private Instant notBefore = Instant.MIN;
    private int consecutiveFailures;

    public Outbox(int capacity) {
        this.capacity = capacity;
    }

    /** Queues readings; returns how many of the oldest had to be discarded for lack of room. */
    public synchronized int add(Collection<SimReading> readings) {
        pending.addAll(readings);
        int overflow = 0;
        while (pending.size() + inFlight.size() > capacity && !pending.isEmpty()) {
            pending.removeFirst();
            overflow++;
        }
        return overflow;
    }

    /**
     * The next request's readings if one may go now (nothing in flight, not waiting, something
     * pending), marking them in flight; otherwise an empty list.
     */
    public synchronized List<SimReading> take(Instant now) {
        if (!inFlight.isEmpty() || pending.isEmpty() || now.isBefore(notBefore)) {
            return List.of();
        }
        List<SimReading> batch = new ArrayList<>(Math.min(MAX_BATCH, pending.size()));
        while (batch.size() < MAX_BATCH && !pending.isEmpty()) {
            batch.add(pending.removeFirst());
        }
        inFlight = batch;
        return List.copyOf(batch);
    }

    /** The request in flight was answered 2xx. */
    public synchronized void delivered() {
        inFlight = List.of();
        consecutiveFailures = 0;
        notBefore = Instant.MIN;
    }

    /** The request in flight was refused for good: its readings are gone. Returns how many. */
    public synchronized int dropInFlight() {
        int dropped = inFlight.size();
        inFlight = List.of();
        return dropped;
    }

    /**
     * The request in flight must be repeated: its readings go back to the front, and no request
     * goes before {@code retryAfter} from now, or an exponential backoff when the server named no
     * delay.
     */
    public synchronized void retryLater(Instant now, Duration retryAfter) {
        for (int i = inFlight.size() - 1; i >= 0; i--) {
            pending.addFirst(inFlight.get(i));
        }
        inFlight = List.of();
        consecutiveFailures++;
        Duration wait = retryAfter != null ? retryAfter : backoff(consecutiveFailures);
        notBefore = now.plus(wait);
    }

    /** Exponential backoff after {@code failures} failed requests in a row: 1 s, 2 s, 4 s, ... 30 s. */
    public static Duration backoff(int failures) {
        int exponent = Math.max(0, Math.min(failures - 1, 10));
        Duration d = MIN_BACKOFF.multipliedBy(1L << exponent);
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    /** Readings waiting, including those in flight. */
    public synchronized int size() {
        return pending.size() + inFlight.size();
    }

    public synchronized boolean inFlight() {
        return !inFlight.isEmpty();
    }

    public synchronized Instant notBefore() {
        return notBefore;
    }
}
