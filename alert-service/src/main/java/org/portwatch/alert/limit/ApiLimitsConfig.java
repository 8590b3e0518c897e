package org.portwatch.alert.limit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;
import org.portwatch.service.limit.AddressLimits;

/** The edge limits of the care-team API and dashboard: per client address, and the body each kind of route takes. */
@ConfigMapping(prefix = "alerts.limits")
public interface ApiLimitsConfig extends AddressLimits {

    /**
     * Requests per second one client address may make to {@code /api}, counted before the JWT is read. Every
     * clinician of a hospital may sit behind one NAT address: 500 open dashboards live on the feed and make a few
     * requests a minute each (under 50/s together), administrators' scripts add a few more. 100/s is twice that,
     * and a client spraying forged or stolen tokens is held to it instead of costing a signature check and a
     * database query each.
     */
    @Override
    @WithDefault("100")
    double addressRequestsPerSecond();

    /**
     * The most requests one client address may make at once. A shift change opens 200 dashboards within a minute,
     * each loading about five resources from {@code /api} at once: 1,000.
     */
    @Override
    @WithDefault("1000")
    int addressRequestsBurst();

    /**
     * The most client addresses with a bucket at once: far more than the hospitals' networks and the clinicians'
     * phones (about 100 bytes each: 10 MB); a client rotating through more evicts only the least recently seen,
     * and a bucket that comes back starts full, so no real client is throttled by an eviction.
     */
    @Override
    @WithDefault("100000")
    int addressBucketsMax();

    /**
     * Networks (CIDR, or single addresses) of the reverse proxies in front of alert-service whose
     * {@code X-Forwarded-For} is believed. Empty by default: a header from anyone else is whatever the client wrote.
     */
    @Override
    Optional<List<String>> trustedProxies();

    /**
     * The largest body of a command ({@code POST}, {@code PUT}: acknowledge and resolve, a patient's profile, a
     * webhook, a push subscription), in bytes. The largest of them is a note of 2,000 characters, at most 12,000
     * bytes even if every character arrives as a JSON {@code \}{@code uXXXX} escape; a webhook URL is at most 2,000
     * characters and a push subscription under 1 KiB. 16 KiB holds each with room, and parsing it costs
     * microseconds.
     */
    @WithDefault("16384")
    long maxBodyBytes();

    /**
     * The largest escalation policy ({@code PUT .../escalation-policy}), in bytes: 50 contacts of 200 characters,
     * at most 60,000 bytes escaped, with its durations; 64 KiB. This is also the HTTP layer's ceiling for a body
     * sent without a length ({@code quarkus.http.limits.max-body-size}), the most any route takes.
     */
    @WithDefault("65536")
    long policyMaxBodyBytes();

    /**
     * The largest body of a request that reads or deletes ({@code GET}, {@code HEAD}, {@code DELETE},
     * {@code OPTIONS}) or of the dashboard's static files: none of them reads a body, so anything in one is a
     * mistake or a way to make us buffer bytes for nothing.
     */
    @WithDefault("0")
    long readMaxBodyBytes();
}
