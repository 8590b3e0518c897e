package org.portwatch.loadgen;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/**
 * Where the load goes: an {@code http://} base URL on this machine. Anything that is not a
 * loopback address is refused, so a typo can never send load to somebody else's server.
 *
 * @param host     host as written in the URL
 * @param port     TCP port
 * @param basePath path prefix without trailing slash ("" for none)
 */
public record Target(String host, int port, String basePath) {

    public static Target parse(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new Options.UsageException("not a URL: " + url);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new Options.UsageException("need an http://host:port URL, got: " + url);
        }
        int port = uri.getPort() == -1 ? 80 : uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Target(host, port, path);
    }

    /**
     * Throws unless every address of the host is a loopback address (127.0.0.0/8, ::1); returns the
     * target with the host replaced by one of those addresses, IPv4 first, so that {@code localhost}
     * cannot turn into {@code ::1} for a server listening on 127.0.0.1 only.
     */
    public Target requireLoopback() {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new Options.UsageException("unknown host: " + host);
        }
        InetAddress chosen = null;
        for (InetAddress address : addresses) {
            if (!address.isLoopbackAddress()) {
                throw new Options.UsageException("refusing to send load to " + host + " (" + address.getHostAddress()
                        + "): only loopback addresses are allowed");
            }
            if (chosen == null || (address instanceof Inet4Address && !(chosen instanceof Inet4Address))) {
                chosen = address;
            }
        }
        return new Target(chosen.getHostAddress(), port, basePath);
    }

    public String path(String path) {
        return basePath + path;
    }

    @Override
    public String toString() {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + basePath;
    }
}
