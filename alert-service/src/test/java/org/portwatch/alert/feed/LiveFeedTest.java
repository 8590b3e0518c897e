package org.portwatch.alert.feed;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.alerts.AlertEvents;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.Json;
import org.portwatch.model.Severity;

/**
 * The live feed over a real HTTP connection: a care team's screens get its alerts' events as they commit, nobody
 * else's, and a reconnect with Last-Event-ID gets exactly what it missed.
 */
@QuarkusTest
class LiveFeedTest {

    @TestHTTPResource("/api/v1/alerts/stream")
    URL stream;

    private SseClient open(String token, String lastEventId) throws Exception {
        SseClient client = new SseClient(URI.create(stream.toString()), token, lastEventId);
        await().atMost(Duration.ofSeconds(10)).until(client::ready);
        return client;
    }

    private static String type(SseClient.Event event) throws Exception {
        return Json.mapper().readTree(event.data()).path("type").asText();
    }

    private static String alertId(SseClient.Event event) throws Exception {
        return Json.mapper().readTree(event.data()).path("alert").path("alertId").asText();
    }

    @Test
    void shouldPushRaisedEscalatedAndAcknowledgedEventsToTheCareTeam() throws Exception {
        String team = AlertEvents.team();
        String token = AlertEvents.clinician("dr-live", team);
        AlertEvent raised = AlertEvents.raised(AlertEvents.enrol(team), Severity.MEDIUM);
        try (SseClient client = open(token, null)) {
            AlertEvents.publish(raised, AlertEvents.next(raised, AlertTransition.ESCALATED, Severity.HIGH));
            await().atMost(Duration.ofSeconds(20)).until(() -> client.alerts().size() >= 2);
            given().auth().oauth2(token).when().post("/api/v1/alerts/" + raised.alertId() + "/acknowledge")
                    .then().statusCode(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.alerts().size() >= 3);

            List<SseClient.Event> alerts = client.alerts();
            assertThat(alerts).hasSize(3);
            assertThat(alerts.stream().map(e -> { try { return type(e); } catch (Exception x) { throw new IllegalStateException(x); } }))
                    .containsExactly("RAISED", "ESCALATED", "ACKNOWLEDGED");
            for (SseClient.Event event : alerts) {
                assertThat(alertId(event)).isEqualTo(raised.alertId());
            }
            assertThat(Long.parseLong(alerts.get(1).id())).isGreaterThan(Long.parseLong(alerts.get(0).id()));
            assertThat(Json.mapper().readTree(alerts.get(2).data()).path("alert").path("status").asText())
                    .isEqualTo("ACKNOWLEDGED");
        }
    }

