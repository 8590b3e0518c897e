package org.portwatch.alert.notification.webhook;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.portwatch.alert.notification.Audience;

/** The answer to a webhook's creation: the only time its secret is shown. */
@Schema(name = "CreatedWebhook")
public record CreatedWebhook(
        UUID id,
        String careTeamId,
        String url,
        Audience audience,
        @Schema(example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwq6Jt9JzK0Vc=",
                description = "The signing secret (Standard Webhooks): store it now, it is never shown again")
        String secret,
        Instant createdAt) {

    /** {@code secret}: the plaintext, which the row holds only encrypted. */
    static CreatedWebhook of(Webhook webhook, String secret) {
        return new CreatedWebhook(webhook.getId(), webhook.getCareTeamId(), webhook.getUrl(), webhook.getAudience(),
                secret, webhook.getCreatedAt());
    }
}
