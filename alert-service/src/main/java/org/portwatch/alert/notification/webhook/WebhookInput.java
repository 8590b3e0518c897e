package org.portwatch.alert.notification.webhook;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/v1/care-teams/{careTeamId}/webhooks}. Both fields are checked by the service (not by
 * Bean Validation) so that every mistake, an unknown audience included, answers 422 with the field named.
 */
@Schema(name = "WebhookInput", description = "A receiver of a care team's notifications")
public record WebhookInput(
        @Schema(required = true, maxLength = WebhookUrl.MAX_LENGTH, example = "https://pager.example-hospital.org/hooks/portwatch",
                description = "Absolute http(s) URL without user info; it must resolve to public addresses only")
        String url,
        @Schema(enumeration = {"CARE_TEAM", "ESCALATION"}, defaultValue = "CARE_TEAM",
                description = "CARE_TEAM: every event of every alert of the team; ESCALATION: only alerts nobody "
                        + "acknowledged in time (alert.unacknowledged), for on-call pagers")
        String audience) {
}
