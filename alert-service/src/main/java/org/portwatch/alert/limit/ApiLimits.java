package org.portwatch.alert.limit;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.portwatch.service.limit.AddressRateLimit;
import org.portwatch.service.limit.BodySizeLimit;

/**
 * The edge limits of alert-service (service-common {@code limit}), ahead of authentication: every {@code /api} and
 * {@code /fhir} request is counted against its client address ({@code alerts.limits.address-*}; meters
 * {@code portwatch_alerts_api_address_throttled_total}, {@code portwatch_alerts_api_address_buckets}), and every
 * request of any path has a body limit by kind of route ({@link ApiLimitsConfig}), answered 413 problem+json.
 * The live feed's stream is one request, so it costs one token however long it stays open.
 */
@ApplicationScoped
public class ApiLimits {

    /** Meter names of the address limit: {@code portwatch.alerts.api.address.throttled} and {@code .buckets}. */
    public static final String METER_PREFIX = "portwatch.alerts.api";

    static final String POLICY_PATH_SUFFIX = "/escalation-policy";

    private final AddressRateLimit addressLimit;
    private final BodySizeLimit bodyLimit;

    public ApiLimits(ApiLimitsConfig config, MeterRegistry registry) {
        this.addressLimit = new AddressRateLimit(config, registry, METER_PREFIX);
        this.bodyLimit = new BodySizeLimit(request -> limitFor(config, request));
    }

    void install(@Observes Router router) {
        addressLimit.install(router, "/api/*");
        addressLimit.install(router, "/fhir/*");
        bodyLimit.install(router, "/*");
    }

    static long limitFor(ApiLimitsConfig config, HttpServerRequest request) {
        HttpMethod method = request.method();
        if (!HttpMethod.POST.equals(method) && !HttpMethod.PUT.equals(method) && !HttpMethod.PATCH.equals(method)) {
            return config.readMaxBodyBytes();
        }
        String path = request.path();
        return path != null && path.startsWith("/api/") && path.endsWith(POLICY_PATH_SUFFIX)
                ? config.policyMaxBodyBytes() : config.maxBodyBytes();
    }
}
