package org.portwatch.alert.notification.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import nl.martijndwars.webpush.Utils;
import org.bouncycastle.jce.interfaces.ECPrivateKey;
import org.junit.jupiter.api.Test;

/** The key source: configured keys are used as given and checked as a pair; none gives a fresh pair. */
class VapidKeysTest {

    /** The raw 32-byte private scalar, base64url, as web-push tools print it. */
    private static String privateKeyOf(VapidKeys keys) {
        byte[] d = ((ECPrivateKey) keys.keyPair().getPrivate()).getD().toByteArray();
        byte[] raw = new byte[32];
        int length = Math.min(d.length, 32);
        System.arraycopy(d, d.length - length, raw, 32 - length, length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    @Test
    void shouldUseTheConfiguredKeyPairAsGiven() {
        VapidKeys generated = new VapidKeys(Optional.empty(), Optional.empty());
        VapidKeys configured = new VapidKeys(Optional.of(generated.publicKey()), Optional.of(privateKeyOf(generated)));

        assertThat(generated.generated()).isTrue();
        assertThat(configured.generated()).isFalse();
        assertThat(configured.publicKey()).isEqualTo(generated.publicKey());
        assertThat(Utils.verifyKeyPair(configured.keyPair().getPrivate(), generated.keyPair().getPublic())).isTrue();
    }

    @Test
    void shouldGenerateADifferentUncompressedP256KeyEachTimeWhenNoneIsConfigured() {
        VapidKeys first = new VapidKeys(Optional.empty(), Optional.empty());
        VapidKeys second = new VapidKeys(Optional.empty(), Optional.empty());
        byte[] point = Base64.getUrlDecoder().decode(first.publicKey());

        assertThat(point).hasSize(65);
        assertThat(point[0]).isEqualTo((byte) 4);
        assertThat(first.publicKey()).isNotEqualTo(second.publicKey());
    }

    @Test
    void shouldRefuseToStartWithKeysThatAreNotAPair() {
        VapidKeys one = new VapidKeys(Optional.empty(), Optional.empty());
        VapidKeys other = new VapidKeys(Optional.empty(), Optional.empty());

        assertThatThrownBy(() -> new VapidKeys(Optional.of(one.publicKey()), Optional.of(privateKeyOf(other))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not belong");
        assertThatThrownBy(() -> new VapidKeys(Optional.of(one.publicKey()), Optional.empty()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("both");
        byte[] offCurve = Base64.getUrlDecoder().decode(one.publicKey());
        byte[] y = new BigInteger(1, Arrays.copyOfRange(offCurve, 33, 65)).add(BigInteger.ONE).toByteArray();
        System.arraycopy(y, y.length - 32, offCurve, 33, 32);
        assertThatThrownBy(() -> new VapidKeys(Optional.of(Base64.getUrlEncoder().withoutPadding().encodeToString(offCurve)),
                Optional.of(privateKeyOf(one))))
                .isInstanceOf(IllegalStateException.class).hasMessageNotContaining(privateKeyOf(one));
    }

    @Test
    void shouldSignForTheEndpointsOriginWithItsPortOnlyWhenNotTheDefault() {
        assertThat(WebPushRequests.origin("https://fcm.googleapis.com/fcm/send/abc")).isEqualTo("https://fcm.googleapis.com");
        assertThat(WebPushRequests.origin("https://Push.Example:443/x")).isEqualTo("https://push.example");
        assertThat(WebPushRequests.origin("https://push.example:8443/x")).isEqualTo("https://push.example:8443");
        assertThat(WebPushRequests.origin("http://127.0.0.1:4711/push/x")).isEqualTo("http://127.0.0.1:4711");
    }

    @Test
    void shouldDeriveA32CharacterBase64UrlTopicPerAlert() {
        String topic = PushChannel.topic("7d1c2a4e-0b7f-4d5e-9a59-1f3a2b4c5d6e");

        assertThat(topic).matches("[A-Za-z0-9_-]{32}");
        assertThat(PushChannel.topic("7d1c2a4e-0b7f-4d5e-9a59-1f3a2b4c5d6e")).isEqualTo(topic);
        assertThat(PushChannel.topic("0e0a6f7c-3c51-4f0e-8c1e-7a7f3f0b9d11")).isNotEqualTo(topic);
        assertThat(topic).doesNotContain("7d1c2a4e");
        assertThat(PushChannel.topic(null)).isNull();
    }

    private static PushConfig.Vapid vapid(Optional<String> publicKey, Optional<String> privateKey, boolean required) {
        return new PushConfig.Vapid() {
            @Override
            public Optional<String> publicKey() {
                return publicKey;
            }

            @Override
            public Optional<String> privateKey() {
                return privateKey;
            }

            @Override
            public boolean required() {
                return required;
            }
        };
    }

    @Test
    void shouldRefuseToStartWithoutKeysWhereTheyAreRequiredAndSaySoClearly() {
        assertThatThrownBy(() -> VapidKeys.required(vapid(Optional.empty(), Optional.empty(), true)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No VAPID key pair configured")
                .hasMessageContaining("VAPID_PUBLIC_KEY");
        assertThat(VapidKeys.required(vapid(Optional.empty(), Optional.empty(), false))).isEmpty();
    }

    @Test
    void shouldAcceptThePairThatLocalAndTestStacksGenerate() {
        org.portwatch.infra.DevVapidKeys dev = org.portwatch.infra.DevVapidKeys.generate();
        Optional<String> publicKey = VapidKeys.required(vapid(Optional.of(dev.publicKey()),
                Optional.of(dev.privateKey()), true));
        VapidKeys keys = new VapidKeys(publicKey, Optional.of(dev.privateKey()));
        assertThat(keys.generated()).isFalse();
        assertThat(keys.publicKey()).isEqualTo(dev.publicKey());
    }
}
