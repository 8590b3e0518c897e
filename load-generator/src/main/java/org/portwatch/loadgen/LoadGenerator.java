package org.portwatch.loadgen;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * HTTP load against ingest-service's {@code POST /api/v1/readings}: registers fresh devices,
 * then sends valid readings flat out (closed loop) or at a fixed rate (open loop, latency from
 * the intended send time), and reports throughput, every status code and latency percentiles.
 * Loopback targets only; always stops after warmup + duration (plus a short drain).
 *
 * <p>Exit codes: 0 measured and at least one 202; 1 the run failed; 2 bad command line;
 * 3 measured, but no request was answered 202.
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.HelpRequested help) {
            out.println(Options.USAGE);
            return 0;
        } catch (Options.UsageException e) {
            err.println("load-generator: " + e.getMessage());
            err.println(Options.USAGE);
            return 2;
        }
        PrintStream report = options.json() ? err : out;
        Vertx vertx = null;
        try {
            // Devices are always registered, so the credentials (admin token) are always needed.
            Credentials credentials = Credentials.read(options.credentials());
            String adminToken = credentials.adminToken();
            String url = options.url();
            if (url == null) {
                url = credentials.ingestUrl();
                if (url == null) {
                    throw new Options.UsageException(options.credentials() + " has no ingestUrl: pass --url");
                }
            }
            if (adminToken == null || adminToken.isBlank()) {
                throw new Options.UsageException(options.credentials() + " has no adminToken: cannot register devices");
            }
            Target target = Target.parse(url).requireLoopback();
            String warning = options.rateLimitWarning();
            if (warning != null) {
                err.println(warning);
            }

            int threads = Math.min(options.threads(), options.connections());
            vertx = Vertx.vertx(new VertxOptions()
                    .setEventLoopPoolSize(threads)
                    .setWorkerPoolSize(1)
                    .setInternalBlockingPoolSize(1)
                    .setPreferNativeTransport(!options.nio()));
            String runId = newRunId();

            Device[] devices;
            if (options.devicesFile() != null && Files.exists(options.devicesFile())) {
                devices = DeviceFile.read(options.devicesFile());
                err.printf(Locale.ROOT, "reusing %d devices from %s (none registered)%n", devices.length,
                        options.devicesFile());
            } else {
                long regStart = System.nanoTime();
                devices = DeviceRegistrar.register(vertx, target, adminToken, runId, options.devices(),
                        options.effectivePatients(), options.timeout());
                err.printf(Locale.ROOT, "registered %d devices (run %s) in %.1f s%n", devices.length, runId,
                        (System.nanoTime() - regStart) / 1e9);
                if (options.devicesFile() != null) {
                    DeviceFile.write(options.devicesFile(), devices);
                }
            }

            err.printf(Locale.ROOT, "client transport: %s%n", vertx.isNativeTransportEnabled() ? "native epoll" : "Java NIO");
            if (options.primeUrl() != null) {
                Target prime = Target.parse(options.primeUrl()).requireLoopback();
                Result primed = measure(vertx, options.withTiming(Duration.ZERO, options.prime()), prime, devices,
                        threads, runId, err);
                err.printf(Locale.ROOT, "primed the client: %.0f req/s against %s for %s%n",
                        primed.acceptedRequestsPerSecond(), prime, options.prime());
            }
            if (options.startWhenReady() != null) {
                awaitReady(Target.parse(options.startWhenReady()).requireLoopback(), options.startWhenReady(), err);
            }
            Result result = measure(vertx, options, target, devices, threads, runId, err);
            report.print(Report.text(result));
            if (options.json()) {
                out.println(Report.json(result).encode());
            }
            return result.accepted202() > 0 ? 0 : 3;
        } catch (Options.UsageException e) {
            err.println("load-generator: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("load-generator: interrupted");
            return 1;
        } catch (RuntimeException e) {
            err.println("load-generator: " + e.getMessage());
            return 1;
        } finally {
            if (vertx != null) {
                try {
                    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // Exiting anyway.
                }
            }
        }
    }

    /** Polls {@code url} every 50 ms until it answers 200 (a service's readiness), for at most 3 minutes. */
    static void awaitReady(Target target, String url, PrintStream err) throws InterruptedException {
        err.printf(Locale.ROOT, "waiting for %s to answer 200%n", url);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).GET().build();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    err.printf(Locale.ROOT, "%s ready%n", target);
                    return;
                }
            } catch (java.io.IOException notYet) {
                // Not listening yet: the service is still starting.
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new IllegalStateException(url + " did not answer 200 within 3 minutes");
    }

    /** Runs the timed part on {@code threads} event loops and merges what they measured. */
    static Result measure(Vertx vertx, Options options, Target target, Device[] devices, int threads, String runId,
            PrintStream err) throws InterruptedException {
        long runSeed = new SecureRandom().nextLong();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        long windowStart = start + options.warmup().toNanos();
        long end = windowStart + options.duration().toNanos();
        long windowStartEpochMs = System.currentTimeMillis() + (windowStart - System.nanoTime()) / 1_000_000;
        long drainMillis = Math.min(5_000, options.timeout().toMillis());
        Worker.Timing timing = new Worker.Timing(start, windowStart, end, options.timeout().toMillis(), drainMillis);
        Worker.Live live = new Worker.Live();

        List<CompletableFuture<Stats>> results = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            int connections = share(options.connections(), w, threads);
            Device[] mine = devicesOf(devices, w, threads);
            RateSchedule schedule = options.rate() > 0 ? RateSchedule.share(start, options.rate(), w, threads) : null;
            Promise<Stats> done = Promise.promise();
            results.add(done.future().toCompletionStage().toCompletableFuture());
            Worker worker = new Worker(target, options.format(), mine, options.batch(), connections, schedule, timing,
                    Worker.readingsFor(runSeed, w, options.feverShare()), live, done);
            vertx.deployVerticle(worker, new DeploymentOptions());
        }

        // Watch from this thread: CPU at the window's edges, and a progress line now and then.
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long progressNanos = options.progress().toNanos();
        long nextProgress = progressNanos > 0 ? start + progressNanos : Long.MAX_VALUE;
        long lastResponses = 0;
        long lastAccepted = 0;
        long lastProgressAt = start;
        long cpuAtWindowStart = -1;
        long cpuAtEnd = -1;
        while (true) {
            long now = System.nanoTime();
            if (cpuAtWindowStart < 0 && now >= windowStart) {
                cpuAtWindowStart = os.getProcessCpuTime();
            }
            if (now >= end) {
                cpuAtEnd = os.getProcessCpuTime();
                break;
            }
            if (now >= nextProgress) {
                long responses = live.responses.sum();
                long accepted = live.accepted.sum();
                double seconds = (now - lastProgressAt) / 1e9;
                err.printf(Locale.ROOT, "[%5.1fs %s] %.0f req/s, %.0f 202/s, %d not 202 so far%n",
                        (now - start) / 1e9, lastProgressAt < windowStart ? "warmup " : "measure",
                        (responses - lastResponses) / seconds, (accepted - lastAccepted) / seconds,
                        responses - accepted);
                lastResponses = responses;
                lastAccepted = accepted;
                lastProgressAt = now;
                nextProgress += progressNanos;
            }
            long wake = Math.min(nextProgress, cpuAtWindowStart < 0 ? windowStart : end);
            TimeUnit.NANOSECONDS.sleep(Math.max(1_000_000, Math.min(wake - now, 200_000_000)));
        }

        Stats total = new Stats();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainMillis + 5_000);
        for (CompletableFuture<Stats> future : results) {
            try {
                total.merge(future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (Exception e) {
                throw new IllegalStateException("an event loop did not report: " + e, e);
            }
        }
        double windowSeconds = options.duration().toNanos() / 1e9;
        double cpuPercent = cpuAtWindowStart >= 0 && cpuAtEnd >= cpuAtWindowStart
                ? 100.0 * (cpuAtEnd - cpuAtWindowStart) / options.duration().toNanos()
                : -1;
        return new Result(target.toString(), options.batch(), options.rate(), options.connections(), threads,
                devices.length, options.warmup().toNanos() / 1e9, windowSeconds,
                total.responses, total.accepted202, total.acceptedReadings,
                new LinkedHashMap<>(total.statusCounts),
                Latency.ofMicros(total.accepted), Latency.ofMicros(total.all),
                total.scheduledInWindow, total.sentInWindow, total.maxLagNanos / 1e6, total.inFlightAtEnd,
                cpuPercent, new LinkedHashMap<>(total.samples), windowStartEpochMs);
    }

    /** The w-th of n near-equal shares of total (the first ones get the remainder). */
    static int share(int total, int w, int n) {
        return total / n + (w < total % n ? 1 : 0);
    }

    /** Devices w, w+n, w+2n, ...: each loop its own; all of them if there are fewer devices than loops. */
    static Device[] devicesOf(Device[] all, int w, int n) {
        if (all.length < n) {
            return all;
        }
        Device[] mine = new Device[share(all.length, w, n)];
        for (int i = 0; i < mine.length; i++) {
            mine[i] = all[w + i * n];
        }
        return mine;
    }

    /** Short, random, lower-case: part of every device id, so every run registers fresh devices. */
    static String newRunId() {
        return Long.toString(System.currentTimeMillis() / 1000 % 1_000_000_000L, 36)
                + Integer.toString(new SecureRandom().nextInt(36 * 36 * 36), 36);
    }
}
