package org.portwatch.infra.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A webhook receiver on loopback for tests, as a paging system would be: it answers 204 to every delivery and
 * records it (the Standard Webhooks headers, the body, when it came). It counts deliveries by {@code webhook-id}
 * (a receiver deduplicates by it), keeps the order of each alert's deliveries, and can go {@link #down()} (its
 * port closed: connections refused) and come back {@link #up()} on the same port.
 */
public final class WebhookRecorder implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/hook";

    /**
     * One delivery as received.
     *
     * @param id        the {@code webhook-id} header: one per notification, the same on every retry
     * @param timestamp the {@code webhook-timestamp} header
     * @param signature the {@code webhook-signature} header
     * @param body      the raw body, as signed
     * @param json      the body parsed: Standard Webhooks' {@code {"type", "timestamp", "data"}}
     * @param received  when it arrived here
     */
    public record Delivery(String id, String timestamp, String signature, byte[] body, JsonNode json,
                           Instant received) {

        /** The event's own fields: alertId, careTeamId, condition, severity, status, patientLabel, link, reason. */
        public JsonNode data() {
            return json.path("data");
        }

        public String alertId() {
            return data().path("alertId").asText();
        }

        /** e.g. {@code alert.raised}, {@code alert.escalated}, {@code alert.unacknowledged}. */
        public String type() {
            return json.path("type").asText();
        }

        public String severity() {
            return data().path("severity").asText();
        }
    }

    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private int port;
    private HttpServer server;

    /** Starts listening on a free loopback port. */
    public WebhookRecorder() {
        up();
    }

    /** Where to register it: {@code http://127.0.0.1:PORT/hook}. */
    public String url() {
        return "http://127.0.0.1:" + port + PATH;
    }

    /** Closes the port: until {@link #up()} every delivery attempt is refused. Idempotent. */
    public synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Listens again, on the same port once it had one. Idempotent. */
    public synchronized void up() {
        if (server != null) {
            return;
        }
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            s.createContext(PATH, exchange -> {
                try (exchange; InputStream in = exchange.getRequestBody()) {
                    byte[] body = in.readAllBytes();
                    deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("webhook-id"),
                            exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                            exchange.getRequestHeaders().getFirst("webhook-signature"), body, JSON.readTree(body),
                            Instant.now()));
                    exchange.sendResponseHeaders(204, -1);
                }
            });
            s.start();
            port = s.getAddress().getPort();
            server = s;
        } catch (IOException e) {
            throw new UncheckedIOException("webhook recorder could not listen on port " + port, e);
        }
    }

    /** Every delivery so far, in arrival order (retries of one notification included). */
    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** The deliveries of {@code alertId} with {@code type}, in arrival order. */
    public List<Delivery> of(String alertId, String type) {
        return deliveries.stream().filter(d -> alertId.equals(d.alertId()) && type.equals(d.type())).toList();
    }

    /** How many times each {@code webhook-id} arrived. */
    public Map<String, Long> countsById() {
        return deliveries.stream().collect(Collectors.groupingBy(Delivery::id, Collectors.counting()));
    }

    /** Deliveries beyond the first of their {@code webhook-id}: what a receiver's deduplication drops. */
    public long rawDuplicates() {
        return countsById().values().stream().mapToLong(n -> n - 1).sum();
    }

    /**
     * Each alert's notifications, first arrival of each {@code webhook-id} only, in arrival order: what a
     * deduplicating receiver shows a clinician.
     */
    public Map<String, List<Delivery>> firstArrivalsByAlert() {
        Map<String, Delivery> firstById = new java.util.LinkedHashMap<>();
        deliveries.forEach(d -> firstById.putIfAbsent(d.id(), d));
        return firstById.values().stream().collect(Collectors.groupingBy(Delivery::alertId,
                java.util.LinkedHashMap::new, Collectors.toCollection(ArrayList::new)));
    }

    /** Distinct notifications received, by {@code webhook-id}. */
    public Map<String, Delivery> firstArrivalById() {
        return deliveries.stream().collect(Collectors.toMap(Delivery::id, Function.identity(), (a, b) -> a,
                java.util.LinkedHashMap::new));
    }

    @Override
    public void close() {
        down();
    }
}
