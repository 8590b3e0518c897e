package org.portwatch.alert.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.alerts.AlertEvents;
import org.portwatch.alert.notification.webhook.Webhooks;
import org.portwatch.alert.support.FastRounds;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.Severity;

/**
 * Issue 14, found by the fault suite's full run: after a long receiver outage a HIGH notification queued behind its
 * alert's earlier MEDIUM one (order per alert) must not wait out the MEDIUM row's long backoff. Here MEDIUM backs off
 * without a practical cap and HIGH at most 1 s: the MEDIUM row's next attempt is 20 s or more away when the alert
 * escalates to HIGH and the receiver returns; both arrive, in order, within HIGH's pace instead.
 */
@QuarkusTest
@TestProfile(FastRounds.class)
class UrgentAfterOutageTest {

    private static final int FAILED_ATTEMPTS = 7;

    @Test
    void shouldDeliverAnEscalationToHighWithinHighsPaceEvenBehindAMediumInBackoff() throws Exception {
        String team = AlertEvents.team();
        try (LoopbackReceiver receiver = new LoopbackReceiver()) {
            Webhooks.created(team, receiver.url(), "CARE_TEAM");
            int down = 1_000;
            receiver.failNext(down, 503);
            AlertEvent raised = AlertEvents.raised(AlertEvents.enrol(team), Severity.MEDIUM);
            AlertEvents.publish(raised);
            // Seven failed attempts: 0.2 s doubling, the MEDIUM row's next attempt is now ~25.6 s (±20 %) away.
            await().atMost(Duration.ofSeconds(60)).until(() -> down - receiver.failuresLeft() >= FAILED_ATTEMPTS);

            AlertEvent escalated = AlertEvents.next(raised, AlertTransition.ESCALATED, Severity.HIGH);
            receiver.failNext(0, 503);
            AlertEvents.publish(escalated);

            // HIGH's pace is 1 s; the MEDIUM row left alone would come back only after 20 s or more.
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.of(raised.alertId()).size() == 2);
            assertThat(receiver.of(raised.alertId())).extracting(LoopbackReceiver.Delivery::type)
                    .containsExactly("alert.raised", "alert.escalated");
        }
    }
}
