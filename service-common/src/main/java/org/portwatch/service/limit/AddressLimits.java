package org.portwatch.service.limit;

import java.util.List;
import java.util.Optional;

/**
 * The settings of {@link AddressRateLimit}. Each service's own {@code @ConfigMapping} extends this and gives the
 * defaults, because the honest crowd behind one address differs: a ward's devices behind a NAT for ingest, a
 * ward's dashboards for alert-service.
 */
public interface AddressLimits {

    /** Requests per second one client address may make, counted before any credential is looked at. */
    double addressRequestsPerSecond();

    /** The most requests one client address may make at once (its bucket's capacity). */
    int addressRequestsBurst();

    /** The most client addresses (IPv4 addresses, IPv6 /64 networks) holding a bucket at once. */
    int addressBucketsMax();

    /**
     * Networks (CIDR, or single addresses) of the reverse proxies whose {@code X-Forwarded-For} is believed;
     * empty: the connection's own address is the client's.
     */
    Optional<List<String>> trustedProxies();
}
