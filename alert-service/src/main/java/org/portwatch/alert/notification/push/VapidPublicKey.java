package org.portwatch.alert.notification.push;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The application server key a browser subscribes with ({@code PushManager.subscribe({applicationServerKey})}).
 *
 * @param publicKey the uncompressed P-256 point (65 bytes), base64url without padding
 */
public record VapidPublicKey(
        @Schema(example = "BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U")
        String publicKey) {
}
