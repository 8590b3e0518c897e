package org.portwatch.alert.notification.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import org.portwatch.service.problem.Problem;

/**
 * A receiver's URL, parsed once for both registration and delivery: absolute http(s), a host, no user info (a
 * password in a URL ends up in logs and lists), at most {@value #MAX_LENGTH} characters.
 *
 * @param uri  the parsed URL
 * @param host the host as written (an IPv6 literal keeps its brackets)
 * @param port the port, the scheme's default when none is written
 */
record WebhookUrl(URI uri, String host, int port, boolean tls) {

    static final int MAX_LENGTH = 2000;
    static final String FIELD = "url";

    /** The URL, or the reason it is not one we send to. */
    record Parsed(WebhookUrl url, Problem.FieldError error) {
    }

    static Parsed parse(String text) {
        if (text == null || text.isBlank()) {
            return invalid("REQUIRED", "must be given");
        }
        if (text.length() > MAX_LENGTH) {
            return invalid("TOO_LONG", "must be at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return invalid("INVALID_URL", "must be an absolute http or https URL");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.isOpaque() || !("http".equals(scheme) || "https".equals(scheme))) {
            return invalid("INVALID_URL", "must be an absolute http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            return invalid("USERINFO_NOT_ALLOWED", "must not contain user name or password; the signature authenticates");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return invalid("HOST_REQUIRED", "must name a host (letters, digits, dots and hyphens, or an IP address)");
        }
        boolean tls = "https".equals(scheme);
        int port = uri.getPort() == -1 ? (tls ? 443 : 80) : uri.getPort();
        return new Parsed(new WebhookUrl(uri, uri.getHost(), port, tls), null);
    }

    /**
     * Why this URL breaks the deployment's scheme and port policy ({@code notification.webhook.require-https},
     * {@code .allowed-ports}), or null. Checked at registration (422 for the client) and again at every delivery (a
     * policy tightened after registration stops deliveries, each refused for good).
     */
    Problem.FieldError policyViolation(WebhookConfig config) {
        if (config.requireHttps() && !tls) {
            return new Problem.FieldError(null, FIELD, "HTTPS_REQUIRED", "must be an https URL");
        }
        List<String> ports = config.allowedPorts();
        if (!ports.contains("*") && !ports.contains(Integer.toString(port))) {
            return new Problem.FieldError(null, FIELD, "PORT_NOT_ALLOWED",
                    "must use port " + String.join(" or ", ports) + " (the port is " + port + ")");
        }
        return null;
    }

    /** The request target sent on the wire: path and query as written, {@code /} for none. */
    String requestUri() {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    /** The host without IPv6 brackets, as the TLS handshake and the Host header name it. */
    String hostName() {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static Parsed invalid(String reason, String detail) {
        return new Parsed(null, new Problem.FieldError(null, FIELD, reason, detail));
    }
}
