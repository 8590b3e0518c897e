package org.portwatch.alert.notification.webhook;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Keeps webhooks away from this service's own neighbourhood (server-side request forgery): whoever registers a
 * webhook chooses where this service sends POSTs, so a URL must not reach loopback, the private networks, link-local
 * addresses (the cloud metadata endpoint 169.254.169.254 among them), carrier-grade NAT, multicast or reserved
 * space — unless the operator opens a network on purpose ({@link WebhookConfig#allowedNetworks()}).
 *
 * <p>A host is checked when the webhook is registered and again at every delivery, because DNS may change in
 * between; the delivery then connects to the very address that was checked, so a second lookup cannot swap it.
 * A host with several addresses is refused if any of them is: which one a client would use is not ours to choose.
 */
@ApplicationScoped
public class AddressGuard {

    /** Why an address is refused. A bounded set: it is a metric tag. */
    public enum Reason {
        LOOPBACK("a loopback address"),
        PRIVATE("a private-network address"),
        LINK_LOCAL("a link-local address (cloud metadata lives there)"),
        SHARED("a carrier-grade NAT address (100.64.0.0/10)"),
        UNSPECIFIED("an unspecified address"),
        MULTICAST("a multicast address"),
        RESERVED("a reserved address"),
        DOCUMENTATION("a documentation address (TEST-NET, 2001:db8::/32)"),
        TRANSITION("a tunnel or translator address (Teredo, NAT64 local-use, 6to4 relay)"),
        UNRESOLVED("no address: the host does not resolve");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What a host resolved to: every address and, when refused, why and which address.
     *
     * @param addresses what the host resolved to (empty when it did not)
     * @param refusal   why the host may not be reached; {@code null} when it may
     * @param refused   the address refused, when one was
     */
    public record Resolution(String host, List<InetAddress> addresses, Reason refusal, InetAddress refused) {

        public boolean allowed() {
            return refusal == null;
        }

        /** The address to connect to: the first one, all of them having passed. */
        public InetAddress address() {
            return addresses.get(0);
        }

        /**
         * A sentence for a problem's detail or an attempt log, which whoever registers webhooks reads: names the host
         * as they wrote it and nothing they did not know. Never the address a name resolved to nor its kind, or the
         * guard becomes an oracle that maps the internal network by name ("intranet-db resolves to 10.2.3.4").
         */
        public String detail() {
            if (refusal == null) {
                return null;
            }
            if (refusal == Reason.UNRESOLVED) {
                return "The host " + host + " does not resolve to any address.";
            }
            return "The host " + host + " resolves to a non-public address; webhooks may only reach public addresses.";
        }

        /** For this service's own log, which operators read: the kind of address and the address itself. */
        public String operatorDetail() {
            if (refusal == null || refused == null) {
                return detail();
            }
            return "host " + host + " resolves to " + refusal.description + " (" + refused.getHostAddress() + ")";
        }
    }

    private final boolean allowLoopback;
    private final List<Cidr> allowedNetworks;

    @Inject
    public AddressGuard(WebhookConfig config) {
        this(config.allowLoopback(), config.allowedNetworks().orElse(List.of()));
    }

    /** For plain unit tests. An invalid CIDR fails here, at startup, not at the first webhook. */
    AddressGuard(boolean allowLoopback, List<String> allowedNetworks) {
        this.allowLoopback = allowLoopback;
        this.allowedNetworks = allowedNetworks.stream().map(Cidr::parse).toList();
    }

    /**
     * Resolves {@code host} (a name or an IP literal, brackets allowed) and checks every address. The lookup blocks,
     * so it runs on a worker thread; the answer comes back on the caller's Vert.x context, where Hibernate Reactive
     * (and its session) must go on.
     */
    public Uni<Resolution> resolve(String host) {
        return Uni.createFrom().deferred(() -> {
            Context context = Vertx.currentContext();
            Uni<Resolution> lookup = Uni.createFrom().item(() -> resolveBlocking(host))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
            return context == null ? lookup : lookup.emitOn(command -> context.runOnContext(ignored -> command.run()));
        });
    }

    Resolution resolveBlocking(String host) {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        List<InetAddress> addresses;
        try {
            addresses = List.of(InetAddress.getAllByName(name));
        } catch (UnknownHostException | SecurityException e) {
            addresses = List.of();
        }
        if (addresses.isEmpty()) {
            return new Resolution(host, addresses, Reason.UNRESOLVED, null);
        }
        for (InetAddress address : addresses) {
            Optional<Reason> refusal = check(address);
            if (refusal.isPresent()) {
                return new Resolution(host, addresses, refusal.get(), address);
            }
        }
        return new Resolution(host, addresses, null, null);
    }

    /** Why this address may not be reached, under this configuration; empty when it may. */
    public Optional<Reason> check(InetAddress address) {
        InetAddress canonical = canonical(address);
        for (Cidr network : allowedNetworks) {
            if (network.contains(canonical)) {
                return Optional.empty();
            }
        }
        Optional<Reason> reason = classify(canonical);
        if (reason.isPresent() && reason.get() == Reason.LOOPBACK && allowLoopback) {
            return Optional.empty();
        }
        return reason;
    }

    /** The class of an address that is not public, whatever the configuration says. */
    static Optional<Reason> classify(InetAddress address) {
        byte[] b = canonical(address).getAddress();
        return b.length == 4 ? classifyV4(b) : classifyV6(b);
    }

    /**
     * The IANA IPv4 Special-Purpose Address Registry (RFC 6890 and its updates), less the globally reachable
     * blocks nobody registers a webhook on anyway: whatever is not ordinary unicast on the internet is refused.
     */
    private static Optional<Reason> classifyV4(byte[] b) {
        int first = b[0] & 0xFF;
        int second = b[1] & 0xFF;
        int third = b[2] & 0xFF;
        if (first == 0) {
            return Optional.of(Reason.UNSPECIFIED); // 0.0.0.0/8: "this network", connects to the local host
        }
        if (first == 127) {
            return Optional.of(Reason.LOOPBACK);
        }
        if (first == 10 || (first == 172 && second >= 16 && second <= 31) || (first == 192 && second == 168)) {
            return Optional.of(Reason.PRIVATE);
        }
        if (first == 169 && second == 254) {
            return Optional.of(Reason.LINK_LOCAL);
        }
        if (first == 100 && second >= 64 && second <= 127) {
            return Optional.of(Reason.SHARED);
        }
        if (first >= 224 && first <= 239) {
            return Optional.of(Reason.MULTICAST);
        }
        if ((first == 192 && second == 0 && third == 2) // TEST-NET-1, RFC 5737
                || (first == 198 && second == 51 && third == 100) // TEST-NET-2
                || (first == 203 && second == 0 && third == 113)) { // TEST-NET-3
            return Optional.of(Reason.DOCUMENTATION);
        }
        if (first == 192 && second == 88 && third == 99) {
            // 6to4 relay anycast (RFC 3068, deprecated by RFC 7526): whichever relay is nearest, often inside
            // the provider's own network, then on to an address we never checked.
            return Optional.of(Reason.TRANSITION);
        }
        if (first >= 240 // 240.0.0.0/4 and the broadcast address
                || (first == 192 && second == 0 && third == 0) // IETF protocol assignments (DS-Lite, PCP, NAT64 discovery)
                || (first == 198 && (second == 18 || second == 19))) { // benchmarking, often routed internally
            return Optional.of(Reason.RESERVED);
        }
        return Optional.empty();
    }

    /**
     * The IANA IPv6 Special-Purpose Address Registry. Only 2000::/3 is global unicast; inside it, the blocks that
     * tunnel or translate to an IPv4 address are as good as that address (and refused when it cannot be known),
     * the documentation, benchmarking and identifier blocks reach nothing public.
     */
    private static Optional<Reason> classifyV6(byte[] b) {
        if (isZero(b, 0, 16)) {
            return Optional.of(Reason.UNSPECIFIED);
        }
        if (isZero(b, 0, 15) && b[15] == 1) {
            return Optional.of(Reason.LOOPBACK);
        }
        int first = b[0] & 0xFF;
        int second = b[1] & 0xFF;
        int word0 = (first << 8) | second;
        int word1 = ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        // Addresses that carry an IPv4 address are as good as that address: IPv4-compatible ::a.b.c.d,
        // IPv4-translated ::ffff:0:a.b.c.d (SIIT), NAT64 64:ff9b::a.b.c.d and 6to4 2002:aabb:ccdd::.
        if (isZero(b, 0, 12)) {
            return classifyV4(Arrays.copyOfRange(b, 12, 16));
        }
        if (isZero(b, 0, 8) && (b[8] & 0xFF) == 0xFF && (b[9] & 0xFF) == 0xFF && isZero(b, 10, 12)) {
            return classifyV4(Arrays.copyOfRange(b, 12, 16));
        }
        if (word0 == 0x0064 && word1 == 0xFF9B && isZero(b, 4, 12)) {
            return classifyV4(Arrays.copyOfRange(b, 12, 16));
        }
        if (word0 == 0x0064 && word1 == 0xFF9B && b[4] == 0 && b[5] == 1) {
            // NAT64 local-use 64:ff9b:1::/48 (RFC 8215): the operator's own translator, with the IPv4 address at
            // a prefix length we cannot know. Never public.
            return Optional.of(Reason.TRANSITION);
        }
        if (word0 == 0x2002) {
            return classifyV4(Arrays.copyOfRange(b, 2, 6));
        }
        if (word0 == 0x2001 && word1 == 0x0000) {
            // Teredo 2001::/32 (RFC 4380): a tunnel through a relay to an obfuscated IPv4 client behind a NAT;
            // where it ends is not ours to check.
            return Optional.of(Reason.TRANSITION);
        }
        if ((word0 == 0x2001 && word1 == 0x0DB8) || (word0 == 0x3FFF && (word1 & 0xF000) == 0)) {
            return Optional.of(Reason.DOCUMENTATION); // 2001:db8::/32 (RFC 3849), 3fff::/20 (RFC 9637)
        }
        if ((word0 == 0x2001 && word1 == 0x0002 && b[4] == 0 && b[5] == 0) // benchmarking 2001:2::/48
                || (word0 == 0x2001 && (word1 & 0xFFF0) == 0x0020) // ORCHIDv2 2001:20::/28
                || (word0 == 0x2001 && (word1 & 0xFFF0) == 0x0010) // ORCHID 2001:10::/28 (deprecated)
                || word0 == 0x5F00) { // SRv6 SIDs 5f00::/16 (RFC 9602): segment routing inside a domain
            return Optional.of(Reason.RESERVED);
        }
        if ((first & 0xFE) == 0xFC) {
            return Optional.of(Reason.PRIVATE); // fc00::/7 unique local
        }
        if (first == 0xFE && (second & 0xC0) == 0x80) {
            return Optional.of(Reason.LINK_LOCAL); // fe80::/10
        }
        if (first == 0xFE && (second & 0xC0) == 0xC0) {
            return Optional.of(Reason.PRIVATE); // fec0::/10 site-local, deprecated but still routed by some
        }
        if (first == 0xFF) {
            return Optional.of(Reason.MULTICAST);
        }
        if ((first & 0xE0) != 0x20) {
            // Outside 2000::/3 nothing is allocated for the internet: 100::/64 (discard), the unassigned rest.
            return Optional.of(Reason.RESERVED);
        }
        return Optional.empty();
    }

    /** IPv4-mapped IPv6 (::ffff:a.b.c.d) as the IPv4 address it is; every other address unchanged. */
    static InetAddress canonical(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address && isZero(b, 0, 10) && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
            try {
                return Inet4Address.getByAddress(Arrays.copyOfRange(b, 12, 16));
            } catch (UnknownHostException e) {
                throw new IllegalStateException("four bytes are an IPv4 address", e);
            }
        }
        return address;
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
