package org.portwatch.alert.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portwatch.model.Severity;

/** When rounds are due, in the minutes of docs/clinical-rules.md (HIGH/CRITICAL after 5, MEDIUM after 15, every 5). */
class EscalationPolicyTest {

    private static final Instant RAISED = Instant.parse("2026-11-30T08:00:00Z");
    private static final EscalationPolicy DEFAULTS = new EscalationPolicy(Duration.ofMinutes(5), Duration.ofMinutes(15),
            Duration.ofMinutes(5), List.of());

    @Test
    void shouldFirstEscalateHighAndCriticalAfterFiveMinutesAndMediumAfterFifteen() {
        assertThat(DEFAULTS.firstDue(Severity.CRITICAL, RAISED)).isEqualTo(Instant.parse("2026-11-30T08:05:00Z"));
        assertThat(DEFAULTS.firstDue(Severity.HIGH, RAISED)).isEqualTo(Instant.parse("2026-11-30T08:05:00Z"));
        assertThat(DEFAULTS.firstDue(Severity.MEDIUM, RAISED)).isEqualTo(Instant.parse("2026-11-30T08:15:00Z"));
    }

    @Test
    void shouldNeverEscalateLowAlerts() {
        assertThat(DEFAULTS.firstDue(Severity.LOW, RAISED)).isNull();
    }

    @Test
    void shouldFollowTheTeamsOwnDelays() {
        EscalationPolicy team = new EscalationPolicy(Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofMinutes(3),
                List.of("dr-on-call"));
        assertThat(team.firstDue(Severity.HIGH, RAISED)).isEqualTo(Instant.parse("2026-11-30T08:02:00Z"));
        assertThat(team.firstDue(Severity.MEDIUM, RAISED)).isEqualTo(Instant.parse("2026-11-30T08:10:00Z"));
        assertThat(team.nextRound(Instant.parse("2026-11-30T08:02:00.5Z"))).isEqualTo(Instant.parse("2026-11-30T08:05:00.5Z"));
    }

    @Test
    void shouldRepeatEveryFiveMinutesFromTheRoundSent() {
        Instant round = RAISED.plus(Duration.ofMinutes(5));
        assertThat(DEFAULTS.nextRound(round)).isEqualTo(Instant.parse("2026-11-30T08:10:00Z"));
        assertThat(DEFAULTS.nextRound(DEFAULTS.nextRound(round))).isEqualTo(Instant.parse("2026-11-30T08:15:00Z"));
    }

    @Test
    void shouldGiveEachRoundOfAnAlertItsOwnIdempotencyKey() {
        java.util.UUID alert = java.util.UUID.fromString("6f1c1c1e-2a4b-4c7d-9e2f-0a1b2c3d4e5f");
        assertThat(EscalationScheduler.notificationId(alert, 1)).isEqualTo(EscalationScheduler.notificationId(alert, 1))
                .isNotEqualTo(EscalationScheduler.notificationId(alert, 2));
    }
}
