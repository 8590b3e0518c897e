package org.portwatch.service.limit;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.portwatch.service.problem.ProblemType;

/**
 * Body limits per route, answered with the same problem+json as every other error; the service says which limit
 * a request has ({@code limitFor}: by path and method, so every kind of endpoint gets the size it needs and no
 * more). An announced oversized body is refused before a byte of it is read (and the connection closed, so the
 * client stops sending). A body without a length (chunked) is refused by the HTTP layer at
 * {@code quarkus.http.limits.max-body-size}, which {@link #renderOversized} turns into the same problem; an
 * endpoint whose own limit is below that ceiling re-checks the size it read where it matters.
 */
public final class BodySizeLimit {

    /** After the address limit (a throttled client is not worth reading a header for), before JAX-RS. */
    public static final int ORDER = AddressRateLimit.ORDER + 10;

    private final ToLongFunction<HttpServerRequest> limitFor;

    public BodySizeLimit(ToLongFunction<HttpServerRequest> limitFor) {
        this.limitFor = limitFor;
    }

    /** Limits every request whose path matches {@code path} (a Vert.x route path such as {@code /*}). */
    public void install(Router router, String path) {
        router.route(path).order(ORDER).handler(context -> {
            long limit = limitFor.applyAsLong(context.request());
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && tooLarge(length, limit)) {
                context.response().putHeader(HttpHeaders.CONNECTION, "close");
                RouteProblems.end(context, ProblemType.PAYLOAD_TOO_LARGE, detail(limit), Map.of());
                return;
            }
            context.next();
        });
        router.route(path).order(ORDER).failureHandler(this::renderOversized);
    }

    /** The HTTP layer's own 413 (a chunked body over its ceiling) would have an empty body. */
    private void renderOversized(RoutingContext context) {
        if (context.statusCode() == 413 && !context.response().headWritten()) {
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
            RouteProblems.end(context, ProblemType.PAYLOAD_TOO_LARGE, detail(limitFor.applyAsLong(context.request())),
                    Map.of());
            return;
        }
        context.next();
    }

    private static String detail(long limit) {
        return limit == 0 ? "This endpoint takes no body." : "The body is larger than " + limit + " bytes; send less per request.";
    }

    private static boolean tooLarge(String contentLength, long limit) {
        try {
            return Long.parseLong(contentLength.strip()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
