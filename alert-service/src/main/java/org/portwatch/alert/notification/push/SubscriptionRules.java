package org.portwatch.alert.notification.push;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.math.ec.ECCurve;
import org.portwatch.service.problem.Problem;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;

/**
 * What makes a browser's subscription one we can send to: an https endpoint of a known push service (loopback only
 * in tests and the local run), an ECDH key that is a point of P-256 (a key off the curve would let a client probe
 * our ephemeral keys, and could never decrypt anyway), and a 16-byte auth secret (RFC 8291 §3.2).
 */
final class SubscriptionRules {

    /** A subscription that passed: what is stored, normalised (base64url without padding). */
    record Valid(String endpoint, String p256dh, String auth, Instant expiresAt) {
    }

    static final int MAX_ENDPOINT_LENGTH = 2048;
    static final int POINT_LENGTH = 65;
    static final int AUTH_LENGTH = 16;
    private static final ECCurve P256 = ECNamedCurveTable.getParameterSpec("prime256v1").getCurve();
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final List<String> allowedHosts;
    private final boolean anyHost;
    private final boolean allowLoopback;

    SubscriptionRules(List<String> allowedHosts, boolean allowLoopback) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty()).toList();
        this.anyHost = this.allowedHosts.contains("*");
        this.allowLoopback = allowLoopback;
    }

    SubscriptionRules(PushConfig config) {
        this(config.allowedHosts(), config.allowLoopback());
    }

    /** The subscription as stored, or a 422 naming every field that is wrong. */
    Valid validate(PushSubscriptionInput input, Instant now) {
        if (input == null) {
            throw invalid(List.of(error("body", "MISSING", "send the browser's PushSubscription.toJSON()")));
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        String endpoint = endpoint(input.endpoint(), errors);
        String p256dh = null;
        String auth = null;
        if (input.keys() == null) {
            errors.add(error("keys", "MISSING", "must hold p256dh and auth"));
        } else {
            p256dh = point(input.keys().p256dh(), errors);
            auth = secret(input.keys().auth(), errors);
        }
        Instant expiresAt = input.expirationTime() == null ? null : Instant.ofEpochMilli(input.expirationTime());
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            errors.add(error("expirationTime", "EXPIRED", "the subscription has already ended; subscribe again"));
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return new Valid(endpoint, p256dh, auth, expiresAt);
    }

    private String endpoint(String endpoint, List<Problem.FieldError> errors) {
        if (endpoint == null || endpoint.isBlank()) {
            errors.add(error("endpoint", "MISSING", "must be the push service's URL"));
            return null;
        }
        if (endpoint.length() > MAX_ENDPOINT_LENGTH) {
            errors.add(error("endpoint", "TOO_LONG", "must be at most " + MAX_ENDPOINT_LENGTH + " characters"));
            return null;
        }
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            errors.add(error("endpoint", "NOT_A_URL", "must be an absolute https URL"));
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || host == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null
                || !(scheme.equals("https") || scheme.equals("http"))) {
            errors.add(error("endpoint", "NOT_A_URL", "must be an absolute https URL"));
            return null;
        }
        if (isLoopback(host)) {
            if (!allowLoopback) {
                errors.add(error("endpoint", "PUSH_SERVICE_NOT_ALLOWED", "must be a push service's URL"));
                return null;
            }
            return endpoint;
        }
        if (!scheme.equals("https")) {
            errors.add(error("endpoint", "NOT_HTTPS", "must be an https URL"));
            return null;
        }
        if (!anyHost && allowedHosts.stream().noneMatch(allowed -> host.equals(allowed) || host.endsWith("." + allowed))) {
            errors.add(error("endpoint", "PUSH_SERVICE_NOT_ALLOWED",
                    "must be the URL of a known push service (" + String.join(", ", allowedHosts) + ")"));
            return null;
        }
        return endpoint;
    }

    /**
     * Whether {@code host} names this machine. Literals only: a host name other than localhost is never resolved
     * here (its address could change after the check).
     */
    static boolean isLoopback(String host) {
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return true;
        }
        if (IPV4_LITERAL.matcher(host).matches()) {
            String[] octets = host.split("\\.");
            for (String octet : octets) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return octets[0].equals("127");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            try {
                // A bracketed literal is parsed, never looked up.
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    private static String point(String p256dh, List<Problem.FieldError> errors) {
        byte[] bytes = decode("keys.p256dh", p256dh, errors);
        if (bytes == null) {
            return null;
        }
        if (bytes.length != POINT_LENGTH || bytes[0] != 0x04) {
            errors.add(error("keys.p256dh", "NOT_A_P256_POINT",
                    "must be an uncompressed P-256 point: 65 bytes starting with 0x04, base64url"));
            return null;
        }
        try {
            // Rejects coordinates out of the field and points not on the curve.
            P256.decodePoint(bytes);
        } catch (IllegalArgumentException | ArithmeticException e) {
            errors.add(error("keys.p256dh", "NOT_A_P256_POINT", "is not a point of the P-256 curve"));
            return null;
        }
        return BASE64URL.encodeToString(bytes);
    }

    private static String secret(String auth, List<Problem.FieldError> errors) {
        byte[] bytes = decode("keys.auth", auth, errors);
        if (bytes == null) {
            return null;
        }
        if (bytes.length != AUTH_LENGTH) {
            errors.add(error("keys.auth", "WRONG_LENGTH", "must be 16 bytes, base64url"));
            return null;
        }
        return BASE64URL.encodeToString(bytes);
    }

    private static byte[] decode(String field, String value, List<Problem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(error(field, "MISSING", "must be given, base64url"));
            return null;
        }
        try {
            return Base64.getUrlDecoder().decode(value.strip());
        } catch (IllegalArgumentException e) {
            errors.add(error(field, "NOT_BASE64URL", "must be base64url (RFC 4648 §5)"));
            return null;
        }
    }

    private static Problem.FieldError error(String field, String reason, String detail) {
        return new Problem.FieldError(null, field, reason, detail);
    }

    private static ProblemException invalid(List<Problem.FieldError> errors) {
        String fields = errors.stream().map(Problem.FieldError::field).distinct().collect(Collectors.joining(", "));
        return new ProblemException(ProblemType.VALIDATION_FAILED, "Invalid value for: " + fields + ".", errors, Map.of());
    }
}
