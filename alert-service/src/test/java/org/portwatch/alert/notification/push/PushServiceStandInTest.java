package org.portwatch.alert.notification.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import nl.martijndwars.webpush.HttpRequest;
import nl.martijndwars.webpush.Urgency;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.notification.push.PushServiceStandIn.Device;
import org.portwatch.alert.notification.push.PushServiceStandIn.Received;

/**
 * The stand-in is only worth its green if it refuses what a real push service refuses: these tests show it
 * accepts a correct message and turns away wrong keys, wrong claims and a payload it cannot decrypt.
 */
class PushServiceStandInTest {

    private static final String SUBJECT = "mailto:care-alerts@portwatch.invalid";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static PushServiceStandIn pushService;

    @BeforeAll
    static void start() {
        pushService = PushServiceStandIn.start();
    }

    @AfterAll
    static void stop() {
        pushService.close();
    }

    private static VapidKeys generatedKeys() {
        return new VapidKeys(Optional.empty(), Optional.empty());
    }

    private static int send(String url, Map<String, String> headers, byte[] body) throws Exception {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(URI.create(url))
                .POST(BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), BodyHandlers.discarding()).statusCode();
    }

    private static int send(HttpRequest request) throws Exception {
        return send(request.getUrl(), request.getHeaders(), request.getBody());
    }

    @Test
    void shouldAcceptAndDecryptAMessageSignedWithTheSubscriptionsKey() throws Exception {
        VapidKeys keys = generatedKeys();
        Device device = pushService.newDevice(keys.publicKey());
        HttpRequest request = new WebPushRequests(keys, SUBJECT).build(device.endpoint(), device.p256dh(),
                device.authSecret(), "{\"hello\":\"ward 7\"}".getBytes(StandardCharsets.UTF_8), 60, Urgency.HIGH, null);

        assertThat(send(request)).isEqualTo(201);

        assertThat(pushService.received(device)).singleElement().satisfies(received -> {
            assertThat(received.rejection()).isNull();
            assertThat(received.plaintext()).isEqualTo("{\"hello\":\"ward 7\"}");
            assertThat(received.claims().path("sub").asText()).isEqualTo(SUBJECT);
        });
    }

    @Test
    void shouldRefuseAMessageSignedWithAnotherKeyThanTheSubscriptionWasMadeWith() throws Exception {
        Device device = pushService.newDevice(generatedKeys().publicKey());
        HttpRequest request = new WebPushRequests(generatedKeys(), SUBJECT).build(device.endpoint(), device.p256dh(),
                device.authSecret(), new byte[] {'{', '}'}, 60, Urgency.NORMAL, null);

        assertThat(send(request)).isEqualTo(403);
        assertThat(pushService.received(device)).singleElement()
                .extracting(Received::rejection).asString().contains("k is not the key");
    }

    @Test
    void shouldRefuseATokenWhoseSignatureDoesNotVerifyWithK() throws Exception {
        KeyPair applicationServer = PushServiceStandIn.generateP256();
        String k = PushServiceStandIn.base64Url(PushServiceStandIn.uncompressed((ECPublicKey) applicationServer.getPublic()));
        Device device = pushService.newDevice(k);
        Map<String, Object> claims = Map.of("aud", pushService.origin(),
                "exp", Instant.now().plusSeconds(3600).getEpochSecond(), "sub", SUBJECT);
        Map<String, String> headers = new HashMap<>(Map.of("TTL", "60", "Content-Encoding", "aes128gcm"));

        // Signed by someone else, presented with the subscription's key.
        headers.put("Authorization", PushServiceStandIn.vapidHeader(PushServiceStandIn.generateP256(), k, claims));
        assertThat(send(device.endpoint(), headers, new byte[100])).isEqualTo(403);
        // Signed with the right key: past the VAPID checks, and refused only because the body is no ciphertext.
        headers.put("Authorization", PushServiceStandIn.vapidHeader(applicationServer, k, claims));
        assertThat(send(device.endpoint(), headers, new byte[100])).isEqualTo(400);

        assertThat(pushService.received(device)).extracting(Received::rejection)
                .satisfiesExactly(
                        first -> assertThat(first).contains("signature does not verify"),
                        second -> assertThat(second).contains("payload not decrypted"));
    }

    @Test
    void shouldRefuseTokensWithTheWrongAudienceAnExpiryOutOfRangeOrNoContact() throws Exception {
        KeyPair applicationServer = PushServiceStandIn.generateP256();
        String k = PushServiceStandIn.base64Url(PushServiceStandIn.uncompressed((ECPublicKey) applicationServer.getPublic()));
        Device device = pushService.newDevice(k);
        long now = Instant.now().getEpochSecond();
        Map<String, Map<String, Object>> cases = Map.of(
                "aud is not", Map.of("aud", "http://127.0.0.1:1", "exp", now + 3600, "sub", SUBJECT),
                "exp not within", Map.of("aud", pushService.origin(), "exp", now - 10, "sub", SUBJECT),
                "exp not within the next 24 hours", Map.of("aud", pushService.origin(), "exp", now + 25 * 3600, "sub", SUBJECT),
                "sub is not", Map.of("aud", pushService.origin(), "exp", now + 3600));
        for (Map.Entry<String, Map<String, Object>> entry : cases.entrySet()) {
            Map<String, String> headers = Map.of("TTL", "60", "Content-Encoding", "aes128gcm",
                    "Authorization", PushServiceStandIn.vapidHeader(applicationServer, k, entry.getValue()));
            assertThat(send(device.endpoint(), headers, new byte[100])).as(entry.getKey()).isEqualTo(403);
            assertThat(pushService.received(device).get(pushService.received(device).size() - 1).rejection())
                    .as(entry.getKey()).contains(entry.getKey());
        }
    }

    @Test
    void shouldRefuseAPayloadEncryptedForAnotherAuthSecret() throws Exception {
        VapidKeys keys = generatedKeys();
        Device device = pushService.newDevice(keys.publicKey());
        String otherAuth = PushServiceStandIn.base64Url(new byte[16]);
        HttpRequest request = new WebPushRequests(keys, SUBJECT).build(device.endpoint(), device.p256dh(), otherAuth,
                new byte[] {'{', '}'}, 60, Urgency.NORMAL, null);

        assertThat(send(request)).isEqualTo(400);
        assertThat(pushService.received(device)).singleElement()
                .extracting(Received::rejection).asString().contains("payload not decrypted");
    }
}
