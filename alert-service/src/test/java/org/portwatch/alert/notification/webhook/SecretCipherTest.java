package org.portwatch.alert.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static final String KEY_A = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String KEY_B = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    private static WebhookConfig config(Optional<String> key, boolean required) {
        WebhookConfig.Secrets secrets = new WebhookConfig.Secrets() {
            @Override
            public Optional<String> key() {
                return key;
            }

            @Override
            public String keyId() {
                return "1";
            }

            @Override
            public Optional<List<String>> oldKeys() {
                return Optional.empty();
            }

            @Override
            public boolean required() {
                return required;
            }

            @Override
            public Duration rotationOverlap() {
                return Duration.ofHours(24);
            }
        };
        return Webhooks.config(true, List.of("443"), secrets);
    }

    @Test
    void shouldRefuseToStartWithoutAKeyWhereOneIsRequired() {
        assertThatThrownBy(() -> new SecretCipher(config(Optional.empty(), true)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("WEBHOOK_SECRET_KEY");
        assertThatThrownBy(() -> new SecretCipher(config(Optional.of("   "), true)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("WEBHOOK_SECRET_KEY");
        // Outside production it may run with a key of its own.
        SecretCipher ephemeral = new SecretCipher(config(Optional.empty(), false));
        UUID id = UUID.randomUUID();
        assertThat(ephemeral.open(id, ephemeral.seal(id, "whsec_abc"))).isEqualTo("whsec_abc");
    }

    @Test
    void shouldRefuseKeysThatAreNotAes256() {
        String short16 = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> new SecretCipher(short16, "1", Map.of())).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new SecretCipher("not base64!", "1", Map.of())).hasMessageContaining("base64");
        assertThatThrownBy(() -> new SecretCipher(KEY_A, "has:colon", Map.of())).hasMessageContaining("key id");
    }

    @Test
    void shouldStoreTheKeyIdWithACiphertextThatHidesTheSecret() {
        SecretCipher cipher = new SecretCipher(KEY_A, "2026-11", Map.of());
        UUID id = UUID.randomUUID();
        String secret = WebhookSignature.newSecret();

        String stored = cipher.seal(id, secret);

        assertThat(stored).startsWith("aesgcm:2026-11:").doesNotContain(secret.substring("whsec_".length()));
        assertThat(cipher.open(id, stored)).isEqualTo(secret);
        // A fresh nonce each time: the same secret never gives the same ciphertext.
        assertThat(cipher.seal(id, secret)).isNotEqualTo(stored);
        assertThat(cipher.needsSealing(stored)).isFalse();
        assertThat(cipher.needsSealing(secret)).as("the former plaintext").isTrue();
        assertThat(cipher.open(id, secret)).as("the former plaintext reads as it is").isEqualTo(secret);
    }

    @Test
    void shouldNotOpenACiphertextMovedToAnotherWebhookOrAltered() {
        SecretCipher cipher = new SecretCipher(KEY_A, "1", Map.of());
        UUID id = UUID.randomUUID();
        String stored = cipher.seal(id, WebhookSignature.newSecret());

        assertThatThrownBy(() -> cipher.open(UUID.randomUUID(), stored)).isInstanceOf(SecretCipher.UnreadableSecret.class);
        char last = stored.charAt(stored.length() - 3);
        String altered = stored.substring(0, stored.length() - 3) + (last == 'A' ? 'B' : 'A') + stored.substring(stored.length() - 2);
        assertThatThrownBy(() -> cipher.open(id, altered)).isInstanceOf(SecretCipher.UnreadableSecret.class);
    }

    @Test
    void shouldOpenWhatAFormerKeyEncryptedAndSealAnewUnderTheCurrentOne() {
        UUID id = UUID.randomUUID();
        String secret = WebhookSignature.newSecret();
        String underOld = new SecretCipher(KEY_A, "old", Map.of()).seal(id, secret);

        SecretCipher rotated = new SecretCipher(KEY_B, "new", Map.of("old", KEY_A));
        assertThat(rotated.open(id, underOld)).isEqualTo(secret);
        assertThat(rotated.needsSealing(underOld)).isTrue();
        assertThat(rotated.seal(id, secret)).startsWith("aesgcm:new:");

        assertThat(new SecretCipher(KEY_B, "new", SecretCipher.oldKeys(List.of("old:" + KEY_A))).open(id, underOld))
                .as("as configured: <keyId>:<base64>").isEqualTo(secret);
        SecretCipher forgotten = new SecretCipher(KEY_B, "new", Map.of());
        assertThatThrownBy(() -> forgotten.open(id, underOld)).isInstanceOf(SecretCipher.UnreadableSecret.class)
                .hasMessageContaining("old");
    }
}
