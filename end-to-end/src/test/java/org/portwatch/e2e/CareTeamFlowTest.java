package org.portwatch.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.portwatch.infra.testing.PackagedStack;
import org.portwatch.infra.testing.WebhookRecorder;

/**
 * The care team's whole path through both packaged services on a real broker and database: a device is
 * registered, its readings posted, and the alert they call for is in the API, on the live feed and at the care
 * team's webhook (signed); nobody acknowledges, so it escalates to on-call; a clinician acknowledges, and the
 * escalation stops. Minutes of docs/clinical-rules.md are seconds here (the care team's policy says so).
 */
class CareTeamFlowTest {

    private static PackagedStack stack;

    @BeforeAll
    static void start() {
        stack = PackagedStack.builder()
                .alertProperty("alerts.escalation.check-interval", "PT0.2S")
                .alertProperty("notification.dispatch.poll-interval", "PT0.2S")
                .alertProperty("notification.webhook.allow-loopback", "true")
                // The receivers here are plain http on loopback ports; production takes https on 443 only.
                .alertProperty("notification.webhook.require-https", "false")
                .alertProperty("notification.webhook.allowed-ports", "*")
                .start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static String signature(String secret, WebhookRecorder.Delivery delivery) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        mac.update((delivery.id() + "." + delivery.timestamp() + ".").getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(delivery.body()));
    }

    private static String webhook(String team, String url, String audience) {
        return given().baseUri(stack.alertUrl()).auth().oauth2(stack.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("url", url, "audience", audience))
                .when().post("/api/v1/care-teams/" + team + "/webhooks")
                .then().statusCode(201).extract().jsonPath().getString("secret");
    }

    /** A patient of {@code team} with a registered device; answers the device token. */
    private static String patientWithDevice(String team, String patientId) {
        given().baseUri(stack.alertUrl()).auth().oauth2(stack.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("displayName", "Ada Lovelace", "careTeamId", team, "portSite", "CHEST"))
                .when().put("/api/v1/patients/" + patientId).then().statusCode(201);
        return given().baseUri(stack.ingestUrl()).auth().oauth2(stack.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("deviceId", "patch-" + patientId, "patientId", patientId))
                .when().post("/api/v1/devices").then().statusCode(201).extract().jsonPath().getString("token");
    }

