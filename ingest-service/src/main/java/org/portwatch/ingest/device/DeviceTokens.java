package org.portwatch.ingest.device;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Device credentials: 256 random bits, shown once, stored as SHA-256. A fast hash is right here
 * (unlike passwords): the token has full entropy, so it cannot be guessed from its hash.
 */
public final class DeviceTokens {

    static final String PREFIX = "pwd_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private DeviceTokens() {
    }

    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String token) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** Whether a string can be one of our tokens at all, so junk never reaches the database. */
    public static boolean wellFormed(String token) {
        return token != null && token.length() == PREFIX.length() + 43 && token.startsWith(PREFIX)
                && token.chars().skip(PREFIX.length())
                        .allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_');
    }
}
