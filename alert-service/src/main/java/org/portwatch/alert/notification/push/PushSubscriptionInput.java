package org.portwatch.alert.notification.push;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What the browser's {@code PushSubscription.toJSON()} gives, sent as it is.
 *
 * @param endpoint       the push service's URL for this browser
 * @param expirationTime when the subscription ends, in milliseconds since the epoch; null for most browsers
 * @param keys           what the payload is encrypted to
 */
@Schema(name = "PushSubscriptionInput", description = "The browser's PushSubscription.toJSON()")
public record PushSubscriptionInput(
        @Schema(required = true, example = "https://fcm.googleapis.com/fcm/send/dpH5lCsTSSM:APA91bHqjZxM0VImWWqDRN7U0a3A")
        String endpoint,
        @Schema(nullable = true, example = "null") Long expirationTime,
        @Schema(required = true) Keys keys) {

    /**
     * @param p256dh the browser's ECDH public key: an uncompressed P-256 point (65 bytes), base64url
     * @param auth   the browser's authentication secret: 16 bytes, base64url
     */
    @Schema(name = "PushSubscriptionKeys")
    public record Keys(
            @Schema(required = true, example = "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM")
            String p256dh,
            @Schema(required = true, example = "tBHItJI5svbpez7KI4CCXg")
            String auth) {
    }
}
