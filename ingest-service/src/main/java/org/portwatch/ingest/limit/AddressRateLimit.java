package org.portwatch.ingest.limit;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.portwatch.ingest.config.IngestConfig;
import org.portwatch.ingest.metrics.IngestMetrics;
import org.portwatch.service.problem.ProblemType;

/**
 * A token bucket per client address in front of every API endpoint, taken before a token is read: a client
 * spraying guessed device tokens (or admin JWTs) is held to {@link IngestConfig#addressRequestsPerSecond()}
 * database lookups at most, and its guesses land in the verifier's cache of unknown tokens, never among real
 * devices' verdicts. Answered 429 problem+json with Retry-After. The per-device limits still apply after
 * authentication: this one bounds a crowd behind one address, those bound one device in it.
 */
@ApplicationScoped
public class AddressRateLimit {

    /** Ahead of the body-size check and of JAX-RS: a throttled client costs no more than this lookup. */
    static final int ORDER = -110;

    private static final String FORWARDED_FOR = "X-Forwarded-For";

    private final TokenBuckets buckets;
    private final ClientAddress addresses;
    private final IngestMetrics metrics;

    @Inject
    public AddressRateLimit(IngestConfig config, IngestMetrics metrics) {
        this(config.addressRequestsPerSecond(), config.addressRequestsBurst(), config.addressBucketsMax(),
                new ClientAddress(config.trustedProxies().orElse(List.of())), metrics, System::nanoTime);
    }

    AddressRateLimit(double perSecond, int burst, long maxAddresses, ClientAddress addresses, IngestMetrics metrics,
            LongSupplier nanoClock) {
        this.buckets = new TokenBuckets(perSecond, burst, maxAddresses, nanoClock);
        this.addresses = addresses;
        this.metrics = metrics;
        metrics.addressBuckets(buckets::keys);
    }

    void install(@Observes Router router) {
        router.route("/api/*").order(ORDER).handler(context -> {
            OptionalLong wait = tryAcquire(context.request());
            if (wait.isPresent()) {
                metrics.addressThrottled();
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
