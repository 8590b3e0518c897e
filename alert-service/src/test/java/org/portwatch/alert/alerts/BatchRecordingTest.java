package org.portwatch.alert.alerts;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.notification.LoopbackReceiver;
import org.portwatch.alert.notification.webhook.Webhooks;
import org.portwatch.infra.testing.SharedInfra;
import org.portwatch.infra.testing.TopicReader;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.Severity;
import org.portwatch.model.Topics;

/**
 * Batch recording on the real broker and database: events sent together (one partition, one poll) are recorded in
 * offset order, each eventId once — also when the batch repeats an event or the whole batch is delivered again — and
 * an event the database refuses goes alone to the dead-letter topic while the rest of its batch is recorded.
 */
@QuarkusTest
class BatchRecordingTest {

    @Inject
    Pool pool;

    private static List<String> timeline(String token, String alertId) {
        return given().auth().oauth2(token).when().get("/api/v1/alerts/" + alertId).then().statusCode(200)
                .extract().jsonPath().getList("timeline.kind");
    }

    @Test
    void shouldRecordABatchInOrderOnceAndDeadLetterOnlyTheEventTheDatabaseRefuses() {
        String team = AlertEvents.team();
        String patientId = AlertEvents.enrol(team);
        String token = AlertEvents.clinician("dr-batch", team);
        AlertEvent raised = AlertEvents.raised(patientId, Severity.MEDIUM);
        AlertEvent escalated = AlertEvents.next(raised, AlertTransition.ESCALATED, Severity.HIGH);
        AlertEvent resolved = AlertEvents.next(raised, AlertTransition.RESOLVED, Severity.HIGH);
        // Well-formed and valid by the detector's contract, but PostgreSQL refuses text with a NUL (SQLSTATE 22021):
        // only the database can tell, so it fails the batch's transaction and must be isolated event by event.
        AlertEvent tachy = AlertEvents.event(patientId, AlertCondition.TACHYCARDIA, raised.episodeStart(),
                AlertTransition.RAISED, Severity.MEDIUM, Instant.now());
        AlertEvent refused = new AlertEvent(tachy.eventId(), tachy.alertId(), patientId, tachy.condition(),
                tachy.severity(), tachy.transition(), tachy.episodeStart(), tachy.detectedAt(), false,
                "Heart rate\u0000 above the limit", tachy.thresholds(), tachy.evidence(), tachy.completedAt(),
                tachy.completedReceivedAt());
        AlertEvents.publish(raised, escalated, raised, refused, resolved);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(timeline(token, raised.alertId()))
                .containsExactly("RAISED", "ESCALATED", "RESOLVED"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deadLetterReasons().get(patientId))
                .contains("SQLSTATE 22"));
        given().auth().oauth2(token).when().get("/api/v1/alerts/" + refused.alertId()).then().statusCode(404);

