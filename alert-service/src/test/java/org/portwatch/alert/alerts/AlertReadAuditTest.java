package org.portwatch.alert.alerts;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.Severity;

/**
 * Issue 10 (API4): reading an alert is a read — no transaction held open, no lock on the alert's tables while its
 * audit row is written — and still every answered read is in the audit trail (README: "each read is audited").
 */
@QuarkusTest
class AlertReadAuditTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    private String openAlert(String team) {
        AlertEvent raised = AlertEvents.raised(AlertEvents.enrol(team), Severity.MEDIUM);
        AlertEvents.publish(raised);
        String token = AlertEvents.clinician("dr-reader", team);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token)
                .when().get("/api/v1/alerts/" + raised.alertId()).then().statusCode(200));
        return raised.alertId();
    }

    private List<Row> reads(String alertId) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery("SELECT actor, CAST(details AS text) AS details FROM alerts.audit_entry"
                        + " WHERE action = 'alert.evidence.read' AND target_id = $1 ORDER BY id")
                .execute(Tuple.of(alertId)).await().atMost(WAIT).forEach(rows::add);
        return rows;
    }

    @Test
    void shouldAuditEveryAnsweredReadBeforeAnsweringAndNoReadThatFoundNothing() {
        String team = AlertEvents.team();
        String alertId = openAlert(team);
        int before = reads(alertId).size();
        String token = AlertEvents.clinician("dr-audited", team);
        for (int i = 1; i <= 3; i++) {
            given().auth().oauth2(token).when().get("/api/v1/alerts/" + alertId).then().statusCode(200);
            // No waiting: the row is committed before the answer leaves.
            List<Row> rows = reads(alertId);
            assertThat(rows).hasSize(before + i);
            assertThat(rows.get(rows.size() - 1).getString("actor")).isEqualTo("dr-audited");
        }
        given().auth().oauth2(AlertEvents.clinician("dr-elsewhere", AlertEvents.team()))
                .when().get("/api/v1/alerts/" + alertId).then().statusCode(404);
        assertThat(reads(alertId)).hasSize(before + 3);
    }

    @Test
    void shouldHoldNoLockOnTheAlertWhileItsReadIsBeingAudited() throws Exception {
        String team = AlertEvents.team();
        String alertId = openAlert(team);
        String token = AlertEvents.clinician("dr-waiting", team);
        int before = reads(alertId).size();

        SqlConnection blocker = pool.getConnection().await().atMost(WAIT);
        CompletableFuture<Integer> read;
        try {
            // Inserts into the audit trail wait behind this lock; reads of every table go on.
            blocker.query("BEGIN").execute().await().atMost(WAIT);
            blocker.query("LOCK TABLE alerts.audit_entry IN EXCLUSIVE MODE").execute().await().atMost(WAIT);
            read = CompletableFuture.supplyAsync(() -> given().auth().oauth2(token)
                    .when().get("/api/v1/alerts/" + alertId).then().extract().statusCode());

            // The read has loaded the alert and waits to append its audit row...
            Integer waiting = await().atMost(Duration.ofSeconds(20)).until(() -> waitingPid(blocker), pid -> pid != null);
            // ...holding no lock on the alert's tables: its loading took no transaction.
            List<String> held = new ArrayList<>();
            pool.preparedQuery("SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
                            + " WHERE l.pid = $1 AND l.granted AND c.relname IN ('alert', 'timeline_entry', 'patient')")
                    .execute(Tuple.of(waiting)).await().atMost(WAIT).forEach(row -> held.add(row.getString("relname")));
            assertThat(held).as("locks held by the waiting read").isEmpty();
            assertThat(read).isNotDone();
        } finally {
            blocker.query("ROLLBACK").execute().await().atMost(WAIT);
            blocker.close().await().atMost(WAIT);
        }
        assertThat(read.get()).isEqualTo(200);
        assertThat(reads(alertId)).hasSize(before + 1);
    }

    /** The backend waiting for a lock on the audit table, if any. */
    private Integer waitingPid(SqlConnection blocker) {
        var rows = pool.query("SELECT l.pid FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
                + " WHERE c.relname = 'audit_entry' AND NOT l.granted").execute().await().atMost(WAIT);
        return rows.iterator().hasNext() ? rows.iterator().next().getInteger("pid") : null;
    }
}
