package org.portwatch.alert.oncall;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.alerts.AlertEvents;
import org.portwatch.alert.support.TestClock;

/**
 * The on-call schedule's API: what is refused (422 naming the field, nothing changed), what a clinician of the team
 * may read, who is on call now on the service's clock — across midnight and a change to summer time — and the way
 * back to the flat contacts. Escalation along the chain is {@code EscalationChainTest}'s.
 */
@QuarkusTest
class OnCallApiTest {

    @Inject
    TestClock clock;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    private static Map<String, Object> shift(String name, List<String> days, String start, String end, String level1,
            String level2, String chargeNurse) {
        Map<String, Object> shift = new HashMap<>();
        shift.put("name", name);
        shift.put("days", days);
        shift.put("start", start);
        shift.put("end", end);
        shift.put("level1", level1);
        shift.put("level2", level2);
        shift.put("chargeNurse", chargeNurse);
        return shift;
    }

    /** Berlin weekdays: Day 08:00-20:00, Night 20:00-08:00 (also Saturday night), each with its chain. */
    private static Map<String, Object> berlin() {
        List<String> weekdays = List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY");
        List<String> nights = new ArrayList<>(weekdays);
        nights.add("SATURDAY");
        return Map.of("timeZone", "Europe/Berlin", "shifts", List.of(
                shift("Day", weekdays, "08:00", "20:00", "dr-day", "dr-day-2", "cn-day"),
                shift("Night", nights, "20:00", "08:00", "dr-night", null, "cn-night")));
    }

    private static void put(String team, Object body) {
        given().auth().oauth2(AlertEvents.admin()).contentType(ContentType.JSON).body(body)
                .when().put("/api/v1/care-teams/" + team + "/on-call-schedule").then().statusCode(200);
    }

    private static JsonPath get(String team, String what) {
        return given().auth().oauth2(AlertEvents.clinician("dr-reader", team))
                .when().get("/api/v1/care-teams/" + team + "/" + what).then().statusCode(200).extract().jsonPath();
    }

    /** The Berlin schedule with its first shift changed by {@code change}. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withFirstShift(UnaryOperator<Map<String, Object>> change) {
        Map<String, Object> body = new HashMap<>(berlin());
        List<Map<String, Object>> shifts = new ArrayList<>((List<Map<String, Object>>) body.get("shifts"));
        shifts.set(0, change.apply(new HashMap<>(shifts.get(0))));
        body.put("shifts", shifts);
        return body;
    }

    private static Map<String, Object> set(Map<String, Object> shift, String field, Object value) {
        shift.put(field, value);
        return shift;
    }

    @Test
    void shouldRefuseABadScheduleNamingTheFieldAndChangeNothing() {
        String team = AlertEvents.team();
        put(team, berlin());
        String before = get(team, "on-call-schedule").prettify();
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < ScheduleInput.MAX_SHIFTS + 1; i++) {
            tooMany.add(shift("S" + i, List.of("MONDAY"), "00:00", "00:01", "dr-a", null, null));
        }
        Map<String, Object> badZone = new HashMap<>(berlin());
        badZone.put("timeZone", "Europe/Atlantis");
        Map<Object, String> cases = new java.util.LinkedHashMap<>();
        cases.put(badZone, "timeZone");
        cases.put(withFirstShift(shift -> set(shift, "start", "8:00")), "shifts[0].start");
        cases.put(withFirstShift(shift -> set(shift, "end", "20:75")), "shifts[0].end");
        cases.put(withFirstShift(shift -> set(shift, "days", List.of())), "shifts[0].days");
        cases.put(withFirstShift(shift -> set(shift, "level1", "")), "shifts[0].level1");
        cases.put(withFirstShift(shift -> set(shift, "level2", "x".repeat(201))), "shifts[0].level2");
        cases.put(withFirstShift(shift -> set(shift, "chargeNurse", "cn\u0000")), "shifts[0].chargeNurse");
        // Day 08:00-20:00 against a Night starting at 19:00 on the same weekdays.
        cases.put(withFirstShift(shift -> set(shift, "end", "21:00")), "shifts");
        cases.put(Map.of("timeZone", "UTC", "shifts", tooMany), "shifts");
        cases.put(Map.of("timeZone", "UTC"), "shifts");
        cases.forEach((body, field) -> given().auth().oauth2(AlertEvents.admin()).contentType(ContentType.JSON)
                .body(body).when().put("/api/v1/care-teams/" + team + "/on-call-schedule")
                .then().statusCode(422).contentType(AlertEvents.PROBLEM_JSON)
                .body("errors.field", org.hamcrest.Matchers.hasItem(field)));

        assertThat(get(team, "on-call-schedule").prettify()).isEqualTo(before);
        JsonPath audit = given().auth().oauth2(AlertEvents.admin()).queryParam("targetId", team)
                .when().get("/api/v1/audit").then().statusCode(200).extract().jsonPath();
        assertThat(audit.getList("items.action")).containsExactly("on-call-schedule.update");
    }

    @Test
    void shouldLetTheTeamsCliniciansReadAndOnlyAdministratorsChange() {
        String team = AlertEvents.team();
        put(team, berlin());
        assertThat(get(team, "on-call-schedule").getList("shifts.name")).containsExactly("Day", "Night");
        assertThat(get(team, "on-call-schedule").getString("timeZone")).isEqualTo("Europe/Berlin");
        given().auth().oauth2(AlertEvents.clinician("dr-other", "another-team"))
                .when().get("/api/v1/care-teams/" + team + "/on-call").then().statusCode(404);
        given().auth().oauth2(AlertEvents.clinician("dr-reader", team)).contentType(ContentType.JSON).body(berlin())
                .when().put("/api/v1/care-teams/" + team + "/on-call-schedule").then().statusCode(403);
        given().auth().oauth2(AlertEvents.clinician("dr-reader", team))
                .when().delete("/api/v1/care-teams/" + team + "/on-call-schedule").then().statusCode(403);
    }

    /** Moves the service's clock to {@code at} (later than now), give or take the milliseconds a request takes. */
    private void at(Instant at) {
        clock.advance(Duration.between(clock.instant(), at));
    }