    /** An oral thermometer reading of 38.6 °C: a FEVER alert at once (one clinical reading is enough). */
    /**
     * As a device does: a 503 (a new device's first token lookup may outlast ingest's registry timeout on a loaded
     * machine) is sent again after its Retry-After; anything else but 202 fails the test.
     */
    private static void postFever(String deviceToken) {
        Map<String, Object> body = Map.of("readings", List.of(Map.of("type", "BODY_TEMPERATURE", "value", 38.6,
                "unit", "Cel", "site", "ORAL", "measuredAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            int status = given().baseUri(stack.ingestUrl()).auth().oauth2(deviceToken).contentType(ContentType.JSON)
                    .body(body).when().post("/api/v1/readings").then().extract().statusCode();
            assertThat(status).as("readings answered").isIn(202, 503);
            return status == 202;
        });
    }

    private static String alertOf(String token, String patientId) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(given().baseUri(stack.alertUrl())
                .auth().oauth2(token).queryParam("patientId", patientId).when().get("/api/v1/alerts")
                .then().statusCode(200).extract().jsonPath().getList("items")).isNotEmpty());
        return given().baseUri(stack.alertUrl()).auth().oauth2(token).queryParam("patientId", patientId)
                .when().get("/api/v1/alerts").then().extract().jsonPath().getString("items[0].alertId");
    }

    @Test
    void shouldCarryAnAlertFromReadingsToTheCareTeamAndStopEscalatingOnceAcknowledged() throws Exception {
        String team = "ward-" + UUID.randomUUID().toString().substring(0, 6);
        String clinician = stack.clinicianToken("dr-flow", team);
        given().baseUri(stack.alertUrl()).auth().oauth2(stack.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("highAfter", "PT2S", "mediumAfter", "PT2S", "repeatEvery", "PT1S"))
                .when().put("/api/v1/care-teams/" + team + "/escalation-policy").then().statusCode(200);

        List<String> feed = new CopyOnWriteArrayList<>();
        HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(stack.alertUrl() + "/api/v1/alerts/stream"))
                .header("Authorization", "Bearer " + clinician).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        Thread reader = new Thread(() -> {
            try {
                stream.body().forEach(feed::add);
            } catch (RuntimeException closed) {
                // closed at the end of the test
            }
        }, "feed-reader");
        reader.setDaemon(true);
        reader.start();

        try (WebhookRecorder team1 = new WebhookRecorder(); WebhookRecorder onCall = new WebhookRecorder()) {
            String secret = webhook(team, team1.url(), "CARE_TEAM");
            webhook(team, onCall.url(), "ESCALATION");

            String patientId = "p-" + UUID.randomUUID().toString().substring(0, 8);
            postFever(patientWithDevice(team, patientId));

            // In the API, on the live feed, at the webhook: signed, with no name and no readings.
            String alertId = alertOf(clinician, patientId);
            await().atMost(Duration.ofSeconds(20)).until(() -> feed.stream()
                    .anyMatch(line -> line.startsWith("data:") && line.contains(alertId) && line.contains("\"RAISED\"")));
            await().atMost(Duration.ofSeconds(20)).until(() -> !team1.of(alertId, "alert.raised").isEmpty());
            WebhookRecorder.Delivery raised = team1.of(alertId, "alert.raised").get(0);
            assertThat(raised.signature()).isEqualTo(signature(secret, raised));
            assertThat(new String(raised.body(), StandardCharsets.UTF_8)).doesNotContain("Ada").doesNotContain(patientId);
            // Standard Webhooks' shape: type, timestamp (the detection's ISO-8601 time) and data.
            assertThat(raised.json().path("type").asText()).isEqualTo("alert.raised");
            assertThat(java.time.Instant.parse(raised.json().path("timestamp").asText())).isBeforeOrEqualTo(Instant.now());
            assertThat(raised.data().path("condition").asText()).isEqualTo("FEVER");
            assertThat(raised.data().path("alertId").asText()).isEqualTo(alertId);

            // Nobody acknowledges: on-call hears of it, and again.
            await().atMost(Duration.ofSeconds(30)).until(() -> onCall.of(alertId, "alert.unacknowledged").size() >= 2);

            given().baseUri(stack.alertUrl()).auth().oauth2(clinician).contentType(ContentType.JSON)
                    .body(Map.of("note", "patient called, coming in"))
                    .when().post("/api/v1/alerts/" + alertId + "/acknowledge")
                    .then().statusCode(200).extract().jsonPath().getString("status").equals("ACKNOWLEDGED");
            int escalationsAtAck = given().baseUri(stack.alertUrl()).auth().oauth2(clinician)
                    .when().get("/api/v1/alerts/" + alertId).then().statusCode(200)
                    .extract().jsonPath().getInt("alert.escalations");
            await().atMost(Duration.ofSeconds(20)).until(() -> feed.stream()
                    .anyMatch(line -> line.contains(alertId) && line.contains("\"ACKNOWLEDGED\"")));
            await().atMost(Duration.ofSeconds(20)).until(() -> !team1.of(alertId, "alert.acknowledged").isEmpty());

            // Escalation stopped: a second patient's alert, raised after the acknowledgement, is reminded twice —
            // a second and more after it, when the first alert's next round would have come.
            String second = "p-" + UUID.randomUUID().toString().substring(0, 8);
            postFever(patientWithDevice(team, second));
            String secondAlert = alertOf(clinician, second);
            await().atMost(Duration.ofSeconds(30)).until(() -> onCall.of(secondAlert, "alert.unacknowledged").size() >= 2);
            assertThat(onCall.of(alertId, "alert.unacknowledged")).hasSize(escalationsAtAck);
        } finally {
            stream.body().close();
        }
    }

    /** Posts {@code body} to {@code path} as a device does: a 503 is sent again after its Retry-After. */
    private static void postAsDevice(String deviceToken, String path, Object body) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            int status = given().baseUri(stack.ingestUrl()).auth().oauth2(deviceToken).contentType(ContentType.JSON)
                    .body(body).when().post(path).then().extract().statusCode();
            assertThat(status).as(path + " answered").isIn(202, 503);
            return status == 202;
        });
    }

    @Test
    void shouldRaiseASymptomAlertFromACheckInAndAnIrregularRhythmFromAWatch() {
        String team = "ward-" + UUID.randomUUID().toString().substring(0, 6);
        String clinician = stack.clinicianToken("dr-symptoms", team);
        String patientId = "p-" + UUID.randomUUID().toString().substring(0, 8);
        String token = patientWithDevice(team, patientId);
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

        postAsDevice(token, "/api/v1/symptoms", Map.of("symptoms", List.of("CHILLS", "OTHER"),
                "otherText", "Ada's port site burns", "reportedAt", now));
        String symptomAlert = alertOf(clinician, patientId);
        var detail = given().baseUri(stack.alertUrl()).auth().oauth2(clinician).when().get("/api/v1/alerts/" + symptomAlert)
                .then().statusCode(200).extract().jsonPath();
        // Two alerts (one per symptom); whichever is first, it names both symptoms and the text's length only.
        assertThat(detail.getString("alert.condition")).isEqualTo("SYMPTOM");
        assertThat(detail.getList("evidence.finding")).containsExactly("CHILLS", "OTHER");
        assertThat(detail.getString("rule") + detail.getList("evidence") + detail.getMap("alert") + detail.getList("timeline"))
                .doesNotContain("burns");
        // The patient's own words reach the team's clinician in the alert's detail, from alert-service's check-ins.
        await().atMost(Duration.ofSeconds(60)).until(() -> given().baseUri(stack.alertUrl()).auth().oauth2(clinician)
                .when().get("/api/v1/alerts/" + symptomAlert).then().statusCode(200).extract().jsonPath()
                .getString("checkIn.otherText"), "Ada's port site burns"::equals);

        postAsDevice(token, "/api/v1/readings", Map.of("readings", List.of(Map.of("type", "HEART_RHYTHM",
                "value", "IRREGULAR", "measuredAt", now))));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(given().baseUri(stack.alertUrl())
                .auth().oauth2(clinician).queryParam("patientId", patientId).when().get("/api/v1/alerts")
                .then().statusCode(200).extract().jsonPath().getList("items", Map.class))
                .extracting(item -> item.get("condition") + " " + item.get("severity"))
                .containsExactlyInAnyOrder("SYMPTOM HIGH", "SYMPTOM MEDIUM", "IRREGULAR_RHYTHM HIGH"));
    }
}
