package org.portwatch.ingest.limit;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.portwatch.ingest.config.IngestConfig;
import org.portwatch.service.problem.ProblemType;

/**
 * Body limits on every API endpoint, answered with the same problem+json as every other error: the readings
 * endpoint takes {@link IngestConfig#maxBodyBytes()}, every other (the device registry)
 * {@link IngestConfig#adminMaxBodyBytes()}. An announced oversized body is refused before a byte of it is read
 * (and the connection closed, so the client stops sending). A body without a length (chunked) is refused by
 * the HTTP layer at {@code quarkus.http.limits.max-body-size}, which {@link #renderOversized} turns into the
 * same problem; the readings endpoint re-checks the size it read.
 */
@ApplicationScoped
public class BodySizeLimit {

    /** After the address limit (a throttled client is not worth reading a header for), before JAX-RS. */
    static final int ORDER = AddressRateLimit.ORDER + 10;

    static final String READINGS_PATH = "/api/v1/readings";

    private final IngestConfig config;

    public BodySizeLimit(IngestConfig config) {
        this.config = config;
    }

    void install(@Observes Router router) {
        router.route("/api/*").order(ORDER).handler(context -> {
            long limit = limitFor(context.request().path());
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && tooLarge(length, limit)) {
                context.response().putHeader(HttpHeaders.CONNECTION, "close");
                RouteProblems.end(context, ProblemType.PAYLOAD_TOO_LARGE, detail(limit), Map.of());
                return;
            }
            context.next();
        });
        router.route("/api/*").order(ORDER).failureHandler(this::renderOversized);
    }

    /** The HTTP layer's own 413 (a chunked body over its ceiling) would have an empty body. */
    private void renderOversized(RoutingContext context) {
        if (context.statusCode() == 413 && !context.response().headWritten()) {
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
            RouteProblems.end(context, ProblemType.PAYLOAD_TOO_LARGE, detail(limitFor(context.request().path())),
                    Map.of());
            return;
        }
        context.next();
    }

    private long limitFor(String path) {
        return path != null && path.startsWith(READINGS_PATH) ? config.maxBodyBytes() : config.adminMaxBodyBytes();
    }

    private static String detail(long limit) {
        return "The body is larger than " + limit + " bytes" + "; send less per request.";
    }

    private static boolean tooLarge(String contentLength, long limit) {
        try {
            return Long.parseLong(contentLength.strip()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
