package org.portwatch.alert.escalation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.alerts.AlertEvents;
import org.portwatch.alert.notification.push.PushServiceStandIn.Device;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.Severity;

/**
 * Escalation along a team's on-call chain (issue 11): on-call round k goes to level min(k, 3) — level 1, level 2,
 * then the charge nurse for every later reminder — counted after the assignee's round; a level nobody can be reached
 * at is skipped within the round; a time no shift covers, or a chain nobody of which is reachable, goes to the flat
 * contacts. Rounds are run here on the service's test clock ({@link RoundsOnTestClock}).
 */
@QuarkusTest
class EscalationChainTest extends RoundsOnTestClock {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    /** A team whose policy pages {@code flat} (its flat on-call contact) after 5 minutes, every 5 minutes. */
    private static void policy(String team, String flat) {
        given().auth().oauth2(AlertEvents.admin()).contentType(ContentType.JSON)
                .body(Map.of("highAfter", HIGH_AFTER.toString(), "repeatEvery", REPEAT_EVERY.toString(),
                        "contacts", List.of(flat)))
                .when().put("/api/v1/care-teams/" + team + "/escalation-policy").then().statusCode(200);
    }

    /** One UTC shift named {@code name} on {@code days} with the chain {@code levels} (null: nobody). */
    private static void schedule(String team, String name, List<DayOfWeek> days, String start, String end,
            String... levels) {
        Map<String, Object> shift = new HashMap<>();
        shift.put("name", name);
        shift.put("days", days.stream().map(DayOfWeek::name).toList());
        shift.put("start", start);
        shift.put("end", end);
        shift.put("level1", levels[0]);
        shift.put("level2", levels.length > 1 ? levels[1] : null);
        shift.put("chargeNurse", levels.length > 2 ? levels[2] : null);
        given().auth().oauth2(AlertEvents.admin()).contentType(ContentType.JSON)
                .body(Map.of("timeZone", "UTC", "shifts", List.of(shift)))
                .when().put("/api/v1/care-teams/" + team + "/on-call-schedule").then().statusCode(200);
    }

    /** Around the clock, every day: whenever a round runs, this shift is on. */
    private static void allDay(String team, String... levels) {
        schedule(team, "All day", Arrays.asList(DayOfWeek.values()), "00:00", "00:00", levels);
    }

