package org.portwatch.ingest.limit;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;
import org.portwatch.ingest.config.IngestConfig;
import org.portwatch.ingest.device.WarmupToken;
import org.portwatch.ingest.metrics.IngestMetrics;
import org.portwatch.service.limit.AddressRateLimit;
import org.portwatch.service.limit.BodySizeLimit;

/**
 * The edge limits of the ingest API (service-common {@code limit}): every {@code /api} request is counted against
 * its client address before a token is read ({@code ingest.address-*}), then its body is held to
 * {@link IngestConfig#maxBodyBytes()} on the endpoints that carry readings (ours, FHIR, Open mHealth) and
 * {@link IngestConfig#adminMaxBodyBytes()} on every other (the device registry, the audit trail).
 */
@ApplicationScoped
public class IngestLimits {

    static final String READINGS_PATH = "/api/v1/readings";
    static final String FHIR_PATH = "/fhir/";
    static final String OMH_PATH = "/api/v1/omh/";

    private final AddressRateLimit addressLimit;
    private final BodySizeLimit bodyLimit;

    public IngestLimits(IngestConfig config, MeterRegistry registry, WarmupToken warmup) {
        // The start-up warm-up's own requests over loopback (WarmupToken, before readiness) do not take from
        // 127.0.0.1's bucket: 500/s would throttle most of them, and a 429 runs nothing of what they warm.
        this.addressLimit = new AddressRateLimit(config, registry, IngestMetrics.PREFIX,
                request -> warmup.isOpen() && warmup.carries(request.getHeader(HttpHeaders.AUTHORIZATION)));
        this.bodyLimit = new BodySizeLimit(request -> limitFor(config, request));
    }

    void install(@Observes Router router) {
        addressLimit.install(router, "/api/*");
        bodyLimit.install(router, "/api/*");
        addressLimit.install(router, "/fhir/*");
        bodyLimit.install(router, "/fhir/*");
    }

    private static long limitFor(IngestConfig config, HttpServerRequest request) {
        String path = request.path();
        // FHIR Observations and Open mHealth data points carry readings too, in notations more verbose than ours.
        return path != null && (path.startsWith(READINGS_PATH) || path.startsWith(FHIR_PATH) || path.startsWith(OMH_PATH))
                ? config.maxBodyBytes() : config.adminMaxBodyBytes();
    }
}