    @Test
    void shouldSendNothingOfOtherCareTeams() throws Exception {
        String mine = AlertEvents.team();
        String theirs = AlertEvents.team();
        AlertEvent theirAlert = AlertEvents.raised(AlertEvents.enrol(theirs), Severity.HIGH);
        AlertEvent myAlert = AlertEvents.raised(AlertEvents.enrol(mine), Severity.MEDIUM);
        try (SseClient client = open(AlertEvents.clinician("dr-mine", mine), null)) {
            // Theirs recorded first, mine published only then: the feed's ids follow the commits, so when mine has
            // arrived, the stream has read past theirs. Published one after the other is not enough: the two
            // patients' partitions may belong to different consumers (alerts-in.concurrency), and theirs could be
            // recorded after mine arrived, leaving nothing for the check below to catch.
            AlertEvents.publish(theirAlert);
            String theirToken = AlertEvents.clinician("dr-theirs", theirs);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(theirToken)
                    .when().get("/api/v1/alerts/" + theirAlert.alertId()).then().statusCode(200));
            AlertEvents.publish(myAlert);
            await().atMost(Duration.ofSeconds(20)).until(() -> !client.alerts().isEmpty());
            assertThat(client.alerts()).hasSize(1);
            assertThat(alertId(client.alerts().get(0))).isEqualTo(myAlert.alertId());
        }
    }

    @Test
    void shouldResumeAfterAReconnectWithWhatWasMissedAndNothingTwice() throws Exception {
        String team = AlertEvents.team();
        String token = AlertEvents.clinician("dr-resume", team);
        AlertEvent first = AlertEvents.raised(AlertEvents.enrol(team), Severity.MEDIUM);
        String lastSeen;
        try (SseClient client = open(token, null)) {
            AlertEvents.publish(first);
            await().atMost(Duration.ofSeconds(20)).until(() -> client.alerts().size() == 1);
            lastSeen = client.alerts().get(0).id();
        }
        // While disconnected: two more events of the team.
        AlertEvent second = AlertEvents.raised(AlertEvents.enrol(team), Severity.HIGH);
        AlertEvents.publish(second, AlertEvents.next(first, AlertTransition.RESOLVED, Severity.MEDIUM));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token)
                .when().get("/api/v1/alerts/" + first.alertId()).then().statusCode(200)
                .body("alert.status", org.hamcrest.Matchers.equalTo("RESOLVED")));

        try (SseClient client = open(token, lastSeen)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.alerts().size() >= 2);
            List<SseClient.Event> missed = client.alerts();
            assertThat(missed).hasSize(2);
            // Two patients, two partitions: either may have been recorded first; the feed keeps commit order.
            List<String> got = new java.util.ArrayList<>();
            for (SseClient.Event event : missed) {
                got.add(type(event) + " " + alertId(event));
            }
            assertThat(got).containsExactlyInAnyOrder("RAISED " + second.alertId(), "RESOLVED " + first.alertId());
            assertThat(Long.parseLong(missed.get(1).id())).isGreaterThan(Long.parseLong(missed.get(0).id()));
            assertThat(Long.parseLong(missed.get(0).id())).isGreaterThan(Long.parseLong(lastSeen));
        }
    }

    @Test
    void shouldSendHeartbeatsWhileNothingHappens() throws Exception {
        try (SseClient client = open(AlertEvents.clinician("dr-quiet", AlertEvents.team()), null)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.comments().contains("heartbeat"));
            assertThat(client.alerts()).isEmpty();
        }
    }

    private static double reads() {
        String text = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("(?m)^portwatch_feed_reads_total (\\S+)$")
                .matcher(text);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    @Test
    void shouldServeEveryOpenStreamFromOneSharedReadPerChange() throws Exception {
        String[] teams = {AlertEvents.team(), AlertEvents.team(), AlertEvents.team()};
        AlertEvent raised = AlertEvents.raised(AlertEvents.enrol(teams[0]), Severity.HIGH);
        List<SseClient> clients = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                clients.add(open(AlertEvents.clinician("dr-screen-" + i, teams[i % 3]), null));
            }
            double before = reads();
            AlertEvents.publish(raised);
            List<SseClient> mine = java.util.stream.IntStream.range(0, 12).filter(i -> i % 3 == 0)
                    .mapToObj(clients::get).toList();
            await().atMost(Duration.ofSeconds(20)).until(() -> mine.stream().allMatch(c -> c.alerts().size() == 1));
            for (SseClient client : mine) {
                assertThat(alertId(client.alerts().get(0))).isEqualTo(raised.alertId());
            }
            // Each open stream used to read the database for every change: 12 streams, 12 reads and more. Now the
            // change is read once (once more when the poll notices it, or a wake-up comes during the read).
            double used = reads() - before;
            assertThat(used).as("reads for one change with 12 streams open").isBetween(1.0, 6.0);
            for (int i = 0; i < 12; i++) {
                if (i % 3 != 0) {
                    assertThat(clients.get(i).alerts()).isEmpty();
                }
            }
        } finally {
            for (SseClient client : clients) {
                client.close();
            }
        }
    }

    @Test
    void shouldRefuseAStreamWithoutTokenOrWithAMalformedLastEventId() throws Exception {
        given().when().get("/api/v1/alerts/stream").then().statusCode(401);
        given().auth().oauth2(AlertEvents.clinician("dr-bad", "t1")).header("Last-Event-ID", "yesterday")
                .when().get("/api/v1/alerts/stream").then().statusCode(422)
                .contentType(AlertEvents.PROBLEM_JSON);
    }
}
