package org.portwatch.alert.notification.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.portwatch.alert.notification.Notification;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.Severity;

/**
 * The body of a webhook delivery in the Standard Webhooks shape: {@code type} ({@code alert.raised},
 * {@code alert.escalated}, {@code alert.resolved}, {@code alert.acknowledged}, {@code alert.unacknowledged}),
 * {@code timestamp} (when the event happened, ISO-8601; the attempt's time is the {@code webhook-timestamp} header)
 * and {@code data}. The event's id is the {@code webhook-id} header, not repeated here.
 *
 * <p>{@code data} is what a pager needs to act and no more: which alert (its id, its team, a link to it on the
 * dashboard), what (condition, severity, status, why it reaches this team now) and the patient's initials to tell two
 * alerts apart. Never a name, a patient id, a reading or a threshold: the receiver is outside the hospital's records.
 */
public record WebhookPayload(String type, Instant timestamp, Data data) {

    /**
     * @param patientLabel initials only ("J.D."), empty when the patient is not enrolled
     * @param reason       {@code HANDED_OVER}, {@code TRANSFERRED}, {@code RERAISED}, {@code SNOOZE_ENDED} or
     *                     {@code SILENCE_ENDED} for an {@code alert.raised} that is not a new detection
     *                     ({@code UNGROUPED}, {@code ABOVE_GROUP}: see Notification); absent otherwise
     * @param group        on a SEPSIS_RISK's deliveries: the alerts grouped under it (condition, severity); absent
     *                     otherwise
     */
    public record Data(
            String alertId,
            String careTeamId,
            AlertCondition condition,
            Severity severity,
            String status,
            String patientLabel,
            String link,
            @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<Notification.Member> group) {
    }

    static WebhookPayload of(Notification notification) {
        return new WebhookPayload(notification.type(), notification.occurredAt(), new Data(notification.alertId(),
                notification.careTeamId(), notification.condition(), notification.severity(), notification.status(),
                notification.patientLabel(), notification.link(), notification.reason(), notification.group()));
    }
}
