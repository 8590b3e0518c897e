package org.portwatch.loadgen;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole generator against a stand-in for ingest-service on loopback: a few hundred
 * milliseconds of load, checking that registration, request shape, status counting and the
 * report hold together. The real service is measured by bench/ingest-benchmark.sh.
 */
class LoadGeneratorTest {

    private static Vertx vertx;
    private static HttpServer server;
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();
    private static final Set<String> READING_IDS = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger BAD_REQUESTS = new AtomicInteger();

    @TempDir
    static Path dir;

    @BeforeAll
    static void startFakeIngest() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            String auth = String.valueOf(req.getHeader("Authorization"));
            if (req.path().equals("/api/v1/devices")) {
                if (!auth.equals("Bearer admin-secret")) {
                    req.response().setStatusCode(401).end("{\"title\":\"Unauthorized\"}");
                    return;
                }
                JsonObject reg = body.toJsonObject();
                String token = "tok-" + reg.getString("deviceId");
                TOKENS.put(token, reg.getString("deviceId"));
                req.response().setStatusCode(201).end(new JsonObject().put("deviceId", reg.getString("deviceId"))
                        .put("patientId", reg.getString("patientId")).put("token", token).encode());
            } else if (req.path().equals("/api/v1/readings")) {
                String device = TOKENS.get(auth.replace("Bearer ", ""));
                if (device == null || !"application/json".equals(req.getHeader("Content-Type"))) {
                    BAD_REQUESTS.incrementAndGet();
                    req.response().setStatusCode(401).end();
                    return;
                }
                if (device.endsWith("-0")) { // one device is always over its limit
                    req.response().setStatusCode(429).end("{\"title\":\"Too Many Requests\"}");
                    return;
                }
                JsonArray readings = body.toJsonObject().getJsonArray("readings");
                readings.forEach(r -> READING_IDS.add(((JsonObject) r).getString("readingId")));
                req.response().setStatusCode(202)
                        .end("{\"accepted\":" + readings.size() + ",\"rejected\":[]}");
            } else {
                req.response().setStatusCode(404).end();
            }
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Path credentials(String adminToken) throws Exception {
        Path file = Files.createTempFile(dir, "credentials", ".json");
        Files.writeString(file, new JsonObject().put("ingestUrl", "http://127.0.0.1:" + server.actualPort())
                .put("adminToken", adminToken).encode());
        return file;
    }

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LoadGenerator.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void flatOutCountsEveryStatusAndReadings() throws Exception {
        Outcome o = run("--credentials", credentials("admin-secret").toString(), "--devices", "4",
                "--batch", "10", "--connections", "4", "--threads", "2", "--warmup", "100ms", "--duration", "400ms",
                "--progress", "0", "--json");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.err()).contains("registered 4 devices").contains("NOT 202").contains("sample 429");
        JsonObject json = new JsonObject(o.out().strip());
        long ok = json.getJsonObject("statusCounts").getLong("202");
        long limited = json.getJsonObject("statusCounts").getLong("429");
        assertThat(ok).isPositive();
        assertThat(limited).isPositive();
        assertThat(json.getLong("responses")).isEqualTo(ok + limited);
        assertThat(json.getLong("acceptedReadings")).isEqualTo(ok * 10);
        assertThat(json.getLong("rejectedReadings")).isZero();
        assertThat(json.getJsonObject("latencyMs").getLong("count")).isEqualTo(ok);
        assertThat(BAD_REQUESTS).hasValue(0);
        assertThat(READING_IDS.size()).isGreaterThanOrEqualTo((int) (ok * 10));
    }

    @Test
    void fixedRateKeepsItsSchedule() throws Exception {
        Outcome o = run("--url", "http://127.0.0.1:" + server.actualPort(), "--credentials",
                credentials("admin-secret").toString(), "--devices", "20", "--rate", "400", "--connections", "8",
                "--warmup", "100ms", "--duration", "500ms", "--progress", "0", "--json");
        assertThat(o.code()).as(o.err()).isZero();
        JsonObject json = new JsonObject(o.out().strip());
        assertThat(json.getLong("scheduledInWindow")).isBetween(199L, 201L);
        // A cold JVM may fall behind for a moment; the schedule is never exceeded.
        assertThat(json.getLong("sentInWindow")).isPositive().isLessThanOrEqualTo(json.getLong("scheduledInWindow"));
        assertThat(json.getLong("responses")).isPositive();
        assertThat(json.getDouble("targetRate")).isEqualTo(400.0);
        assertThat(o.err()).contains("from intended send time").contains("schedule    ");
    }

    @Test
    void aRejectedRegistrationStopsTheRun() throws Exception {
        Outcome o = run("--credentials", credentials("wrong").toString(), "--devices", "2", "--duration", "1s",
                "--warmup", "0s", "--progress", "0");
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.err()).contains("answered 401");
    }

    @Test
    void refusesANonLoopbackTarget() throws Exception {
        Outcome o = run("--url", "http://10.1.2.3:8080", "--credentials", credentials("admin-secret").toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("only loopback");
    }

    @Test
    void badCommandLineExitsWithUsage() {
        Outcome o = run("--batch", "0");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("--batch must be 1..500").contains("Usage:");
        assertThat(run("--help").out()).contains("Usage:");
    }

    @Test
    void sharesAndDeviceSplits() {
        assertThat(LoadGenerator.share(64, 0, 3)).isEqualTo(22);
        assertThat(LoadGenerator.share(64, 2, 3)).isEqualTo(21);
        Device[] all = new Device[5];
        for (int i = 0; i < 5; i++) {
            all[i] = Device.of(Device.deviceId("r", i), Device.patientId("r", i), "t" + i);
        }
        assertThat(LoadGenerator.devicesOf(all, 1, 2)).extracting(Device::deviceId).containsExactly("load-r-1", "load-r-3");
        assertThat(LoadGenerator.devicesOf(all, 0, 8)).hasSize(5);
        assertThat(all[0].authorization()).isEqualTo("Bearer t0");
        assertThat(LoadGenerator.newRunId()).matches("[0-9a-z]+").hasSizeLessThan(12);
    }
}