        // The whole batch again (a replay after a crash before the commit of offsets): nothing changes. An event of
        // the same patient behind it shows when the replay has been consumed.
        AlertEvent marker = AlertEvents.event(patientId, AlertCondition.FEVER, raised.episodeStart().plusSeconds(1),
                AlertTransition.RAISED, Severity.LOW, Instant.now());
        AlertEvents.publish(raised, escalated, resolved, marker);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token)
                .when().get("/api/v1/alerts/" + marker.alertId()).then().statusCode(200));
        assertThat(timeline(token, raised.alertId())).containsExactly("RAISED", "ESCALATED", "RESOLVED");

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("portwatch_alerts_record_batch_size_count(\\{[^}]*\\})? [1-9]");
        assertThat(metrics).containsPattern("portwatch_alerts_record_batch_duration_seconds_count(\\{[^}]*\\})? [1-9]");
        assertThat(figure(metrics, "portwatch_alerts_record_batch_refused_total")).isGreaterThanOrEqualTo(1);
    }

    /**
     * Many patients' events in one poll are recorded in one transaction (BatchScope: read once, written at once) with
     * every effect an event recorded alone has, in order: the timelines, the live feed's rows, one outbox row per
     * notification and target, the webhook deliveries; an existing alert escalated and a new one resolved in the same
     * batch, a detector retry within the batch a duplicate. No batch refused on the way: a refusal would record the
     * events one by one (the same outcome), which would hide a batch statement that breaks.
     */
    @Test
    void shouldRecordManyPatientsInOneTransactionWithEveryEffectOfEachEvent() throws Exception {
        String team = AlertEvents.team();
        String token = AlertEvents.clinician("dr-batch-many", team);
        List<String> patients = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            patients.add(AlertEvents.enrol(team));
        }
        Map<String, Double> before;
        try (LoopbackReceiver receiver = new LoopbackReceiver()) {
            Webhooks.created(team, receiver.url(), "CARE_TEAM");
            AlertEvent earlier = AlertEvents.raised(patients.get(0), Severity.MEDIUM);
            AlertEvents.publish(earlier);
            await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(token)
                    .when().get("/api/v1/alerts/" + earlier.alertId()).then().extract().statusCode() == 200);
            before = batchFigures();

            List<AlertEvent> batch = new ArrayList<>();
            batch.add(AlertEvents.next(earlier, AlertTransition.ESCALATED, Severity.HIGH));
            for (int i = 1; i < patients.size(); i++) {
                batch.add(AlertEvents.raised(patients.get(i), Severity.MEDIUM));
            }
            AlertEvent resolvedAtOnce = AlertEvents.next(batch.get(1), AlertTransition.RESOLVED, Severity.MEDIUM);
            batch.add(resolvedAtOnce);
            batch.add(batch.get(2)); // a detector retry within the batch
            AlertEvents.publish(batch.toArray(AlertEvent[]::new));

            // The patients' partitions may belong to different consumers (alerts-in.concurrency), which record their
            // batches each in its own time: every alert is awaited, not only one of them.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(timeline(token, resolvedAtOnce.alertId())).containsExactly("RAISED", "RESOLVED");
                assertThat(timeline(token, earlier.alertId())).containsExactly("RAISED", "ESCALATED");
                for (AlertEvent raised : batch.subList(2, patients.size())) {
                    assertThat(timeline(token, raised.alertId())).containsExactly("RAISED");
                }
            });
            for (AlertEvent raised : batch.subList(2, patients.size())) {
                assertThat(escalationScheduled(raised.alertId())).as("first escalation scheduled").isTrue();
            }
            assertThat(feedKinds(earlier.alertId())).containsExactly("RAISED", "ESCALATED");
            assertThat(feedKinds(resolvedAtOnce.alertId())).containsExactly("RAISED", "RESOLVED");
            for (AlertEvent event : batch) {
                assertThat(outboxRows(event.eventId())).as("outbox rows of " + event.transition()).isEqualTo(1);
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(receiver.countByType(earlier.alertId())).containsEntry("alert.escalated", 1L);
                assertThat(receiver.countByType(resolvedAtOnce.alertId())).containsEntry("alert.raised", 1L)
                        .containsEntry("alert.resolved", 1L);
                for (AlertEvent raised : batch.subList(2, patients.size())) {
                    assertThat(receiver.countByType(raised.alertId())).containsEntry("alert.raised", 1L);
                }
            });
        }
        Map<String, Double> after = batchFigures();
        double batches = after.get("count") - before.get("count");
        double events = after.get("sum") - before.get("sum");
        assertThat(events).isGreaterThanOrEqualTo(8);
        assertThat(batches).as("some events recorded together, not one transaction each").isLessThan(events);
        assertThat(after.get("refused")).isEqualTo(before.get("refused"));
    }

    private List<String> feedKinds(String alertId) {
        return StreamSupport.stream(pool.preparedQuery("SELECT kind FROM alert_feed WHERE alert_id = $1 ORDER BY id")
                .execute(Tuple.of(java.util.UUID.fromString(alertId))).await().atMost(Duration.ofSeconds(10))
                .spliterator(), false).map(row -> row.getString("kind")).toList();
    }

    private boolean escalationScheduled(String alertId) {
        return pool.preparedQuery("SELECT escalate_at IS NOT NULL AS due FROM alert WHERE alert_id = $1")
                .execute(Tuple.of(java.util.UUID.fromString(alertId))).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getBoolean("due");
    }

    private long outboxRows(String notificationId) {
        return pool.preparedQuery("SELECT count(*) AS n FROM notification_outbox WHERE notification_id = $1")
                .execute(Tuple.of(notificationId)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong("n");
    }

    /** The batch summary's count and sum, and the refused batches, from /q/metrics. */
    private static Map<String, Double> batchFigures() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Map<String, Double> figures = new HashMap<>();
        figures.put("count", figure(metrics, "portwatch_alerts_record_batch_size_count"));
        figures.put("sum", figure(metrics, "portwatch_alerts_record_batch_size_sum"));
        figures.put("refused", figure(metrics, "portwatch_alerts_record_batch_refused_total"));
        return figures;
    }

    private static double figure(String metrics, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\S+)$").matcher(metrics);
        assertThat(matcher.find()).as(name).isTrue();
        return Double.parseDouble(matcher.group(2));
    }

    /** Key -> the dead-letter-reason header of the last dead letter under that key. */
    private static Map<String, String> deadLetterReasons() {
        Map<String, String> reasons = new HashMap<>();
        TopicReader.readToEnd(SharedInfra.kafka().bootstrapServers(), Topics.VITALS_ALERTS_DLQ, new StringDeserializer(),
                new ByteArrayDeserializer()).forEach(record -> {
                    var header = record.headers().lastHeader("dead-letter-reason");
                    reasons.put(record.key(), header == null ? null : new String(header.value(), StandardCharsets.UTF_8));
                });
        return reasons;
    }
}
