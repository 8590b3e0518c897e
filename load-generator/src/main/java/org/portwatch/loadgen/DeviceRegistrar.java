package org.portwatch.loadgen;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Registers the run's fresh devices through the admin API ({@code POST /api/v1/devices}), a few
 * at a time. Not part of the measurement. Any answer but 201 stops the run: a load test on
 * devices that do not exist would measure only 401s.
 */
final class DeviceRegistrar {

    static final int CONCURRENCY = 16;

    private DeviceRegistrar() {
    }

    static Device[] register(Vertx vertx, Target target, String adminToken, String runId, int count, int patients,
            Duration requestTimeout) throws InterruptedException {
        CompletableFuture<Device[]> result = new CompletableFuture<>();
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> new Run(vertx, target, adminToken, runId, count, patients, requestTimeout, result).start());
        // Bounded: a generous minute plus 50 ms a device.
        long limitMillis = 60_000 + 50L * count;
        try {
            return result.get(limitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            result.cancel(false);
            throw new IllegalStateException("registering " + count + " devices took over " + limitMillis + " ms");
        }
    }

    private static final class Run {
        private final Vertx vertx;
        private final Target target;
        private final String authorization;
        private final String runId;
        private final int count;
        private final int patients;
        private final long timeoutMillis;
        private final CompletableFuture<Device[]> result;
        private final Device[] devices;
        private HttpClient client;
        private int next;
        private int done;

        Run(Vertx vertx, Target target, String adminToken, String runId, int count, int patients,
                Duration requestTimeout, CompletableFuture<Device[]> result) {
            this.vertx = vertx;
            this.target = target;
            this.authorization = "Bearer " + adminToken;
            this.runId = runId;
            this.count = count;
            this.patients = patients;
            this.timeoutMillis = requestTimeout.toMillis();
            this.result = result;
            this.devices = new Device[count];
        }

        void start() {
            client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                    new PoolOptions().setHttp1MaxSize(CONCURRENCY));
            for (int i = 0; i < Math.min(CONCURRENCY, count); i++) {
                registerNext();
            }
        }

        private void registerNext() {
            if (next >= count || result.isDone()) {
                return;
            }
            int i = next++;
            String deviceId = Device.deviceId(runId, i);
            String patientId = Device.patientId(runId, i % patients);
            String body = new JsonObject()
                    .put("deviceId", deviceId)
                    .put("patientId", patientId)
                    .put("model", "portwatch-load-generator")
                    .encode();
            RequestOptions options = new RequestOptions()
                    .setMethod(HttpMethod.POST)
                    .setHost(target.host())
                    .setPort(target.port())
                    .setURI(target.path("/api/v1/devices"))
                    .setIdleTimeout(timeoutMillis)
                    .putHeader(HttpHeaders.AUTHORIZATION, authorization)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
            client.request(options)
                    .compose(request -> request.send(Buffer.buffer(body)))
                    .compose(response -> response.body().map(buffer -> {
                        if (response.statusCode() != 201) {
                            throw new IllegalStateException("registering device " + deviceId + " answered "
                                    + response.statusCode() + ": " + Stats.abbreviate(buffer.toString(), 500));
                        }
                        String token = new JsonObject(buffer).getString("token");
                        if (token == null || token.isBlank()) {
                            throw new IllegalStateException("registering device " + deviceId
                                    + " answered 201 without a token: " + Stats.abbreviate(buffer.toString(), 500));
                        }
                        return Device.of(deviceId, patientId, token);
                    }))
                    .onComplete(ar -> {
                        if (ar.failed()) {
                            client.close();
                            result.completeExceptionally(ar.cause() instanceof IllegalStateException
                                    ? ar.cause()
                                    : new IllegalStateException("registering device " + deviceId + " failed: " + ar.cause(),
                                            ar.cause()));
                            return;
                        }
                        devices[i] = ar.result();
                        if (++done == count) {
                            client.close();
                            result.complete(devices);
                        } else {
                            registerNext();
                        }
                    });
        }
    }
}
