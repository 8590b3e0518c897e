package org.portwatch.alert.notification.webhook;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One delivery attempt to a webhook, for the people who run the receiver.
 *
 * @param outcome    DELIVERED, RETRY, GONE or REJECTED
 * @param httpStatus the receiver's status, when it answered
 * @param detail     a short reason: no payload, no secret
 */
@Schema(name = "WebhookDeliveryAttempt")
public record DeliveryAttemptView(
        String notificationId,
        int attempt,
        Instant at,
        String outcome,
        Integer httpStatus,
        int durationMs,
        String detail) {
}
