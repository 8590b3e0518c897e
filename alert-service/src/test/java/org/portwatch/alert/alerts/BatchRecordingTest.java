package org.portwatch.alert.alerts;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
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
