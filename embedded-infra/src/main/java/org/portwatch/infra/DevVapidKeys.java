package org.portwatch.infra;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;

/**
 * A VAPID key pair (RFC 8292, P-256) for one run of the packaged alert-service: in its production profile the
 * service refuses to start without one (a pair per process would make most pushes fail), so whoever starts it —
 * {@code ./run-local.sh}, the end-to-end and fault-injection stacks — makes a pair per stack run with this and passes
 * {@link #properties()}. The encoding is what the service and {@code npx web-push generate-vapid-keys} use:
 * base64url without padding of the uncompressed public point (65 bytes) and of the private scalar (32 bytes).
 *
 * @param publicKey  base64url of {@code 0x04 || X || Y}
 * @param privateKey base64url of the 32-byte private scalar
 */
public record DevVapidKeys(String publicKey, String privateKey) {

    /** A new pair from the JDK's own EC key generator (no BouncyCastle needed here). */
    public static DevVapidKeys generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            ECPublicKey pub = (ECPublicKey) pair.getPublic();
            byte[] point = new byte[65];
            point[0] = 0x04;
            System.arraycopy(fixed32(pub.getW().getAffineX()), 0, point, 1, 32);
            System.arraycopy(fixed32(pub.getW().getAffineY()), 0, point, 33, 32);
            byte[] scalar = fixed32(((ECPrivateKey) pair.getPrivate()).getS());
            Base64.Encoder base64Url = Base64.getUrlEncoder().withoutPadding();
            return new DevVapidKeys(base64Url.encodeToString(point), base64Url.encodeToString(scalar));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK cannot generate a P-256 key pair", e);
        }
    }

    /** The service's settings for this pair: {@code notification.push.vapid.public-key} and {@code .private-key}. */
    public Map<String, String> properties() {
        return Map.of("notification.push.vapid.public-key", publicKey,
                "notification.push.vapid.private-key", privateKey);
    }

    /** An unsigned big-endian integer in exactly 32 bytes (BigInteger adds a sign byte or drops leading zeros). */
    private static byte[] fixed32(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }

    @Override
    public String toString() {
        return "DevVapidKeys[publicKey=" + publicKey + ", privateKey=(hidden)]";
    }
}
