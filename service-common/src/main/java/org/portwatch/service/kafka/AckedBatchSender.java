package org.portwatch.service.kafka;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Sends a batch to Kafka and completes when the broker acknowledged its last record, or fails on the first record it
 * did not acknowledge, within a bounded time: what ingest needs before answering 202 and alert-service's profile
 * outbox before deleting its rows. The guarantee is the producer's (acks=all, idempotent: the caller's config); this
 * class adds the bounds around it:
 *
 * <ul>
 *   <li><b>In flight</b>: at most {@link Limits#maxInFlightRecords()} records handed (or about to be handed) to the
 *       producer and not yet acknowledged or failed; a batch that does not fit is refused at once
 *       ({@link Refused.Reason#IN_FLIGHT_LIMIT}), so a broker outage costs neither memory nor fresh batches' latency.
 *   <li><b>Send window</b>: records are handed to the producer only within {@link Limits#sendWindow()} of the call.
 *       The caller sizes its producer's {@code max.block.ms} and {@code delivery.timeout.ms} so that the producer's
 *       own verdict on the last record comes before {@link Limits#timeout()}: then a batch that failed was never
 *       sent behind the caller's back after it said so.
 *   <li><b>Timeout</b>: the safety net; the batch fails with {@link TimeoutException}. A batch that failed, timed out
 *       or was cancelled hands no further record to the producer (one already handed over cannot be recalled).
 * </ul>
 *
 * <p>{@code send} may block (metadata not yet known) for up to {@code max.block.ms}, so it never runs on the
 * caller's thread (an event loop): a small pool of its own does it, and the producer's I/O thread the rest. Records
 * of one batch are handed over in order by one thread; with one thread, batches too keep their order.
 *
 * <p>The producer is the caller's (its config, its metrics, its {@code close}); {@link #close} only stops this
 * sender taking on new batches and lets the handing-over finish.
 *
 * @param <T> what the caller sends (a reading, an outbox row); {@code toRecord} makes its record
 */
public final class AckedBatchSender<T, K, V> {

    /**
     * @param maxInFlightRecords records waiting for the broker at most; beyond that a batch is refused
     * @param sendWindow         records are handed to the producer only this long after {@link #send} was called
     * @param timeout            a batch not acknowledged by then fails with {@link TimeoutException}
     */
    public record Limits(int maxInFlightRecords, Duration sendWindow, Duration timeout) {

        public Limits {
            if (maxInFlightRecords < 1 || sendWindow.isNegative() || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("in-flight limit and timeout must be positive: " + maxInFlightRecords
                        + ", " + sendWindow + ", " + timeout);
            }
        }
    }

    private final Producer<K, V> producer;
    private final Function<? super T, ProducerRecord<K, V>> toRecord;
    private final Consumer<Refused.Reason> onRefused;
    private final int maxInFlight;
    private final long sendWindowNanos;
    private final Duration timeout;
    /** One permit per record handed (or about to be handed) to the producer and not yet acknowledged or failed. */
    private final Semaphore inFlight;
    /** Its queue holds at most one task per in-flight permit, so the semaphore bounds it. */
    private final ThreadPoolExecutor sender;
    private volatile boolean closing;

    /**
     * @param name       names the sending threads ({@code name}), for thread dumps
     * @param threads    sending threads: 1 keeps batches in order; more let one batch blocked on metadata not hold
     *                   up others
     * @param toRecord   the record of an item; make it a non-capturing lambda, so it costs no allocation per send
     * @param onRefused  told each time a batch is refused without any record handed over (for the caller's meters)
     */
    public AckedBatchSender(String name, int threads, Producer<K, V> producer,
            Function<? super T, ProducerRecord<K, V>> toRecord, Limits limits, Consumer<Refused.Reason> onRefused) {
        this.producer = producer;
        this.toRecord = toRecord;
        this.onRefused = onRefused;
        this.maxInFlight = limits.maxInFlightRecords();
        this.sendWindowNanos = limits.sendWindow().toNanos();
        this.timeout = limits.timeout();
        this.inFlight = new Semaphore(maxInFlight);
        this.sender = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, name);
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * Completes when the broker acknowledged every record of {@code items}; fails with {@link Refused} when none was
     * handed to the producer (over the in-flight limit, the send window passed before the first, closing), with
     * {@link TimeoutException} when the window or the timeout passed, or with the producer's error.
     * An empty batch completes at once.
     */
    public Uni<Void> send(List<? extends T> items) {
        if (items.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        long sendBy = System.nanoTime() + sendWindowNanos;
        return Uni.createFrom().<Void>emitter(emitter -> start(items, sendBy, emitter))
                // The safety net: the producer's verdict comes first when the caller sized its timeouts as above.
                // Failing here abandons what was not yet handed over.
                .ifNoItem().after(timeout).failWith(TimeoutException::new);
    }

    /** Records handed to the producer (or about to be) and not yet acknowledged or failed. */
    public int inFlight() {
        return maxInFlight - inFlight.availablePermits();
    }

    /**
     * Refuses new batches ({@link Refused.Reason#SHUTTING_DOWN}) and waits up to {@code grace} for those being handed
     * over; what is with the producer then is the producer's to deliver or fail before the caller closes it.
     */
    public void close(Duration grace) {
        closing = true;
        sender.shutdown();
        try {
            sender.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether {@code error} (a failure of {@link #send}) means time ran out rather than the broker refusing. */
    public static boolean isTimeout(Throwable error) {
        return error instanceof TimeoutException || error instanceof org.apache.kafka.common.errors.TimeoutException;
    }

    private void start(List<? extends T> items, long sendBy, UniEmitter<? super Void> emitter) {
        if (closing) {
            refuse(emitter, Refused.Reason.SHUTTING_DOWN);
            return;
        }
        if (!inFlight.tryAcquire(items.size())) {
            refuse(emitter, Refused.Reason.IN_FLIGHT_LIMIT);
            return;
        }
        Batch batch = new Batch(items.size(), emitter);
        // Failed, timed out or cancelled: whatever is not yet with the producer is never sent.
        emitter.onTermination(batch::abandon);
        try {
            sender.execute(() -> handOver(items, sendBy, batch));
        } catch (RejectedExecutionException shuttingDown) {
            inFlight.release(items.size());
            refuse(emitter, Refused.Reason.SHUTTING_DOWN);
        }
    }

    private void handOver(List<? extends T> items, long sendBy, Batch batch) {
        int size = items.size();
        for (int i = 0; i < size; i++) {
            if (batch.over.get() || System.nanoTime() - sendBy > 0) {
                inFlight.release(size - i);
                if (i == 0) {
                    onRefused.accept(Refused.Reason.EXPIRED);
                    batch.fail(new Refused(Refused.Reason.EXPIRED));
                } else {
                    batch.fail(new TimeoutException("send window passed after " + i + " of " + size));
                }
                return;
            }
            try {
                // The batch is the callback: no allocation per record beyond the record itself.
                producer.send(toRecord.apply(items.get(i)), batch);
            } catch (RuntimeException error) {
                // The producer threw instead of calling back (not an ApiException): this and the rest never left.
                inFlight.release(size - i);
                batch.fail(error);
                return;
            }
        }
    }

    private void refuse(UniEmitter<? super Void> emitter, Refused.Reason reason) {
        onRefused.accept(reason);
        emitter.fail(new Refused(reason));
    }

    /** One batch on its way to the broker; the producer calls it back once per record. */
    private final class Batch implements Callback {

        final UniEmitter<? super Void> emitter;
        final AtomicInteger pending;
        /** Failed or abandoned: stop handing records over. */
        final AtomicBoolean over = new AtomicBoolean();

        Batch(int size, UniEmitter<? super Void> emitter) {
            this.emitter = emitter;
            this.pending = new AtomicInteger(size);
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception error) {
            inFlight.release();
            if (error != null) {
                fail(error);
            } else if (pending.decrementAndGet() == 0 && !over.get()) {
                emitter.complete(null);
            }
        }

        void fail(Throwable error) {
            if (over.compareAndSet(false, true)) {
                emitter.fail(error);
            }
        }

        void abandon() {
            over.set(true);
        }
    }

    /** A batch of which no record was handed to the producer: nothing of it can reach the topic. */
    public static final class Refused extends RuntimeException {

        public enum Reason {
            /** The in-flight limit was reached: records already waiting for the broker. */
            IN_FLIGHT_LIMIT,
            /** The send window passed (or the batch was cancelled) before its first record was handed over. */
            EXPIRED,
            /** {@link #close} was called. */
            SHUTTING_DOWN
        }

        private final Reason reason;

        Refused(Reason reason) {
            super(reason.name(), null, false, false);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }
}
