package org.portwatch.ingest.device;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The device token of the start-up warm-up's own HTTP requests (ReadingWarmup drives {@code POST /api/v1/readings}
 * over loopback before readiness, so that the HTTP server, the token check and the problem+json path are compiled
 * before the first real device is served). A random token made in this process, never stored, logged or shown; it
 * is recognised only while the warm-up runs ({@link #open()} to {@link #close()}, at most the warm-up's time bound)
 * and stands for {@link #DEVICE}, a device no registration can name (spaces are not allowed in registered ids).
 * Whatever it sends is refused before anything is charged or sent (DeviceGate#refuseWarmup, 403): even a client
 * that had the token could not put a reading or a check-in on any topic with it.
 */
@ApplicationScoped
public class WarmupToken {

    /** The patient of every synthetic reading the warm-up makes; no device can be registered to it. */
    public static final String PATIENT_ID = "warm-up (synthetic, never sent)";
    /** The device the warm-up token stands for; not a registered id (it has spaces). */
    public static final AuthenticatedDevice DEVICE = new AuthenticatedDevice("warm-up (synthetic)", PATIENT_ID);

    private final String token = DeviceTokens.newToken();
    private final String hash = DeviceTokens.hash(token);
    private final String authorization = "Bearer " + token;
    private final byte[] authorizationBytes = authorization.getBytes(StandardCharsets.US_ASCII);
    private volatile boolean open;

    /** Whether {@code device} is the warm-up's (identity: only the verifier hands out {@link #DEVICE}). */
    public static boolean is(AuthenticatedDevice device) {
        return device == DEVICE;
    }

    /** The token is recognised from now on, until {@link #close()}. */
    public void open() {
        open = true;
    }

    /** The token is an unknown one from now on (401, like any other). */
    public void close() {
        open = false;
    }

    public boolean isOpen() {
        return open;
    }

    /** The {@code Authorization} header of the warm-up's requests; only for the warm-up's own client. */
    public String authorization() {
        return authorization;
    }

    /**
     * Whether an {@code Authorization} header is the warm-up's (compared in constant time; false once closed). For
     * the edge's address limit, which runs before the token is read (IngestLimits).
     */
    public boolean carries(String authorization) {
        return open && authorization != null && MessageDigest.isEqual(authorizationBytes,
                authorization.getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether a token with this hash is the warm-up's, and the warm-up runs. */
    boolean matches(String tokenHash) {
        return open && hash.equals(tokenHash);
    }
}
