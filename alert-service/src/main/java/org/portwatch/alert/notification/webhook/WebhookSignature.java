package org.portwatch.alert.notification.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signatures of the Standard Webhooks specification (https://www.standardwebhooks.com, symmetric "v1"): the secret
 * is {@code whsec_} + base64 of the key, and {@code webhook-signature} is {@code v1,} + base64 of
 * HMAC-SHA256(key, {@code webhook-id + "." + webhook-timestamp + "." + body}). A receiver may reuse
 * {@link #verify}: it accepts any of several space-separated signatures (secret rotation) and refuses a timestamp
 * outside the tolerance (replays). No state, thread-safe.
 */
public final class WebhookSignature {

    public static final String SECRET_PREFIX = "whsec_";
    public static final String VERSION = "v1";
    public static final String HEADER_ID = "webhook-id";
    public static final String HEADER_TIMESTAMP = "webhook-timestamp";
    public static final String HEADER_SIGNATURE = "webhook-signature";
    /** The tolerance the specification's reference libraries use for the timestamp, either way. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String ALGORITHM = "HmacSHA256";
    private static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {
    }

    /** A new secret: {@code whsec_} + base64 of 32 random bytes (the specification allows 24 to 64). */
    public static String newSecret() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The {@code webhook-signature} header value ({@code v1,<base64>}) of one message. */
    public static String sign(String secret, String id, long timestampSeconds, byte[] body) {
        return VERSION + "," + Base64.getEncoder().encodeToString(hmac(secret, id, timestampSeconds, body));
    }

    /** Same as {@link #sign(String, String, long, byte[])} for a body given as text (UTF-8). */
    public static String sign(String secret, String id, long timestampSeconds, String body) {
        return sign(secret, id, timestampSeconds, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether a received message is authentic and fresh: {@code timestamp} (the header, epoch seconds) within
     * {@code tolerance} of {@code now}, and one of the space-separated {@code v1} signatures of {@code signatures}
     * matching (compared in constant time). Never throws for bad input: a malformed header is just not valid.
     */
    public static boolean verify(String secret, String id, String timestamp, byte[] body, String signatures,
            Instant now, Duration tolerance) {
        if (secret == null || id == null || timestamp == null || body == null || signatures == null) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected;
        try {
            expected = hmac(secret, id, seconds, body);
        } catch (IllegalArgumentException e) {
            return false;
        }
        boolean valid = false;
        for (String candidate : signatures.strip().split(" +")) {
            int comma = candidate.indexOf(',');
            if (comma < 0 || !VERSION.equals(candidate.substring(0, comma))) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(candidate.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            // No early exit: every candidate costs the same, whichever matches.
            valid |= MessageDigest.isEqual(expected, given);
        }
        return valid;
    }

    /** {@link #verify(String, String, String, byte[], String, Instant, Duration)} now, with the default tolerance. */
    public static boolean verify(String secret, String id, String timestamp, byte[] body, String signatures) {
        return verify(secret, id, timestamp, body, signatures, Instant.now(), DEFAULT_TOLERANCE);
    }

    private static byte[] hmac(String secret, String id, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key(secret), ALGORITHM));
            mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** The key of a secret, with or without the {@code whsec_} prefix (the reference libraries accept both). */
    private static byte[] key(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        byte[] key = Base64.getDecoder().decode(encoded);
        if (key.length == 0) {
            throw new IllegalArgumentException("empty webhook secret");
        }
        return key;
    }
}
