package org.portwatch.alert.feed;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.alerts.AlertEvents;

/**
 * Issue 10 (API4): live-feed streams are limited per subject and per replica; beyond, 429 problem+json with
 * Retry-After, and a place frees up when a stream closes. Limits of 2 and 3 here, so the test opens a handful.
 */
@QuarkusTest
@TestProfile(FeedLimitsTest.SmallLimits.class)
class FeedLimitsTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("alerts.feed.max-streams-per-subject", "2", "alerts.feed.max-streams", "3");
        }
    }

    @TestHTTPResource("/api/v1/alerts/stream")
    URL stream;

    private SseClient open(String token) {
        SseClient client = new SseClient(URI.create(stream.toString()), token, null);
        await().atMost(Duration.ofSeconds(10)).until(client::ready);
        return client;
    }

    private static double metric(String name, String labels) {
        String text = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + (labels == null ? "" : "\\{[^}]*"
                + Pattern.quote(labels) + "[^}]*}") + " (\\S+)$").matcher(text);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private static void assertRefused(String token) {
        given().auth().oauth2(token).when().get("/api/v1/alerts/stream")
                .then().statusCode(429).contentType(AlertEvents.PROBLEM_JSON)
                .header("Retry-After", "30")
                .body("type", equalTo("urn:portwatch:problem:rate-limited"));
    }

    @Test
    void shouldRefuseStreamsBeyondTheSubjectAndReplicaLimitsWith429AndAdmitThemOnceOthersClose() throws Exception {
        String team = AlertEvents.team();
        String first = AlertEvents.clinician("dr-many-tabs", team);
        String second = AlertEvents.clinician("dr-second", team);
        String third = AlertEvents.clinician("dr-third", team);
        double bySubject = metric("portwatch_feed_refused_total", "limit=\"subject\"");
        double byReplica = metric("portwatch_feed_refused_total", "limit=\"replica\"");
        List<SseClient> clients = new ArrayList<>();
        try {
            clients.add(open(first));
            clients.add(open(first));
            assertRefused(first);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                    metric("portwatch_feed_refused_total", "limit=\"subject\"")).isEqualTo(bySubject + 1));

            clients.add(open(second));
            // Three open: the replica's limit, whoever asks.
            assertRefused(third);
            assertRefused(second);
            assertThat(metric("portwatch_feed_refused_total", "limit=\"replica\"")).isEqualTo(byReplica + 2);
            assertThat(metric("portwatch_feed_connections", null)).isEqualTo(3);

            // One of the first clinician's tabs closes: its place is free once the server notices (next heartbeat).
            clients.remove(0).close();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(metric("portwatch_feed_connections", null)).isEqualTo(2));
            clients.add(open(third));
            assertRefused(first);
        } finally {
            for (SseClient client : clients) {
                client.close();
            }
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(metric("portwatch_feed_connections", null)).isZero());
    }
}
