package org.portwatch.alert.notification.push;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A subscription as its owner sees it; the keys are never shown again.
 *
 * @param careTeams      the care teams whose alerts this device gets (the token's at the last subscribe)
 * @param expirationTime when the browser said the subscription ends, if it did
 * @param validUntil     when pushes to it stop unless its owner visits the dashboard again: the owner's token's
 *                       expiry plus {@code notification.push.owner-grace}
 */
@Schema(name = "PushSubscription")
public record PushSubscriptionView(
        @Schema(example = "4b6f1f0e-8f0a-4a59-9a55-2f1d6c1b7e10") String id,
        @Schema(example = "https://fcm.googleapis.com/fcm/send/dpH5lCsTSSM:APA91bHqjZxM0VImWWqDRN7U0a3A") String endpoint,
        @Schema(example = "[\"oncology-day-unit\"]") List<String> careTeams,
        @Schema(nullable = true) Instant expirationTime,
        Instant validUntil,
        Instant createdAt,
        Instant updatedAt) {

    static PushSubscriptionView of(PushSubscription subscription) {
        return new PushSubscriptionView(subscription.getId().toString(), subscription.getEndpoint(),
                subscription.getCareTeams(), subscription.getExpiresAt(), subscription.getOwnerValidUntil(), subscription.getCreatedAt(),
                subscription.getUpdatedAt());
    }
}
