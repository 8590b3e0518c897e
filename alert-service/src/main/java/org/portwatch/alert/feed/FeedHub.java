package org.portwatch.alert.feed;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.portwatch.alert.role.ApiStarting;
import org.portwatch.alert.work.PeriodicRounds;
import org.portwatch.alert.work.RoundMetrics;
import org.portwatch.alert.work.RoundsConfig;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;

/**
 * The live feed's open streams on this replica. Each stream has a cursor (the last feed id considered for it) and its
 * care teams. Whenever the feed may have grown — a commit on this replica, or a higher max id seen by the poll that
 * notices other replicas' commits — one read, shared by every open stream, fetches the rows after the lowest cursor
 * for the care teams of all of them, and each row goes, in memory, to the streams that hold its team and have not had
 * it: an alert change costs one query however many screens are open, on the pool that also records alerts. Resuming
 * with Last-Event-ID is a stream with an older cursor: the next shared read starts from it, so a reconnect loses
 * nothing the feed still holds (24 h) and gets nothing twice.
 *
 * <p>Streams are limited per subject and per replica ({@link FeedConfig}); a stream over a limit is refused with 429
 * and Retry-After before anything is sent on it.
 */
@ApplicationScoped
public class FeedHub {

    private final Clock clock;

    private static final Logger LOG = Logger.getLogger(FeedHub.class);

    public static final String CONNECTIONS = "portwatch.feed.connections";
    public static final String REFUSED = "portwatch.feed.refused";
    public static final String READS = "portwatch.feed.reads";

    static final String MAX_ID = "SELECT coalesce(max(id), 0) AS max FROM alert_feed";
    static final String AFTER = "SELECT id, care_team_id, CAST(payload AS text) AS payload FROM alert_feed"
            + " WHERE id > $1 AND care_team_id = ANY($2) ORDER BY id LIMIT $3";
    static final String PRUNE = "DELETE FROM alert_feed WHERE created_at < $1";
    static final int PAGE = 200;
    /** Rows older than the retention go every 10 minutes: the table stays a day of events, give or take minutes. */
    static final Duration PRUNE_EVERY = Duration.ofMinutes(10);

    /** Which limit refused a stream (a bounded tag value). */
    public enum Limit {
        SUBJECT, REPLICA
    }

    private final Pool pool;
    private final FeedConfig config;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    /** Streams admitted (open, or opening) per subject and in all; guarded by {@code this}. */
    private final Map<String, Integer> admittedBySubject = new HashMap<>();
    private int admitted;
    private final AtomicLong highestSeen = new AtomicLong();
    /**
     * The shared read: at once when woken (a commit here, a higher max id seen by the poll), one at a time, again
     * right after when woken meanwhile or when a page was full; every heartbeat as a safety net.
     */
    private final PeriodicRounds reads;
    /** The poll that notices other replicas' commits (the max id grew) and wakes the read. */
    private final PeriodicRounds poll;
    private final PeriodicRounds heartbeats;
    private final PeriodicRounds prune;
    private final Duration shutdownGrace;
    private final Map<Limit, Counter> refused = new EnumMap<>(Limit.class);
    private final Counter readCount;

