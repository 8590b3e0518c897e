package org.portwatch.service.limit;

import io.netty.util.NetUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Who a request comes from, as far as the network can say: the connection's peer, or, when that peer is
 * one of the configured reverse proxies, the right-most {@code X-Forwarded-For} entry no trusted proxy
 * wrote. Right-most, because a proxy appends the address it saw; everything left of that is the client's
 * own claim. Only IP literals are read (never a name: resolving one would let a client make us query DNS).
 *
 * <p>The key of an IPv6 client is its /64: one subscriber is given at least a /64 and may pick any address
 * in it, so keying whole addresses would give it 2^64 buckets.
 */
public final class ClientAddress {

    private final List<Network> trusted;

    public ClientAddress(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().map(Network::parse).toList();
    }

    /**
     * The rate-limit key of a request whose connection comes from {@code peer} (an IP literal) carrying
     * these {@code X-Forwarded-For} header values (possibly none).
     */
    public String key(String peer, List<String> forwardedFor) {
        byte[] client = literal(peer);
        if (client == null) {
            // A Unix socket or an unparsable peer: one shared bucket, still bounded.
            return "peer:" + peer;
        }
        if (isTrusted(client) && !forwardedFor.isEmpty()) {
            List<String> hops = new ArrayList<>();
            forwardedFor.forEach(value -> Arrays.stream(value.split(",")).map(String::strip)
                    .filter(hop -> !hop.isEmpty()).forEach(hops::add));
            for (int i = hops.size() - 1; i >= 0; i--) {
                byte[] hop = literal(hops.get(i));
                if (hop == null) {
                    break; // garbage in the chain: the last address we could vouch for is the client
                }
                client = hop;
                if (!isTrusted(hop)) {
                    break;
                }
            }
        }
        return key(client);
    }

    private boolean isTrusted(byte[] address) {
        for (Network network : trusted) {
            if (network.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static String key(byte[] address) {
        if (address.length == 4) {
            return NetUtil.bytesToIpAddress(address);
        }
        byte[] prefix = Arrays.copyOf(address, 16);
        Arrays.fill(prefix, 8, 16, (byte) 0);
        return NetUtil.bytesToIpAddress(prefix) + "/64";
    }

    /** The bytes of an IP literal (an IPv4-mapped IPv6 address as IPv4), or null for anything else. */
    static byte[] literal(String text) {
        if (text == null) {
            return null;
        }
        String candidate = text.strip();
        if (candidate.startsWith("[") && candidate.endsWith("]")) {
            candidate = candidate.substring(1, candidate.length() - 1);
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(candidate);
        if (bytes != null && bytes.length == 16 && isV4Mapped(bytes)) {
            return Arrays.copyOfRange(bytes, 12, 16);
        }
        return bytes;
    }

    private static boolean isV4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    /** A CIDR network ({@code 10.0.0.0/8}, {@code fd00::/8}) or a single address. */
    record Network(byte[] address, int prefixBits) {

        static Network parse(String text) {
            String[] parts = text.strip().split("/", 2);
            byte[] address = literal(parts[0]);
            if (address == null) {
                throw new IllegalArgumentException("trusted proxies: not an IP address or CIDR: " + text);
            }
            int bits = address.length * 8;
            if (parts.length == 2) {
                try {
                    bits = Integer.parseInt(parts[1].strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("trusted proxies: bad prefix length in " + text, e);
                }
                if (bits < 0 || bits > address.length * 8) {
                    throw new IllegalArgumentException("trusted proxies: bad prefix length in " + text);
                }
            }
            return new Network(address, bits);
        }

        boolean contains(byte[] candidate) {
            if (candidate.length != address.length) {
                return false;
            }
            int full = prefixBits / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != address[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (candidate[full] & mask) == (address[full] & mask);
        }
    }
}
