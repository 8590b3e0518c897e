package org.portwatch.alert.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.portwatch.model.Json;

/**
 * A webhook receiver on loopback for tests: records every delivery (headers and body) and answers with the
 * status the test asks for — 204 by default, or a series of failures first — or hangs until told to answer.
 */
public final class LoopbackReceiver implements AutoCloseable {

    /** One delivery as received. */
    public record Delivery(String id, String timestamp, String signature, byte[] body, JsonNode json) {

        public String type() {
            return json.path("type").asText();
        }

        /** The event's own fields (Standard Webhooks' {@code data}). */
        public JsonNode data() {
            return json.path("data");
        }

        public String alertId() {
            return data().path("alertId").asText();
        }
    }

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus = 503;
    private final AtomicInteger holding = new AtomicInteger();
    private volatile CountDownLatch held;

    public LoopbackReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                CountDownLatch gate = held;
                if (gate != null) {
                    holding.incrementAndGet();
                    try {
                        gate.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        holding.decrementAndGet();
                    }
                }
                if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    exchange.sendResponseHeaders(failureStatus, -1);
                    return;
                }
                deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("webhook-id"),
                        exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"), body, Json.mapper().readTree(body)));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The next {@code count} deliveries are answered with {@code status} (and not recorded). */
    public void failNext(int count, int status) {
        failureStatus = status;
        failuresLeft.set(count);
    }

    /** From now on a delivery gets no answer until {@link #answer()}: a receiver that hangs. */
    public void hang() {
        held = new CountDownLatch(1);
    }

    /** Answers the deliveries left hanging, and the next ones at once. */
    public void answer() {
        CountDownLatch gate = held;
        held = null;
        if (gate != null) {
            gate.countDown();
        }
    }

    /** Deliveries waiting for an answer now. */
    public int hanging() {
        return holding.get();
    }

    /** Failures still to answer before deliveries are accepted again. */
    public int failuresLeft() {
        return failuresLeft.get();
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    public List<Delivery> of(String alertId) {
        return deliveries.stream().filter(d -> alertId.equals(d.alertId())).toList();
    }

    public Map<String, Long> countByType(String alertId) {
        return of(alertId).stream().collect(java.util.stream.Collectors.groupingBy(Delivery::type,
                java.util.stream.Collectors.counting()));
    }

    @Override
    public void close() {
        answer();
        server.stop(0);
    }
}
