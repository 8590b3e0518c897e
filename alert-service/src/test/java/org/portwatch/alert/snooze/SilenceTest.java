package org.portwatch.alert.snooze;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.alerts.AlertEvents;
import org.portwatch.alert.notification.LoopbackReceiver;
import org.portwatch.alert.notification.webhook.Webhooks;
import org.portwatch.alert.support.TestClock;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.Severity;

/**
 * Silencing a patient's NO_DATA (issue 11): its alerts are recorded and shown silenced, not notified; FEVER is never
 * silenced; the limits and the care-team scope; the team told again of the open ones when the silence runs out (on
 * the service's {@link TestClock}).
 */
@QuarkusTest
class SilenceTest {

    @Inject
    TestClock clock;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    @Test
    void shouldRecordButNotNotifyTheSilencedNoDataAndTellTheTeamWhenItEnds() throws Exception {
        String team = AlertEvents.team();
        String token = AlertEvents.clinician("dr-silence", team);
        String patient = AlertEvents.enrol(team);
        String silences = "/api/v1/patients/" + patient + "/silences";
        try (LoopbackReceiver everyone = new LoopbackReceiver()) {
            Webhooks.created(team, everyone.url(), "CARE_TEAM");
            AlertEvent before = noData(team, patient, 30);
            await().atMost(Duration.ofSeconds(20)).until(() -> !everyone.of(before.alertId()).isEmpty());

            // Bad input, another team, and limits: nothing set.
            silence(token, silences, Map.of("duration", "PT73H", "reason", "admission")).statusCode(422)
                    .body("errors.field", Matchers.hasItem("duration"));
            silence(token, silences, Map.of("duration", "PT24H", "until", "2099-01-01T00:00:00Z", "reason", "x"))
                    .statusCode(422);
            silence(token, silences, Map.of("until", "tomorrow", "reason", "x")).statusCode(422)
                    .body("errors.field", Matchers.hasItem("until"));
            silence(token, silences, Map.of("duration", "PT24H")).statusCode(422)
                    .body("errors.field", Matchers.hasItem("reason"));
            silence(AlertEvents.clinician("dr-other", AlertEvents.team()), silences,
                    Map.of("duration", "PT24H", "reason", "device charging")).statusCode(404);
            given().auth().oauth2(token).when().get(silences).then().statusCode(200).body("size()", Matchers.is(0));

            // Silenced: the open NO_DATA alert at once, the one raised during it as it comes; FEVER still notified.
            Instant until = clock.instant().plus(Duration.ofHours(24)).truncatedTo(ChronoUnit.SECONDS);
            JsonPath set = silence(token, silences, Map.of("until", until.toString(), "reason", "device charging"))
                    .statusCode(201).extract().jsonPath();
            assertThat(set.getInt("silencedAlerts")).isEqualTo(1);
            assertThat(Instant.parse(set.getString("until"))).isEqualTo(until);
            given().auth().oauth2(token).when().get(silences).then().statusCode(200)
                    .body("silenceId", Matchers.contains(set.getString("silenceId")));
            AlertEvent during = noData(team, patient, 10);
            AlertEvent fever = AlertEvents.raised(patient, Severity.HIGH);
            AlertEvents.publish(fever);
            await().atMost(Duration.ofSeconds(20)).until(() -> !everyone.of(fever.alertId()).isEmpty());
            JsonPath silenced = SnoozeTest.detail(token, during);
            assertThat(silenced.getString("alert.silenceId")).isEqualTo(set.getString("silenceId"));
            assertThat(silenced.getString("alert.snoozeReason")).isEqualTo("device charging");
            assertThat(silenced.getList("timeline.kind")).contains("RAISED", "SNOOZED");
            assertThat(everyone.of(during.alertId())).isEmpty();
            assertThat(everyone.of(before.alertId())).hasSize(1);
            assertThat(SnoozeTest.detail(token, fever).getString("alert.silenceId")).isNull();

            // A second silence, ended early: gone from the list, and ending it again is a conflict.
            String second = silence(token, silences, Map.of("duration", "PT1H", "reason", "shower")).statusCode(201)
                    .extract().jsonPath().getString("silenceId");
            given().auth().oauth2(AlertEvents.clinician("dr-other", AlertEvents.team())).when()
                    .delete(silences + "/" + second).then().statusCode(404);
            given().auth().oauth2(token).when().delete(silences + "/" + second).then().statusCode(204);
            given().auth().oauth2(token).when().delete(silences + "/" + second).then().statusCode(409);
            given().auth().oauth2(token).when().get(silences).then().statusCode(200)
                    .body("silenceId", Matchers.contains(set.getString("silenceId")));

            // It runs out: the team is told of both open NO_DATA alerts again, once each; the list is empty.
            clock.advance(Duration.ofHours(25));
            await().atMost(Duration.ofSeconds(20)).until(() -> silenceEnded(everyone, before) == 1
                    && silenceEnded(everyone, during) == 1);
            given().auth().oauth2(token).when().get(silences).then().statusCode(200).body("size()", Matchers.is(0));
            assertThat(SnoozeTest.detail(token, during).getString("alert.silenceId")).isNull();
        }
    }

    private static long silenceEnded(LoopbackReceiver receiver, AlertEvent alert) {
        return receiver.of(alert.alertId()).stream()
                .filter(d -> "SILENCE_ENDED".equals(d.data().path("reason").asText())).count();
    }

    /** A NO_DATA episode of {@code patient} that started {@code minutesAgo}, raised and recorded. */
    private static AlertEvent noData(String team, String patient, int minutesAgo) {
        AlertEvent raised = AlertEvents.event(patient, AlertCondition.NO_DATA,
                Instant.now().minus(Duration.ofMinutes(minutesAgo)).truncatedTo(ChronoUnit.MILLIS),
                AlertTransition.RAISED, Severity.LOW, Instant.now());
        AlertEvents.publish(raised);
        SnoozeTest.awaitStored(team, raised);
        return raised;
    }

    private static io.restassured.response.ValidatableResponse silence(String token, String path,
            Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post(path).then();
    }
}
