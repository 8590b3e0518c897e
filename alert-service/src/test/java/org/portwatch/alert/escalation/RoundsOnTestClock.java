package org.portwatch.alert.escalation;

import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.portwatch.alert.notification.push.PushApi;
import org.portwatch.alert.notification.push.PushServiceStandIn;
import org.portwatch.alert.notification.push.PushServiceStandIn.Device;
import org.portwatch.alert.support.TestClock;

/**
 * What the escalation tests that run rounds themselves share: a push service stand-in whose devices clinicians
 * subscribe, the service's {@link TestClock} moved by the policy's minutes, and rounds run here, one after the other,
 * instead of waiting for the scheduler's next poll (on the default profile).
 */
abstract class RoundsOnTestClock {

    static final Duration HIGH_AFTER = Duration.ofMinutes(5);
    static final Duration REPEAT_EVERY = Duration.ofMinutes(5);
    static PushServiceStandIn pushService;

    @Inject
    EscalationScheduler scheduler;

    @Inject
    Vertx vertx;

    @Inject
    TestClock clock;

    @BeforeAll
    static void startPushService() {
        pushService = PushServiceStandIn.start();
    }

    @AfterAll
    static void stopPushService() {
        pushService.close();
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    /** A device of {@code subject}, subscribed to {@code team}'s push notifications. */
    static Device device(String subject, String team) {
        Device device = pushService.newDevice(PushApi.vapidPublicKey());
        PushApi.subscribed(subject, device.subscriptionJson(), team);
        return device;
    }

    /** The escalation rounds of {@code alertId} that reached {@code device}. */
    static long unacknowledged(Device device, String alertId) {
        return pushService.received(device).stream().filter(received -> received.plaintext() != null
                && received.plaintext().contains("\"alert.unacknowledged\"") && received.plaintext().contains(alertId))
                .count();
    }

    /** Moves the clock by {@code wait}, then runs rounds until {@code device} has its {@code count}th escalation. */
    void roundAfter(Duration wait, Device device, String alertId, long count) {
        clock.advance(wait);
        awaitRound(device, alertId, count);
    }

    /** Runs rounds (at the clock's time) until {@code device} has its {@code count}th escalation of the alert. */
    void awaitRound(Device device, String alertId, long count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            PushApi.onVertx(vertx, scheduler::round);
            return unacknowledged(device, alertId) >= count;
        });
    }
}