    @Test
    void shouldTellWhoIsOnCallAcrossMidnightAndTheChangeToSummerTime() {
        String team = AlertEvents.team();
        given().auth().oauth2(AlertEvents.admin()).contentType(ContentType.JSON)
                .body(Map.of("contacts", List.of("dr-flat")))
                .when().put("/api/v1/care-teams/" + team + "/escalation-policy").then().statusCode(200);
        put(team, berlin());

        // Sunday 2027-03-28 07:00 CEST: Saturday's night shift, begun 20:00 CET, ends 08:00 CEST — 11 hours.
        at(Instant.parse("2027-03-28T05:00:00Z"));
        JsonPath night = get(team, "on-call");
        assertThat(night.getString("shift.name")).isEqualTo("Night");
        assertThat(night.getString("shift.start")).isEqualTo("2027-03-27T19:00:00Z");
        assertThat(night.getString("shift.end")).isEqualTo("2027-03-28T06:00:00Z");
        assertThat(night.getString("level1")).isEqualTo("dr-night");
        assertThat(night.getString("level2")).isNull();
        assertThat(night.getString("chargeNurse")).isEqualTo("cn-night");
        assertThat(night.getMap("fallback")).isNull();

        // 08:30 CEST (in winter this would still be the night shift, until 07:00Z): no shift on Sunday daytime.
        at(Instant.parse("2027-03-28T06:30:00Z"));
        JsonPath gap = get(team, "on-call");
        assertThat(gap.getMap("shift")).isNull();
        assertThat(gap.getString("fallback.reason")).isEqualTo("NO_SHIFT");
        assertThat(gap.getString("fallback.to")).isEqualTo("CONTACTS");
        assertThat(gap.getList("fallback.contacts")).containsExactly("dr-flat");

        // Monday 2027-03-29 09:00 CEST: the day shift, 06:00Z-18:00Z in summer time.
        at(Instant.parse("2027-03-29T07:00:00Z"));
        JsonPath day = get(team, "on-call");
        assertThat(day.getString("shift.name")).isEqualTo("Day");
        assertThat(day.getString("shift.start")).isEqualTo("2027-03-29T06:00:00Z");
        assertThat(day.getString("shift.end")).isEqualTo("2027-03-29T18:00:00Z");
        assertThat(day.getString("level2")).isEqualTo("dr-day-2");
    }

    @Test
    void shouldReturnTheTeamToItsFlatContactsWithAnEmptyScheduleOrDelete() {
        String team = AlertEvents.team();
        put(team, berlin());
        put(team, Map.of("shifts", List.of()));
        assertThat(get(team, "on-call-schedule").getList("shifts")).isEmpty();
        assertThat(get(team, "on-call").getString("fallback.reason")).isEqualTo("NO_SCHEDULE");
        assertThat(get(team, "on-call").getString("fallback.to")).isEqualTo("WHOLE_TEAM");

        put(team, berlin());
        given().auth().oauth2(AlertEvents.admin()).when().delete("/api/v1/care-teams/" + team + "/on-call-schedule")
                .then().statusCode(204);
        assertThat(get(team, "on-call-schedule").getString("timeZone")).isNull();
        assertThat(get(team, "on-call").getString("fallback.reason")).isEqualTo("NO_SCHEDULE");
        JsonPath audit = given().auth().oauth2(AlertEvents.admin()).queryParam("targetId", team)
                .when().get("/api/v1/audit").then().statusCode(200).extract().jsonPath();
        assertThat(audit.getList("items.action")).contains("on-call-schedule.update", "on-call-schedule.delete");
    }
}
