package org.portwatch.alert.feed;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.portwatch.alert.work.RoundMetrics;
import org.portwatch.alert.work.RoundsConfig;

/**
 * The live feed's open streams on this replica. Each stream has a cursor (the last feed id it was sent) and its
 * care teams; whenever the feed may have grown — a commit on this replica, or a higher max id seen by the poll
 * that notices other replicas' commits — each stream reads its own rows after its cursor from the database and
 * sends them in order. Resuming with Last-Event-ID is the same read from an older cursor, so a reconnect loses
 * nothing the feed still holds (24 h) and sends nothing twice.
 */
@ApplicationScoped
public class FeedHub {

    private static final Logger LOG = Logger.getLogger(FeedHub.class);

    public static final String CONNECTIONS = "portwatch.feed.connections";

    static final String MAX_ID = "SELECT coalesce(max(id), 0) AS max FROM alert_feed";
    static final String SINCE = "SELECT id, CAST(payload AS text) AS payload FROM alert_feed"
            + " WHERE id > $1 AND care_team_id = ANY($2) ORDER BY id LIMIT $3";
    static final String PRUNE = "DELETE FROM alert_feed WHERE created_at < $1";
    static final int PAGE = 200;

    private final Pool pool;
    private final Vertx vertx;
    private final Duration poll;
    private final Duration heartbeat;
    private final Duration retention;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final AtomicLong highestSeen = new AtomicLong();
    private final List<Long> timers = new ArrayList<>();

    public FeedHub(Pool pool, Vertx vertx, MeterRegistry registry, FeedConfig config, RoundsConfig rounds,
            RoundMetrics roundMetrics) {
        this.timeout = rounds.timeout();
        this.roundMetrics = roundMetrics;
        this.pool = pool;
        this.vertx = vertx;
        this.poll = config.pollInterval();
        this.heartbeat = config.heartbeat();
        this.retention = config.retention();
        registry.gaugeCollectionSize(CONNECTIONS, List.of(), streams);
    }

    private final Duration timeout;
    private final RoundMetrics roundMetrics;

    /**
     * Bounds one of the feed's background reads by {@code alerts.rounds.timeout}: a read that hangs is abandoned and
     * counted, and the stream it served reads again at the next wake-up or poll instead of staying stuck.
     */
    private <T> io.smallrye.mutiny.Uni<T> bounded(io.smallrye.mutiny.Uni<T> read) {
        return read.ifNoItem().after(timeout).fail().onFailure(io.smallrye.mutiny.TimeoutException.class)
                .invoke(failure -> roundMetrics.abandoned(RoundMetrics.Round.FEED));
    }

    void onStart(@Observes StartupEvent event) {
        timers.add(vertx.setPeriodic(poll.toMillis(), id -> pollMax()));
        timers.add(vertx.setPeriodic(heartbeat.toMillis(), id -> heartbeats()));
        timers.add(vertx.setPeriodic(Duration.ofMinutes(10).toMillis(), id -> prune()));
    }

    void onStop(@Observes ShutdownEvent event) {
        timers.forEach(vertx::cancelTimer);
        streams.forEach(Stream::close);
    }

    /**
     * Opens a stream for {@code careTeams} and sends, in order, every feed event after {@code lastEventId} (none:
     * from now on). Closes it at {@code expiresAt}, when the token that opened it expires.
     */
    public void open(SseEventSink sink, Sse sse, Set<String> careTeams, Long lastEventId, Instant expiresAt) {
        Uni<Long> start = lastEventId != null ? Uni.createFrom().item(lastEventId)
                : pool.query(MAX_ID).execute().map(rows -> rows.iterator().next().getLong("max"));
        start.subscribe().with(cursor -> {
            Stream stream = new Stream(sink, sse, careTeams.toArray(String[]::new), cursor, expiresAt);
            // Data as text: it is JSON already, and SSE data carries no content type of its own.
            stream.send(sse.newEventBuilder().name("ready").mediaType(MediaType.TEXT_PLAIN_TYPE)
                    .data("{\"lastEventId\":" + lastEventId + "}").build());
            streams.add(stream);
            stream.pump();
        }, failure -> {
            LOG.warnf("live feed: could not open a stream: %s", failure.toString());
            sink.close();
        });
    }

    /** The feed grew on this replica: every stream reads what is new for it. */
    public void wake() {
        streams.forEach(Stream::pump);
    }

    int openStreams() {
        return streams.size();
    }

    private void pollMax() {
        if (streams.isEmpty()) {
            return;
        }
        bounded(pool.query(MAX_ID).execute()).subscribe().with(rows -> {
            long max = rows.iterator().next().getLong("max");
            if (max > highestSeen.getAndAccumulate(max, Math::max)) {
                wake();
            }
        }, failure -> LOG.debugf("live feed: poll failed: %s", failure));
    }

    private void heartbeats() {
        Instant now = Instant.now();
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
    }

    private void prune() {
        bounded(pool.preparedQuery(PRUNE).execute(Tuple.of(Instant.now().minus(retention).atOffset(ZoneOffset.UTC))))
                .subscribe().with(rows -> { }, failure -> LOG.debugf("live feed: prune failed: %s", failure));
    }

    /** One client's stream. */
    private final class Stream {

        final SseEventSink sink;
        final Sse sse;
        final String[] careTeams;
        final Instant expiresAt;
        volatile long cursor;
        final AtomicBoolean busy = new AtomicBoolean();
        final AtomicBoolean dirty = new AtomicBoolean();

        Stream(SseEventSink sink, Sse sse, String[] careTeams, long cursor, Instant expiresAt) {
            this.sink = sink;
            this.sse = sse;
            this.careTeams = careTeams;
            this.cursor = cursor;
            this.expiresAt = expiresAt;
        }

        void pump() {
            if (careTeams.length == 0) {
                return;
            }
            if (!busy.compareAndSet(false, true)) {
                dirty.set(true);
                return;
            }
            dirty.set(false);
            bounded(pool.preparedQuery(SINCE).execute(Tuple.of(cursor, careTeams, PAGE))).subscribe().with(rows -> {
                CompletionStage<?> sent = CompletableFuture.completedFuture(null);
                int count = 0;
                for (Row row : rows) {
                    long id = row.getLong("id");
                    OutboundSseEvent event = sse.newEventBuilder().id(Long.toString(id)).name("alert")
                            .mediaType(MediaType.TEXT_PLAIN_TYPE).data(row.getString("payload")).build();
                    sent = sent.thenCompose(ignored -> sink.send(event));
                    cursor = id;
                    count++;
                }
                boolean more = count == PAGE;
                sent.whenComplete((ignored, failure) -> {
                    busy.set(false);
                    if (failure != null) {
                        close();
                    } else if (more || dirty.get()) {
                        pump();
                    }
                });
            }, failure -> {
                busy.set(false);
                LOG.debugf("live feed: read failed, next wake-up retries: %s", failure);
            });
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
            streams.remove(this);
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
