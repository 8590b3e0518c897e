package org.portwatch.alert.notification.push;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.util.Base64;
import java.util.Optional;
import nl.martijndwars.webpush.Utils;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.interfaces.ECPublicKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jboss.logging.Logger;
import org.portwatch.alert.role.ApiStarting;

/**
 * The application server's VAPID key pair (RFC 8292): browsers subscribe with its public half (the dashboard reads
 * it from {@code GET /api/v1/push/vapid-public-key}), every request to a push service is signed with its private
 * half. From {@code notification.push.vapid.*} when set, else generated for this process with one warning.
 *
 * <p>Keys are BouncyCastle keys: the web-push library computes with BouncyCastle's point type.
 */
@Singleton
public class VapidKeys {

    private static final Logger LOG = Logger.getLogger(VapidKeys.class);
    private static final String CURVE = "prime256v1";

    private final KeyPair keyPair;
    private final String publicKey;
    private final boolean generated;

    @Inject
    public VapidKeys(PushConfig config) {
        this(required(config.vapid()), config.vapid().privateKey());
        if (generated) {
            LOG.warn("No VAPID key pair configured (notification.push.vapid.public-key and .private-key): generated one "
                    + "for this process. Push subscriptions made now stop working at the next restart; set both keys "
                    + "from a Secret in production.");
        }
    }

    /**
     * Nothing to do but exist: observing this creates the pair at startup in the roles that push, so a missing key
     * stops an api pod at once (the detector role never fires it, and needs no key).
     */
    void onStart(@Observes ApiStarting event) {
    }

    /** The configured public key; fails startup, naming what to set, when a required pair is missing. */
    static Optional<String> required(PushConfig.Vapid vapid) {
        if (vapid.required() && vapid.publicKey().isEmpty() && vapid.privateKey().isEmpty()) {
            throw new IllegalStateException("No VAPID key pair configured: set VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY"
                    + " (notification.push.vapid.public-key / .private-key, base64url, as `npx web-push"
                    + " generate-vapid-keys` prints them) from a Secret. Production refuses to generate a pair per"
                    + " process, which would make pushes fail on every other replica and after every restart;"
                    + " notification.push.vapid.required=false allows it outside production.");
        }
        return vapid.publicKey();
    }

    VapidKeys(Optional<String> publicKey, Optional<String> privateKey) {
        provider();
        if (publicKey.isPresent() != privateKey.isPresent()) {
            throw new IllegalStateException("Set both notification.push.vapid.public-key and "
                    + "notification.push.vapid.private-key, or neither.");
        }
        try {
            if (publicKey.isPresent()) {
                this.keyPair = new KeyPair(Utils.loadPublicKey(publicKey.get().strip()),
                        Utils.loadPrivateKey(privateKey.get().strip()));
                if (!Utils.verifyKeyPair(keyPair.getPrivate(), keyPair.getPublic())) {
                    throw new IllegalStateException("notification.push.vapid.private-key does not belong to "
                            + "notification.push.vapid.public-key.");
                }
                this.generated = false;
            } else {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("ECDH", BouncyCastleProvider.PROVIDER_NAME);
                generator.initialize(ECNamedCurveTable.getParameterSpec(CURVE));
                this.keyPair = generator.generateKeyPair();
                this.generated = true;
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // The message only names the setting: a key's bytes never reach a log.
            throw new IllegalStateException("notification.push.vapid: not a base64url P-256 key pair", e);
        }
        this.publicKey = base64Url(Utils.encode((ECPublicKey) keyPair.getPublic()));
    }

    /**
     * Makes this class loader's BouncyCastle the JVM's provider {@code BC}: the web-push library asks for it by name
     * and registers nothing itself. A {@code BC} of another class loader (the application before a dev-mode reload or
     * a test restart, a plain test in the same JVM) is replaced, since its keys cannot be cast to this loader's
     * BouncyCastle types. Called before every use.
     */
    static Provider provider() {
        synchronized (Security.class) {
            Provider registered = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
            if (registered != null && registered.getClass() == BouncyCastleProvider.class) {
                return registered;
            }
            if (registered != null) {
                Security.removeProvider(BouncyCastleProvider.PROVIDER_NAME);
            }
            Provider ours = new BouncyCastleProvider();
            Security.addProvider(ours);
            return ours;
        }
    }

    /** Both halves, for signing. */
    public KeyPair keyPair() {
        return keyPair;
    }

    /** The public key, base64url without padding: the browser's {@code applicationServerKey}. */
    public String publicKey() {
        return publicKey;
    }

    /** Whether the pair was generated at startup (no configured keys). */
    public boolean generated() {
        return generated;
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