    public FeedHub(Pool pool, Vertx vertx, MeterRegistry registry, FeedConfig config, RoundsConfig rounds,
            RoundMetrics roundMetrics, Clock clock) {
        this.clock = clock;
        this.pool = pool;
        this.config = config;
        this.shutdownGrace = rounds.shutdownGrace();
        Runnable abandoned = () -> roundMetrics.abandoned(RoundMetrics.Round.FEED);
        this.reads = new PeriodicRounds("feed-reads", vertx, config.heartbeat(), rounds.timeout(), abandoned, this::read);
        this.poll = new PeriodicRounds("feed-poll", vertx, config.pollInterval(), rounds.timeout(), abandoned,
                this::pollMax);
        this.heartbeats = new PeriodicRounds("feed-heartbeats", vertx, config.heartbeat(), rounds.timeout(), abandoned,
                this::heartbeat);
        this.prune = new PeriodicRounds("feed-prune", vertx, PRUNE_EVERY, rounds.timeout(), abandoned, this::prune);
        registry.gaugeCollectionSize(CONNECTIONS, List.of(), streams);
        for (Limit limit : Limit.values()) {
            refused.put(limit, Counter.builder(REFUSED)
                    .description("Live-feed streams refused (429) because a limit was reached")
                    .tag("limit", limit.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        readCount = Counter.builder(READS)
                .description("Reads of new feed rows, each shared by every open stream of this replica")
                .register(registry);
    }

    /**
     * The feed's background work runs as periodic rounds (bounded by {@code alerts.rounds.timeout}: a read that hangs
     * is abandoned and counted, and the next wake-up or poll reads again instead of staying stuck).
     */
    void onStart(@Observes ApiStarting event) {
        List.of(reads, poll, heartbeats, prune).forEach(PeriodicRounds::start);
    }

    void onStop(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
        List.of(poll, heartbeats, prune, reads).forEach(round -> round.stop(shutdownGrace));
        streams.forEach(Stream::close);
    }

    /**
     * Opens a stream of {@code subject} for {@code careTeams} and sends, in order, every feed event after
     * {@code lastEventId} (none: from now on). Closes it at {@code expiresAt}, when the token that opened it expires.
     *
     * @throws ProblemException 429 with Retry-After when the subject or this replica holds as many streams as allowed;
     *                          nothing was sent on {@code sink}
     */
    public void open(String subject, SseEventSink sink, Sse sse, Set<String> careTeams, Long lastEventId,
            Instant expiresAt) {
        admit(subject);
        Uni<Long> start = lastEventId != null ? Uni.createFrom().item(lastEventId)
                : pool.query(MAX_ID).execute().map(rows -> rows.iterator().next().getLong("max"));
        start.subscribe().with(cursor -> {
            Stream stream = new Stream(subject, sink, sse, careTeams.toArray(String[]::new), cursor, expiresAt);
            // Data as text: it is JSON already, and SSE data carries no content type of its own.
            stream.send(sse.newEventBuilder().name("ready").mediaType(MediaType.TEXT_PLAIN_TYPE)
                    .data("{\"lastEventId\":" + lastEventId + "}").build());
            streams.add(stream);
            wake();
        }, failure -> {
            LOG.warnf("live feed: could not open a stream: %s", failure.toString());
            release(subject);
            sink.close();
        });
    }

    private synchronized void admit(String subject) {
        if (admitted >= config.maxStreams()) {
            throw refuse(Limit.REPLICA, "This server holds as many live feeds as it serves; try again shortly.");
        }
        int mine = admittedBySubject.getOrDefault(subject, 0);
        if (mine >= config.maxStreamsPerSubject()) {
            throw refuse(Limit.SUBJECT, "You have " + mine + " live feeds open, the most one user may hold: close one "
                    + "(another tab or device), or try again once it has closed.");
        }
        admittedBySubject.put(subject, mine + 1);
        admitted++;
    }

    private synchronized void release(String subject) {
        admitted--;
        admittedBySubject.computeIfPresent(subject, (key, count) -> count <= 1 ? null : count - 1);
    }

    private ProblemException refuse(Limit limit, String detail) {
        refused.get(limit).increment();
        return new ProblemException(ProblemType.RATE_LIMITED, detail, List.of(),
                Map.of("Retry-After", Long.toString(Math.max(1, config.refusedRetryAfter().toSeconds()))));
    }

    /**
     * The feed grew: one read of the rows after the lowest cursor, for every stream's teams, handed to each stream in
     * memory. While a read runs, further wake-ups make one more read after it. Never blocks.
     */
    public void wake() {
        if (!streams.isEmpty()) {
            reads.wake();
        }
    }

    /** One shared read; true when a page was full (more rows wait). */
    private Uni<Boolean> read() {
        List<Stream> open = List.copyOf(streams);
        Set<String> teams = new TreeSet<>();
        long from = Long.MAX_VALUE;
        for (Stream stream : open) {
            if (stream.careTeams.length > 0) {
                teams.addAll(List.of(stream.careTeams));
                from = Math.min(from, stream.cursor);
            }
        }
        if (teams.isEmpty()) {
            return Uni.createFrom().item(false);
        }
        readCount.increment();
        long after = from;
        return pool.preparedQuery(AFTER).execute(Tuple.of(after, teams.toArray(String[]::new), PAGE)).map(rows -> {
            long last = after;
            int count = 0;
            for (Row row : rows) {
                long id = row.getLong("id");
                String team = row.getString("care_team_id");
                String payload = row.getString("payload");
                for (Stream stream : open) {
                    stream.offer(id, team, payload);
                }
                last = id;
                count++;
            }
            for (Stream stream : open) {
                stream.advance(last);
            }
            return count == PAGE;
        }).onFailure().recoverWithItem(failure -> {
            LOG.debugf("live feed: read failed, next wake-up retries: %s", failure);
            return false;
        });
    }

    int openStreams() {
        return streams.size();
    }

    private Uni<Boolean> pollMax() {
        if (streams.isEmpty()) {
            return Uni.createFrom().item(false);
        }
        return pool.query(MAX_ID).execute().map(rows -> {
            long max = rows.iterator().next().getLong("max");
            if (max > highestSeen.getAndAccumulate(max, Math::max)) {
                wake();
            }
            return false;
        }).onFailure().recoverWithItem(failure -> {
            LOG.debugf("live feed: poll failed: %s", failure);
            return false;
        });
    }

    private Uni<Boolean> heartbeat() {
        Instant now = clock.instant();
        for (Stream stream : streams) {
            if (stream.sink.isClosed()) {
                stream.close();
            } else if (stream.expiresAt != null && now.isAfter(stream.expiresAt)) {
                // The token is no longer valid: the client must come back with a fresh one.
                stream.close();
            } else {
                stream.send(stream.sse.newEventBuilder().comment("heartbeat").build());
            }
        }
        return Uni.createFrom().item(false);
    }

    private Uni<Boolean> prune() {
        return pool.preparedQuery(PRUNE).execute(Tuple.of(clock.instant().minus(config.retention())
                        .atOffset(ZoneOffset.UTC)))
                .map(rows -> false)
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("live feed: prune failed: %s", failure);
                    return false;
                });
    }

    /** One client's stream. */
    private final class Stream {

        final String subject;
        final SseEventSink sink;
        final Sse sse;
        final String[] careTeams;
        final Set<String> teams;
        final Instant expiresAt;
        /** The last feed id considered for this stream: sent, or not of its teams. */
        volatile long cursor;
        /** Events handed to the sink and not yet written; guarded by {@code this}. */
        private int pending;
        private CompletionStage<?> sent = CompletableFuture.completedFuture(null);
        private final AtomicBoolean closed = new AtomicBoolean();

        Stream(String subject, SseEventSink sink, Sse sse, String[] careTeams, long cursor, Instant expiresAt) {
            this.subject = subject;
            this.sink = sink;
            this.sse = sse;
            this.careTeams = careTeams;
            this.teams = Set.of(careTeams);
            this.cursor = cursor;
            this.expiresAt = expiresAt;
        }

        /** Sends the row if it is this stream's and new to it, after every event sent before, in order. */
        synchronized void offer(long id, String team, String payload) {
            if (id <= cursor || !teams.contains(team) || closed.get()) {
                return;
            }
            cursor = id;
            if (++pending > config.maxPendingEvents()) {
                // A client that does not read: it resumes with Last-Event-ID when it reconnects.
                close();
                return;
            }
            OutboundSseEvent event = sse.newEventBuilder().id(Long.toString(id)).name("alert")
                    .mediaType(MediaType.TEXT_PLAIN_TYPE).data(payload).build();
            sent = sent.thenCompose(ignored -> sink.send(event)).whenComplete((ignored, failure) -> {
                synchronized (this) {
                    pending--;
                }
                if (failure != null) {
                    close();
                }
            });
        }

        /** Every row up to {@code id} has been considered for this stream. */
        synchronized void advance(long id) {
            if (id > cursor) {
                cursor = id;
            }
        }

        void send(OutboundSseEvent event) {
            if (sink.isClosed()) {
                close();
                return;
            }
            sink.send(event).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    close();
                }
            });
        }

        void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            streams.remove(this);
            release(subject);
            if (!sink.isClosed()) {
                try {
                    sink.close();
                } catch (RuntimeException ignored) {
                    // already gone
                }
            }
        }
    }
}
