package org.portwatch.alert.notification.push;

import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Locale;
import nl.martijndwars.webpush.AbstractPushService;
import nl.martijndwars.webpush.Encoding;
import nl.martijndwars.webpush.HttpRequest;
import nl.martijndwars.webpush.Urgency;
import nl.martijndwars.webpush.Utils;
import org.bouncycastle.jce.interfaces.ECPublicKey;
import org.jose4j.lang.JoseException;

/**
 * Builds one push request with the web-push library: the payload encrypted for the subscription (RFC 8291,
 * {@code aes128gcm}), the VAPID {@code Authorization} header (RFC 8292: ES256 JWT, 12 hours), {@code TTL},
 * {@code Urgency} and {@code Topic}. Sending is not the library's: {@link PushChannel} does it with Vert.x, so the
 * library's two blocking/Netty HTTP clients stay out of the service. Immutable after construction, so one instance
 * serves every thread.
 */
final class WebPushRequests extends AbstractPushService<WebPushRequests> {

    WebPushRequests(VapidKeys keys, String subject) {
        super(keys.keyPair(), subject);
    }

    /** One request to {@code endpoint}; {@code p256dh} and {@code auth} as the browser gave them (base64url). */
    HttpRequest build(String endpoint, String p256dh, String auth, byte[] payload, int ttlSeconds, Urgency urgency,
            String topic) throws GeneralSecurityException, IOException, JoseException {
        VapidKeys.provider();
        Message message = new Message(endpoint, (ECPublicKey) Utils.loadPublicKey(p256dh),
                Base64.getUrlDecoder().decode(auth), payload, ttlSeconds, urgency, topic);
        HttpRequest request = prepareRequest(message, Encoding.AES128GCM);
        // The library adds the pre-RFC "Crypto-Key: p256ecdsa=" header also for aes128gcm, where RFC 8292 carries the
        // key in Authorization's k= alone; strict push services may refuse what they do not expect.
        request.getHeaders().remove("Crypto-Key");
        return request;
    }

    /**
     * The library's message with the JWT audience RFC 8292 §2 asks for: the endpoint's origin, port included when
     * it is not the scheme's default (the library drops the port, which a push service on another port refuses).
     */
    static final class Message extends nl.martijndwars.webpush.Notification {

        Message(String endpoint, ECPublicKey userPublicKey, byte[] userAuth, byte[] payload, int ttl, Urgency urgency,
                String topic) {
            super(endpoint, userPublicKey, userAuth, payload, ttl, urgency, topic);
        }

        @Override
        public String getOrigin() {
            return origin(getEndpoint());
        }
    }

    /** The ASCII origin of {@code url} (RFC 6454): scheme, host, and the port only when not the default. */
    static String origin(String url) {
        URI uri = URI.create(url);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
