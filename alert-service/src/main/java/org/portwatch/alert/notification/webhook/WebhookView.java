package org.portwatch.alert.notification.webhook;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.portwatch.alert.notification.Audience;

/** A webhook as listed and read: never its secret. */
@Schema(name = "Webhook")
public record WebhookView(UUID id, String careTeamId, String url, Audience audience, Instant createdAt) {

    static WebhookView of(Webhook webhook) {
        return new WebhookView(webhook.getId(), webhook.getCareTeamId(), webhook.getUrl(), webhook.getAudience(),
                webhook.getCreatedAt());
    }
}
