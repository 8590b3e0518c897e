package org.portwatch.alert.escalation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.alerts.AlertEvents;
import org.portwatch.alert.notification.push.PushServiceStandIn.Device;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.Severity;

/**
 * An assigned alert nobody acknowledges: the first round goes to the assignee's own device, the next to on-call, in
 * the minutes of the policy on the service's test clock ({@link RoundsOnTestClock}): rounds are run here, one
 * after the other, instead of waiting for the scheduler's next poll.
 */
@QuarkusTest
class EscalationToAssigneeTest extends RoundsOnTestClock {

    private static double toAssignee() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("portwatch_escalations_assignee_total "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow();
    }

    @Test
    void shouldPageTheAssigneeFirstThenOnCall() {
        String team = AlertEvents.team();
        given().auth().oauth2(AlertEvents.admin()).contentType(ContentType.JSON)
                .body(Map.of("highAfter", HIGH_AFTER.toString(), "repeatEvery", REPEAT_EVERY.toString(),
                        "contacts", List.of("dr-on-call")))
                .when().put("/api/v1/care-teams/" + team + "/escalation-policy").then().statusCode(200);
        Device assignee = device("nurse-kim", team);
        Device onCall = device("dr-on-call", team);
        double before = toAssignee();

        Instant detectedAt = clock.instant();
        AlertEvent high = AlertEvents.event(AlertEvents.enrol(team), AlertCondition.FEVER,
                detectedAt.minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS), AlertTransition.RAISED,
                Severity.HIGH, detectedAt);
        AlertEvents.publish(high);
        String token = AlertEvents.clinician("nurse-kim", team);
        await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(token)
                .when().get("/api/v1/alerts/" + high.alertId()).statusCode() == 200);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("assignee", "nurse-kim"))
                .when().put("/api/v1/alerts/" + high.alertId() + "/assignee").then().statusCode(200);

        roundAfter(HIGH_AFTER, assignee, high.alertId(), 1);
        assertThat(unacknowledged(onCall, high.alertId())).isZero();
        assertThat(toAssignee()).isGreaterThan(before);

        roundAfter(REPEAT_EVERY, onCall, high.alertId(), 1);
        assertThat(unacknowledged(assignee, high.alertId())).isEqualTo(1);
        List<String> rounds = given().auth().oauth2(token).when().get("/api/v1/alerts/" + high.alertId())
                .then().statusCode(200).extract().jsonPath().getList("timeline.findAll { it.kind == 'ESCALATION_SENT' }.detail");
        assertThat(rounds).containsExactly("Not acknowledged: round 1 to the assignee",
                "Not acknowledged: round 2 to the on-call contacts");
    }
}