    /** A HIGH alert of a new patient of {@code team}, raised now on the service's clock; readable by its clinicians. */
    private String raise(String team) {
        Instant detectedAt = clock.instant();
        AlertEvent high = AlertEvents.event(AlertEvents.enrol(team), AlertCondition.FEVER,
                detectedAt.minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS), AlertTransition.RAISED,
                Severity.HIGH, detectedAt);
        AlertEvents.publish(high);
        String token = AlertEvents.clinician("reader-" + RUN, team);
        await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(token)
                .when().get("/api/v1/alerts/" + high.alertId()).statusCode() == 200);
        return high.alertId();
    }

    private static List<String> rounds(String team, String alertId) {
        return given().auth().oauth2(AlertEvents.clinician("reader-" + RUN, team)).when().get("/api/v1/alerts/" + alertId)
                .then().statusCode(200).extract().jsonPath()
                .getList("timeline.findAll { it.kind == 'ESCALATION_SENT' }.detail");
    }

    private static double metric(String name, String tag) {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(name + "{") && line.contains(tag))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow();
    }

    /**
     * Two alerts on the same minutes (the rounds are what take time): one unassigned, whose on-call rounds 1, 2, 3, 4
     * go to level 1, level 2, the charge nurse and the charge nurse again; one assigned, whose round 1 goes to the
     * assignee and on-call rounds count from round 2.
     */
    @Test
    void shouldPageLevelOneThenLevelTwoThenTheChargeNurseForEveryLaterRoundCountedAfterTheAssignee() throws Exception {
        String team = AlertEvents.team();
        policy(team, "flat-" + RUN);
        // The team's paging system: it gets every round, level rounds too.
        org.portwatch.alert.notification.LoopbackReceiver pager = new org.portwatch.alert.notification.LoopbackReceiver();
        org.portwatch.alert.notification.webhook.Webhooks.created(team, pager.url(), "ESCALATION");
        String[] chain = {"level1-" + RUN, "level2-" + RUN, "charge-" + RUN};
        allDay(team, chain);
        Device flat = device("flat-" + RUN, team);
        Device level1 = device(chain[0], team);
        Device level2 = device(chain[1], team);
        Device charge = device(chain[2], team);
        Device assignee = device("nurse-" + RUN, team);
        double chargeBefore = metric("portwatch_escalation_level_rounds_total", "level=\"charge_nurse\"");
        double level1Before = metric("portwatch_escalation_level_rounds_total", "level=\"level_1\"");
        String alertId = raise(team);
        String assigned = raise(team);
        given().auth().oauth2(AlertEvents.clinician("nurse-" + RUN, team)).contentType(ContentType.JSON)
                .body(Map.of("assignee", "nurse-" + RUN))
                .when().put("/api/v1/alerts/" + assigned + "/assignee").then().statusCode(200);

        roundAfter(HIGH_AFTER, level1, alertId, 1);
        awaitRound(assignee, assigned, 1);
        assertThat(unacknowledged(level2, alertId)).isZero();
        assertThat(unacknowledged(level1, assigned)).isZero();
        roundAfter(REPEAT_EVERY, level2, alertId, 1);
        awaitRound(level1, assigned, 1);
        roundAfter(REPEAT_EVERY, charge, alertId, 1);
        awaitRound(level2, assigned, 1);
        roundAfter(REPEAT_EVERY, charge, alertId, 2);

        assertThat(unacknowledged(level1, alertId)).isEqualTo(1);
        assertThat(unacknowledged(level2, alertId)).isEqualTo(1);
        assertThat(unacknowledged(flat, alertId)).isZero();
        assertThat(rounds(team, alertId)).containsExactly(
                "Not acknowledged: round 1 to level 1 of on-call shift All day",
                "Not acknowledged: round 2 to level 2 of on-call shift All day",
                "Not acknowledged: round 3 to the charge nurse of on-call shift All day",
                "Not acknowledged: round 4 to the charge nurse of on-call shift All day");
        assertThat(rounds(team, assigned)).startsWith("Not acknowledged: round 1 to the assignee",
                "Not acknowledged: round 2 to level 1 of on-call shift All day",
                "Not acknowledged: round 3 to level 2 of on-call shift All day");
        assertThat(metric("portwatch_escalation_level_rounds_total", "level=\"charge_nurse\""))
                .isGreaterThanOrEqualTo(chargeBefore + 2);
        assertThat(metric("portwatch_escalation_level_rounds_total", "level=\"level_1\""))
                .isGreaterThanOrEqualTo(level1Before + 2);
        try (pager) {
            await().atMost(Duration.ofSeconds(20)).until(() -> pager.of(alertId).stream()
                    .filter(d -> d.type().equals("alert.unacknowledged")).count() == 4);
        }
    }

    /**
     * Three teams on the same minutes: one whose level 1 has no device (round 1 goes up to level 2 at once), one whose
     * only shift does not cover now (a gap: the flat contact), one whose chain nobody can be reached at (likewise).
     */
    @Test
    void shouldSkipAnUnreachableLevelAndFallBackToTheFlatContactsInAGapOrWhenNobodyOfTheChainIsReachable() {
        double noShiftBefore = metric("portwatch_escalation_on_call_fallback_total", "reason=\"no_shift\"");
        double noLevelBefore = metric("portwatch_escalation_on_call_fallback_total", "reason=\"no_level_reachable\"");
        String skipTeam = AlertEvents.team();
        policy(skipTeam, "s-flat-" + RUN);
        allDay(skipTeam, "unsubscribed-" + RUN, "s-level2-" + RUN, "s-charge-" + RUN);
        Device skipFlat = device("s-flat-" + RUN, skipTeam);
        Device skipLevel2 = device("s-level2-" + RUN, skipTeam);
        // A gap: the one shift is three days from today (UTC), so neither today's nor a shift started yesterday covers.
        String gapTeam = AlertEvents.team();
        policy(gapTeam, "gap-flat-" + RUN);
        DayOfWeek later = clock.instant().atZone(ZoneOffset.UTC).getDayOfWeek().plus(3);
        schedule(gapTeam, "Elsewhen", List.of(later), "10:00", "11:00", "g-level1-" + RUN);
        Device gapFlat = device("gap-flat-" + RUN, gapTeam);
        Device gapLevel1 = device("g-level1-" + RUN, gapTeam);
        // Covered, but nobody of the chain has a device.
        String unreachableTeam = AlertEvents.team();
        policy(unreachableTeam, "u-flat-" + RUN);
        allDay(unreachableTeam, "u-nobody-" + RUN);
        Device unreachableFlat = device("u-flat-" + RUN, unreachableTeam);
        String skipAlert = raise(skipTeam);
        String gapAlert = raise(gapTeam);
        String unreachableAlert = raise(unreachableTeam);

        roundAfter(HIGH_AFTER, skipLevel2, skipAlert, 1);
        awaitRound(gapFlat, gapAlert, 1);
        awaitRound(unreachableFlat, unreachableAlert, 1);
        assertThat(unacknowledged(skipFlat, skipAlert)).isZero();
        assertThat(unacknowledged(gapLevel1, gapAlert)).isZero();
        assertThat(rounds(skipTeam, skipAlert)).containsExactly(
                "Not acknowledged: round 1 to level 2 of on-call shift All day (level 1 had no device subscribed)");
        assertThat(rounds(gapTeam, gapAlert)).containsExactly(
                "Not acknowledged: round 1 to the on-call contacts (no on-call shift now)");
        assertThat(rounds(unreachableTeam, unreachableAlert)).containsExactly(
                "Not acknowledged: round 1 to the on-call contacts (nobody of on-call shift All day from level 1 up"
                        + " had a device subscribed)");
        assertThat(metric("portwatch_escalation_on_call_fallback_total", "reason=\"no_shift\""))
                .isGreaterThanOrEqualTo(noShiftBefore + 1);
        assertThat(metric("portwatch_escalation_on_call_fallback_total", "reason=\"no_level_reachable\""))
                .isGreaterThanOrEqualTo(noLevelBefore + 1);
    }
}
