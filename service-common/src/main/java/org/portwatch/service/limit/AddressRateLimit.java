package org.portwatch.service.limit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.portwatch.service.problem.ProblemType;

/**
 * A token bucket per client address in front of a service's API, taken before a credential is read: a client
 * spraying guessed device tokens or JWTs is held to {@link AddressLimits#addressRequestsPerSecond()} requests
 * at most, so its guesses cost neither a database lookup nor a signature check beyond that, and land in no
 * cache among real clients' verdicts. Answered 429 problem+json with Retry-After. Per-device or per-user limits
 * still apply after authentication: this one bounds a crowd behind one address, those bound one client in it.
 *
 * <p>Meters, named after the service ({@code <prefix>.address.throttled}, {@code <prefix>.address.buckets}):
 * the requests refused here, and the addresses holding a bucket (bounded by
 * {@link AddressLimits#addressBucketsMax()}).
 */
public final class AddressRateLimit {

    /** Ahead of the body-size check and of JAX-RS: a throttled client costs no more than this lookup. */
    public static final int ORDER = -110;

    private static final String FORWARDED_FOR = "X-Forwarded-For";

    private final TokenBuckets buckets;
    private final ClientAddress addresses;
    private final Counter throttled;
    private final Predicate<HttpServerRequest> exempt;

    /** Limits per {@code limits}; meters named {@code meterPrefix + ".address.throttled"} and {@code ".address.buckets"}. */
    public AddressRateLimit(AddressLimits limits, MeterRegistry registry, String meterPrefix) {
        this(limits, registry, meterPrefix, request -> false);
    }

    /**
     * As above, and {@code exempt} requests pass without taking from their address's bucket: a service's own
     * requests to itself over loopback (ingest's start-up warm-up, which must not run into the limit of 127.0.0.1
     * nor count as throttled). {@code exempt} runs for every request: it must be cheap and must not trust
     * anything a client can choose (ingest: a secret token, recognised only while its warm-up runs).
     */
    public AddressRateLimit(AddressLimits limits, MeterRegistry registry, String meterPrefix,
            Predicate<HttpServerRequest> exempt) {
        this(limits, registry, meterPrefix, System::nanoTime, exempt);
    }

    AddressRateLimit(AddressLimits limits, MeterRegistry registry, String meterPrefix, LongSupplier nanoClock) {
        this(limits, registry, meterPrefix, nanoClock, request -> false);
    }

    AddressRateLimit(AddressLimits limits, MeterRegistry registry, String meterPrefix, LongSupplier nanoClock,
            Predicate<HttpServerRequest> exempt) {
        this.exempt = exempt;
        this.buckets = new TokenBuckets(limits.addressRequestsPerSecond(), limits.addressRequestsBurst(),
                limits.addressBucketsMax(), nanoClock);
        this.addresses = new ClientAddress(limits.trustedProxies().orElse(List.of()));
        this.throttled = Counter.builder(meterPrefix + ".address.throttled")
                .description("API requests answered 429 before authentication: their client address was over its rate")
                .register(registry);
        Gauge.builder(meterPrefix + ".address.buckets", buckets, TokenBuckets::keys)
                .description("Client addresses (IPv4, IPv6 /64) holding a rate-limit bucket; bounded by address-buckets-max")
                .strongReference(true) // nothing else holds the buckets for the registry: a weak gauge would read NaN
                .register(registry);
    }

    /** Limits every request whose path matches {@code path} (a Vert.x route path such as {@code /api/*}). */
    public void install(Router router, String path) {
        router.route(path).order(ORDER).handler(context -> {
            if (exempt.test(context.request())) {
                context.next();
                return;
            }
            OptionalLong wait = tryAcquire(context.request());
            if (wait.isPresent()) {
                throttled.increment();
                RouteProblems.end(context, ProblemType.RATE_LIMITED, "Too many requests from this network address ("
                        + number(buckets.perSecond()) + " per second); retry after Retry-After seconds.",
                        Map.of(HttpHeaders.RETRY_AFTER, Long.toString(wait.getAsLong())));
                return;
            }
            context.next();
        });
    }

    /** Empty when the request may go ahead; otherwise the whole seconds to wait. */
    OptionalLong tryAcquire(HttpServerRequest request) {
        // The connection's peer, not request.remoteAddress(), which proxy-address-forwarding would rewrite
        // from headers anyone can send.
        SocketAddress peer = request.connection().remoteAddress();
        String host = peer == null ? null : peer.hostAddress();
        return buckets.take(addresses.key(host, request.headers().getAll(FORWARDED_FOR)), 1);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
