package org.portwatch.alert.notification.webhook;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Keeps webhook signing secrets encrypted at rest: AES-256-GCM under a key from configuration
 * ({@link WebhookConfig.Secrets}), a fresh 96-bit nonce per encryption, the webhook's id as associated data (a
 * ciphertext copied onto another webhook's row does not open). Stored as {@code aesgcm:<keyId>:<base64(nonce ||
 * ciphertext || tag)>}: the key id says which key opens it, so a key can be replaced without a flag day.
 *
 * <p>A secret can only be encrypted, not hashed: signing needs the key itself. The database alone no longer holds
 * what forges an alert to a pager; it takes the database and the service's Secret.
 */
@Singleton
public class SecretCipher {

    private static final Logger LOG = Logger.getLogger(SecretCipher.class);

    static final String PREFIX = "aesgcm";
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The secret of a stored value could not be opened: its key is not configured, or the value was altered. */
    public static final class UnreadableSecret extends RuntimeException {
        UnreadableSecret(String message) {
            super(message);
        }
    }

    private final String keyId;
    private final SecretKey key;
    private final Map<String, SecretKey> keys = new HashMap<>();

    @Inject
    public SecretCipher(WebhookConfig config) {
        this(required(config.secrets()), config.secrets().keyId(), oldKeys(config.secrets().oldKeys().orElse(List.of())));
    }

    /** For plain unit tests; fails on a malformed key or id, at startup rather than at the first webhook. */
    SecretCipher(String key, String keyId, Map<String, String> oldKeys) {
        this.keyId = validId(keyId);
        this.key = aesKey(key, "notification.webhook.secrets.key");
        oldKeys.forEach((id, value) -> keys.put(validId(id), aesKey(value, "notification.webhook.secrets.old-keys (" + id + ")")));
        keys.put(this.keyId, this.key);
    }

    /** {@code <keyId>:<base64>} entries by id. */
    static Map<String, String> oldKeys(List<String> entries) {
        Map<String, String> keys = new HashMap<>();
        for (String entry : entries) {
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new IllegalStateException("notification.webhook.secrets.old-keys: each entry is <keyId>:<base64 key>");
            }
            keys.put(entry.substring(0, colon).strip(), entry.substring(colon + 1).strip());
        }
        return keys;
    }

    private static String required(WebhookConfig.Secrets secrets) {
        Optional<String> key = secrets.key();
        if (key.isEmpty() || key.get().isBlank()) {
            if (secrets.required()) {
                throw new IllegalStateException("No key to encrypt webhook secrets at rest: set WEBHOOK_SECRET_KEY"
                        + " (notification.webhook.secrets.key: base64 of 32 random bytes, e.g. `openssl rand -base64"
                        + " 32`) from a Secret. Production refuses to keep signing secrets in plaintext;"
                        + " notification.webhook.secrets.required=false allows it outside production only.");
            }
            // Not required and none given: a key for this process only. Secrets stored with it do not open after
            // a restart (their deliveries fail and say so), which is acceptable only where nothing lives that long.
            LOG.warn("No webhook secret key configured (notification.webhook.secrets.key): generated one for this"
                    + " process; webhooks registered now cannot be signed after a restart.");
            byte[] generated = new byte[KEY_BYTES];
            RANDOM.nextBytes(generated);
            return Base64.getEncoder().encodeToString(generated);
        }
        return key.get();
    }

    /** The id of the key new ciphertexts are made with. */
    public String keyId() {
        return keyId;
    }

    /** The stored form of {@code secret} for the webhook {@code webhookId}, under the current key. */
    public String seal(UUID webhookId, String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(webhookId));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return PREFIX + ":" + keyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }

    /**
     * The secret of a stored value. A value of the former plaintext form ({@code whsec_...}) is answered as it is:
     * rows written before encryption, until {@link PlaintextSecrets} has encrypted them.
     *
     * @throws UnreadableSecret when its key is not configured or the value does not authenticate
     */
    public String open(UUID webhookId, String stored) {
        if (!isSealed(stored)) {
            return stored;
        }
        String[] parts = stored.split(":", 3);
        if (parts.length != 3) {
            throw new UnreadableSecret("malformed stored secret");
        }
        SecretKey opener = keys.get(parts[1]);
        if (opener == null) {
            throw new UnreadableSecret("secret encrypted under key id " + parts[1] + ", which is not configured");
        }
        try {
            byte[] in = Base64.getDecoder().decode(parts[2]);
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, opener, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(aad(webhookId));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new UnreadableSecret("secret does not authenticate under key id " + parts[1]);
        }
    }

    /** Whether a stored value is a ciphertext of this class (else the former plaintext). */
    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(PREFIX + ":");
    }

    /** Whether a stored value must be (re-)encrypted: plaintext, or sealed under a key other than the current one. */
    public boolean needsSealing(String stored) {
        return stored != null && !stored.startsWith(PREFIX + ":" + keyId + ":");
    }

    private static byte[] aad(UUID webhookId) {
        return ("webhook:" + webhookId).getBytes(StandardCharsets.UTF_8);
    }

    private static String validId(String id) {
        if (id == null || !id.matches("[A-Za-z0-9._-]{1,32}")) {
            throw new IllegalStateException("A webhook secret key id must be 1-32 letters, digits, '.', '_' or '-': "
                    + id);
        }
        return id;
    }

    private static SecretKey aesKey(String base64, String property) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " is not base64", e);
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalStateException(property + " must be 32 bytes (AES-256), base64; it has " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
