package org.portwatch.alert.notification.webhook;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to a secret's rotation: the only time the new secret is shown. */
@Schema(name = "RotatedWebhookSecret")
public record RotatedSecret(
        UUID id,
        @Schema(example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwq6Jt9JzK0Vc=",
                description = "The new signing secret (Standard Webhooks): store it now, it is never shown again")
        String secret,
        @Schema(description = "Until then deliveries carry two v1 signatures, with the new and the former secret")
        Instant previousSecretValidUntil) {
}
