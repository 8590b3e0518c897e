package org.portwatch.loadgen;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.AsyncResult;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * One client event loop: its own HttpClient (keep-alive HTTP/1.1, no pipelining, at most
 * {@code connections} connections), its own share of the devices, and, at a fixed rate, its
 * own interleaved share of the schedule. Everything here runs on the loop's thread.
 *
 * <p>At a fixed rate a request leaves when it is due and a connection is free; if none is, it
 * waits, and its latency still counts from when it was due. Flat out (no schedule) every
 * connection carries one request at a time, the next leaving as soon as the answer is in.
 *
 * <p>A request is measured if it was due (flat out: sent) inside the window; its answer may come
 * while the run drains, for at most the drain time. No request is sent after the window.
 */
final class Worker extends AbstractVerticle {

    /** Live totals for the progress line, shared by all loops. */
    static final class Live {
        final LongAdder responses = new LongAdder();
        final LongAdder accepted = new LongAdder();
    }

    record Timing(long startNanos, long windowStartNanos, long endNanos, long requestTimeoutMillis, long drainMillis) {
    }

    private static final long RETRY_AFTER_ERROR_MILLIS = 10;

    private final Target target;
    private final Format format;
    private final String readingsPath;
    private final Device[] devices;
    private final int batch;
    private final int connections;
    private final RateSchedule schedule;
    private final Timing timing;
    private final ReadingFactory readings;
    private final Live live;
    private final Promise<Stats> done;
    private final Stats stats = new Stats();

    private HttpClient client;
    private int inFlight;
    private long sent;
    private int nextDevice;
    private long timerId = -1;
    private boolean stopping;
    private boolean finished;

    /**
     * @param schedule this loop's share of the fixed-rate schedule, or null for flat out
     * @param done     completed, on this loop, with what it measured once it stopped
     */
    Worker(Target target, Format format, Device[] devices, int batch, int connections, RateSchedule schedule,
            Timing timing, ReadingFactory readings, Live live, Promise<Stats> done) {
        this.target = target;
        this.format = format;
        this.readingsPath = target.path(format.path());
        this.devices = devices;
        this.batch = batch;
        this.connections = connections;
        this.schedule = schedule;
        this.timing = timing;
        this.readings = readings;
        this.live = live;
        this.done = done;
    }

    static ReadingFactory readingsFor(long runSeed, int worker, double feverShare) {
        return new ReadingFactory(runSeed, worker, new SplittableRandom(runSeed ^ (worker * 0x9E3779B97F4A7C15L)),
                feverShare);
    }

    @Override
    public void start() {
        client = vertx.createHttpClient(
                new HttpClientOptions()
                        .setKeepAlive(true)
                        .setPipelining(false)
                        .setTcpNoDelay(true)
                        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timing.requestTimeoutMillis())),
                new PoolOptions().setHttp1MaxSize(connections));
        long now = System.nanoTime();
        vertx.setTimer(Math.max(1, (timing.startNanos() - now) / 1_000_000), id -> pump());
        vertx.setTimer(Math.max(1, (timing.endNanos() - now + 999_999) / 1_000_000), id -> stopSending());
    }

    private void pump() {
        if (stopping) {
            return;
        }
        long now = System.nanoTime();
        if (now >= timing.endNanos()) {
            stopSending();
            return;
        }
        if (schedule == null) {
            while (inFlight < connections) {
                send(now, now);
            }
            return;
        }
        long due = schedule.dueBy(now);
        while (sent < due && inFlight < connections) {
            send(schedule.intendedTime(sent), now);
        }
        if (sent >= due && timerId == -1) {
            timerId = vertx.setTimer(schedule.millisUntil(sent, now), id -> {
                timerId = -1;
                pump();
            });
        }
        // Otherwise every connection is busy: the next answer pumps again.
    }

    private void send(long intendedNanos, long nowNanos) {
        sent++;
        inFlight++;
        if (intendedNanos >= timing.windowStartNanos() && intendedNanos < timing.endNanos()) {
            stats.sentInWindow++;
            stats.maxLagNanos = Math.max(stats.maxLagNanos, nowNanos - intendedNanos);
        }
        Device device = devices[nextDevice];
        nextDevice = nextDevice + 1 == devices.length ? 0 : nextDevice + 1;
        Buffer body = Buffer.buffer(readings.body(format, batch, Instant.now()));
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(target.host())
                .setPort(target.port())
                .setURI(readingsPath)
                .setIdleTimeout(timing.requestTimeoutMillis())
                .setHeaders(MultiMap.caseInsensitiveMultiMap()
                        .add(HttpHeaders.AUTHORIZATION, device.authorization())
                        .add(HttpHeaders.CONTENT_TYPE, format.contentType()));
        client.request(options)
                .compose(request -> request.send(body))
                .compose(response -> response.body().map(buffer -> new Answer(response.statusCode(), buffer)))
                .onComplete(ar -> complete(intendedNanos, ar));
    }

    private record Answer(int status, Buffer body) {
    }

    private void complete(long intendedNanos, AsyncResult<Answer> ar) {
        long now = System.nanoTime();
        inFlight--;
        if (finished) {
            return;
        }
        boolean ok = ar.succeeded() && ar.result().status() == format.success();
        live.responses.increment();
        if (ok) {
            live.accepted.increment();
        }
        // A request belongs to the window it was due in (flat out: sent in), wherever its answer lands:
        // the backlog of a slow warmup does not count, and answers that come in while the run drains do.
        if (intendedNanos >= timing.windowStartNanos() && intendedNanos < timing.endNanos()) {
            if (ar.succeeded()) {
                Answer answer = ar.result();
                String text = answer.body().toString();
                int accepted = 0;
                if (ok) {
                    accepted = format.accepted(text);
                    if (accepted < 0) {
                        accepted = batch; // a 202 whose body does not count: trust the status
                    }
                }
                stats.record(Integer.toString(answer.status()), ok, now - intendedNanos, accepted, ok ? null : text);
            } else {
                stats.record(Stats.errorKey(ar.cause()), now - intendedNanos, 0, String.valueOf(ar.cause()));
            }
        }
        if (stopping) {
            if (inFlight == 0) {
                finish();
            }
            return;
        }
        if (ar.failed() && schedule == null) {
            // No answer at all (refused, reset, timed out): do not spin on a dead server.
            vertx.setTimer(RETRY_AFTER_ERROR_MILLIS, id -> pump());
        } else {
            pump();
        }
    }

    private void stopSending() {
        if (stopping) {
            return;
        }
        stopping = true;
        if (schedule != null) {
            stats.scheduledInWindow = schedule.dueBetween(timing.windowStartNanos(), timing.endNanos());
        }
        if (inFlight == 0) {
            finish();
        } else {
            vertx.setTimer(Math.max(1, timing.drainMillis()), id -> finish());
        }
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        stats.inFlightAtEnd = inFlight;
        client.close();
        done.complete(stats);
    }
}
