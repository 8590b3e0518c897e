package org.portwatch.alert.database;

import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One transaction that records a whole batch of detector events (the alerts consumer's): what its events read alike
 * is read once, and what they write alike is written at once, at the end, with one multi-row statement per kind.
 *
 * <p>Without it, each event ran about a dozen statements one after the other (the escalation policy, the webhooks and
 * push subscriptions of its team, a timeline insert, the feed's lock and insert, one outbox insert per target...):
 * a burst after a regional outage queued minutes of round trips before a FEVER behind it was recorded
 * (docs/benchmarks.md, "Alerts of record at scale").
 *
 * <p>The scope lives in the Vert.x (duplicated) context that runs the transaction, as the Hibernate Reactive session
 * does, so the repositories find it without every method between them passing it on; outside a batch
 * {@link #current()} is null and every statement runs at once, as before. Only what cannot change under the
 * transaction is {@linkplain #memo memoized}: the caller holds the patients' locks, and a team's policy or channels
 * changed meanwhile by the API are seen by the next batch, as they would be by an event recorded a moment earlier.
 * Deferred rows are written before the transaction commits; nothing in the batch reads them back.
 */
public final class BatchScope {

    private static final String KEY = BatchScope.class.getName();

    /** Writes the rows one kind of statement deferred, in the order they were deferred; within the transaction. */
    @FunctionalInterface
    public interface Writer {
        Uni<Void> write(List<Object[]> rows);
    }

    private final Map<String, Optional<?>> memos = new HashMap<>();
    private final Map<Writer, List<Object[]>> deferred = new LinkedHashMap<>();
    private final Map<String, Object> facts = new HashMap<>();

    private BatchScope() {
    }

    /** The batch the current transaction records; null outside one (a single event, an API request, a unit test). */
    public static BatchScope current() {
        Context context = Vertx.currentContext();
        if (context == null || !VertxContext.isDuplicatedContext(context)) {
            return null;
        }
        return ContextLocals.<BatchScope>get(KEY).orElse(null);
    }

    /**
     * Runs {@code work} as one batch, then writes everything it deferred, before the caller's transaction commits.
     * Call inside the transaction, on its context. A failure anywhere fails the whole (the transaction rolls back).
     */
    public static <T> Uni<T> run(Supplier<Uni<T>> work) {
        Context context = Vertx.currentContext();
        if (context == null || !VertxContext.isDuplicatedContext(context)) {
            return work.get();
        }
        return Uni.createFrom().deferred(() -> {
            BatchScope scope = new BatchScope();
            ContextLocals.put(KEY, scope);
            return work.get().call(scope::writeDeferred);
        }).onTermination().invoke(() -> ContextLocals.remove(KEY));
    }

    /**
     * The value {@code load} gives for {@code key} of {@code kind}, loaded once per batch (null included): a value
     * that no statement of this transaction can change.
     */
    @SuppressWarnings("unchecked")
    public <T> Uni<T> memo(String kind, Object key, Supplier<Uni<T>> load) {
        String id = kind + '\u0000' + key;
        Optional<?> known = memos.get(id);
        if (known != null) {
            return Uni.createFrom().item((T) known.orElse(null));
        }
        return load.get().invoke(value -> memos.put(id, Optional.ofNullable(value)));
    }

    /** Remembers {@code value} for {@code key} of {@code kind}, as {@link #memo} would have loaded it (a prefetch). */
    public void remember(String kind, Object key, Object value) {
        memos.put(kind + '\u0000' + key, Optional.ofNullable(value));
    }

    /** A fact the batch established for its statements ({@code name}); null when nobody set it. */
    @SuppressWarnings("unchecked")
    public <T> T fact(String name) {
        return (T) facts.get(name);
    }

    public void fact(String name, Object value) {
        facts.put(name, value);
    }

    /** Defers one row of {@code writer}'s statement to the end of the batch. */
    public void defer(Writer writer, Object... row) {
        deferred.computeIfAbsent(writer, ignored -> new ArrayList<>()).add(row);
    }

    private Uni<Void> writeDeferred() {
        if (deferred.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // The session's new alerts first: the deferred rows refer to them, and a native statement does not flush it.
        Uni<Void> chain = BatchRepository.flushSession();
        // One statement at a time (a reactive session runs one at once), in the order the kinds were first deferred.
        for (Map.Entry<Writer, List<Object[]>> kind : deferred.entrySet()) {
            chain = chain.flatMap(ignored -> kind.getKey().write(List.copyOf(kind.getValue())));
        }
        return chain.invoke(deferred::clear);
    }

    /**
     * {@code rows} as chunks of at most {@code maxRows}: PostgreSQL takes at most 65,535 parameters a statement.
     */
    public static Uni<Void> inChunks(List<Object[]> rows, int maxRows, Function<List<Object[]>, Uni<?>> statement) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int from = 0; from < rows.size(); from += maxRows) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + maxRows));
            chain = chain.flatMap(ignored -> statement.apply(chunk).replaceWithVoid());
        }
        return chain;
    }

    /** {@code (?k, ?k+1, ...), (...)}: the VALUES of a multi-row statement of {@code rows} rows of {@code width}. */
    public static String values(int rows, int width, Function<Integer, String> column) {
        StringBuilder text = new StringBuilder();
        int parameter = 1;
        for (int row = 0; row < rows; row++) {
            text.append(row == 0 ? "(" : ", (");
            for (int col = 0; col < width; col++) {
                text.append(col == 0 ? "" : ", ").append(column.apply(col).replace("?", "?" + parameter++));
            }
            text.append(')');
        }
        return text.toString();
    }
}
