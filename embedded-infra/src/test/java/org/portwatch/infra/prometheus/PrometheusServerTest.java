package org.portwatch.infra.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.portwatch.infra.prometheus.PrometheusServer.ActiveAlert;
import org.portwatch.infra.prometheus.PrometheusServer.Sample;
import org.portwatch.infra.prometheus.PrometheusServer.Target;

/**
 * A real Prometheus with the project's own alert rules (one rule minute = half a second) scraping two tiny
 * metrics endpoints that stand in for the services: rules fire while the condition lasts and clear after it.
 */
class PrometheusServerTest {

    private static final Duration RULE_MINUTE = Duration.ofMillis(500);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final AtomicInteger outboxDepth = new AtomicInteger();
    private HttpServer alertService;
    private HttpServer ingestService;
    private PrometheusServer prometheus;

    @AfterEach
    void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        for (HttpServer server : new HttpServer[] {alertService, ingestService}) {
            if (server != null) {
                server.stop(0);
            }
        }
    }

    private PrometheusServer startPrometheus() {
        alertService = metricsServer(() -> "portwatch_notification_outbox_depth{channel=\"WEBHOOK\"} "
                + outboxDepth.get() + "\n");
        ingestService = metricsServer(() -> "portwatch_ingest_requests_total{outcome=\"accepted\"} 1\n");
        prometheus = PrometheusServer.builder()
                .scrape("alert-service", "/q/metrics", List.of(new Target(address(alertService),
                        Map.of("pod", "alert-service-7f9c"))))
                .scrape("ingest-service", "/q/metrics", address(ingestService))
                .rules(PrometheusRules.project().timeScaled(RULE_MINUTE, Duration.ofSeconds(4)))
                .start();
        prometheus.awaitTargetsUp(WAIT);
        return prometheus;
    }

    @Test
    void shouldFireTheNotificationBacklogAlertWhileTheOutboxIsDeepAndClearItOnceItDrains() {
        PrometheusServer server = startPrometheus();
        assertEquals(List.of(new Sample(Map.of("__name__", "up", "instance", address(alertService),
                "job", "alert-service", "pod", "alert-service-7f9c"), 1.0)), server.query("up{job=\"alert-service\"}"));
        assertTrue(server.firing("PortwatchNotificationOutboxBacklog").isEmpty());

        outboxDepth.set(150);
        List<ActiveAlert> firing = server.awaitFiring("PortwatchNotificationOutboxBacklog", WAIT);
        assertEquals(1, firing.size());
        assertEquals("WEBHOOK", firing.get(0).labels().get("channel"));
        assertEquals("warning", firing.get(0).labels().get("severity"));
        assertEquals("150 notifications waiting on channel WEBHOOK.", firing.get(0).annotations().get("description"));

        outboxDepth.set(3);
        server.awaitCleared("PortwatchNotificationOutboxBacklog", WAIT);
        assertTrue(server.firedWithin("PortwatchNotificationOutboxBacklog", Duration.ofMinutes(5)));
        assertFalse(server.firedWithin("PortwatchIngestErrorRateHigh", Duration.ofMinutes(5)));
    }

    @Test
    void shouldFireTargetDownWhenAServiceStopsAnsweringAndClearItWhenItIsBackOnAnotherPort() {
        PrometheusServer server = startPrometheus();
        ingestService.stop(0);

        List<ActiveAlert> firing = server.awaitFiring("PortwatchTargetDown", Map.of("job", "ingest-service"), WAIT);
        assertEquals(1, firing.size());
        assertEquals("ingest-service", firing.get(0).labels().get("job"));
        assertEquals("ingest-service-0", firing.get(0).labels().get("pod"));
        assertEquals("critical", firing.get(0).labels().get("severity"));

        ingestService = metricsServer(() -> "portwatch_ingest_requests_total{outcome=\"accepted\"} 2\n");
        server.retarget("ingest-service", address(ingestService));
        server.awaitCleared("PortwatchTargetDown", WAIT);
        server.awaitTargetsUp(WAIT);
        assertEquals(2.0, server.query("sum(portwatch_ingest_requests_total)").get(0).value());
    }

    private static String address(HttpServer server) {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private static HttpServer metricsServer(java.util.function.Supplier<String> exposition) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/q/metrics", exchange -> {
                byte[] body = exposition.get().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
