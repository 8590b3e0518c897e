package org.portwatch.alert.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.alerts.AlertEvents;
import org.portwatch.alert.notification.webhook.Webhooks;
import org.portwatch.alert.support.FastRounds;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.Severity;

/**
 * The dispatcher records the outcomes of a round's deliveries together, in one transaction. One outcome the database
 * refuses must not cost the others theirs: they are recorded (DELIVERED, each attempt logged), and only the refused
 * one stays leased and unrecorded, to be sent again when its lease expires. The refusal here is a trigger on the
 * attempt log that rejects one alert's row.
 */
@QuarkusTest
@TestProfile(FastRounds.class)
class OutcomeRecordingTest {

    private static final String REFUSALS = "alerts.test_refused_attempts";

    @Inject
    Pool pool;

    @Inject
    NotificationDispatcher dispatcher;

    @Test
    void shouldRecordEveryOtherOutcomeWhenTheDatabaseRefusesOne() throws Exception {
        String team = AlertEvents.team();
        List<AlertEvent> raised = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            raised.add(AlertEvents.raised(AlertEvents.enrol(team), Severity.HIGH));
        }
        String refused = raised.get(2).alertId();
        // Each refusal also advances a sequence, which no rollback takes back: the test can tell that the refusal
        // has happened, not only that the refused alert's state looks as it does after one (and before one).
        sql("CREATE SEQUENCE IF NOT EXISTS " + REFUSALS);
        sql("CREATE OR REPLACE FUNCTION test_refuse_attempt() RETURNS trigger AS $$ BEGIN"
                + " IF (SELECT payload ->> 'alertId' FROM notification_outbox WHERE id = NEW.outbox_id) = '" + refused
                + "' THEN PERFORM nextval('" + REFUSALS + "'); RAISE EXCEPTION 'refused by the test'; END IF;"
                + " RETURN NEW; END $$ LANGUAGE plpgsql");
        sql("CREATE TRIGGER test_refuse_attempt BEFORE INSERT ON notification_attempt FOR EACH ROW"
                + " EXECUTE FUNCTION test_refuse_attempt()");
        try (LoopbackReceiver receiver = new LoopbackReceiver()) {
            Webhooks.created(team, receiver.url(), "CARE_TEAM");
            AlertEvents.publish(raised.toArray(AlertEvent[]::new));

            await().atMost(Duration.ofSeconds(30)).until(() -> raised.stream()
                    .allMatch(event -> !receiver.of(event.alertId()).isEmpty()));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Map<String, String> states = states(raised);
                for (AlertEvent event : raised) {
                    if (!event.alertId().equals(refused)) {
                        assertThat(states.get(event.alertId())).as("recorded despite the refused one")
                                .isEqualTo("DELIVERED attempts=1 logged=1 leased=false");
                    }
                }
            });
            // The five patients' partitions may belong to different consumers (alerts-in.concurrency), so the refused
            // alert may come in a later round than the others: its refusal is awaited, not taken for granted because
            // the others are recorded (its state is the same just before the refusal as after it).
            await().atMost(Duration.ofSeconds(20)).until(() -> refusals() >= 1);
            assertThat(states(raised).get(refused)).as("not recorded: still leased, to be sent again after its lease")
                    .isEqualTo("PENDING attempts=1 logged=0 leased=true");
            assertThat(dispatcher.held()).as("still this replica's").contains(outboxId(refused));
        } finally {
            sql("DROP TRIGGER IF EXISTS test_refuse_attempt ON notification_attempt");
            sql("DROP FUNCTION IF EXISTS test_refuse_attempt()");
            sql("DROP SEQUENCE IF EXISTS " + REFUSALS);
        }
    }

    /** How often the trigger refused the alert's attempt (0 before the first time). */
    private long refusals() {
        return rows("SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS n FROM " + REFUSALS, Tuple.tuple())
                .get(0).getLong("n");
    }

    /** Each alert's webhook row: its status, attempts, attempts logged and whether it is leased. */
    private Map<String, String> states(List<AlertEvent> events) {
        Map<String, String> states = new TreeMap<>();
        String[] ids = events.stream().map(AlertEvent::alertId).toArray(String[]::new);
        for (Row row : rows("SELECT o.payload ->> 'alertId' AS alert_id, o.status, o.attempts,"
                + " o.lease_until IS NOT NULL AS leased,"
                + " (SELECT count(*) FROM notification_attempt a WHERE a.outbox_id = o.id) AS logged"
                + " FROM notification_outbox o WHERE o.channel = 'WEBHOOK' AND (o.payload ->> 'alertId') = ANY($1)",
                Tuple.of((Object) ids))) {
            states.put(row.getString("alert_id"), row.getString("status") + " attempts=" + row.getInteger("attempts")
                    + " logged=" + row.getLong("logged") + " leased=" + row.getBoolean("leased"));
        }
        return states;
    }

    private long outboxId(String alertId) {
        return rows("SELECT id FROM notification_outbox WHERE channel = 'WEBHOOK' AND (payload ->> 'alertId') = $1",
                Tuple.of(alertId)).get(0).getLong("id");
    }

    private List<Row> rows(String sql, Tuple arguments) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery(sql).execute(arguments).await().atMost(Duration.ofSeconds(10)).forEach(rows::add);
        return rows;
    }

    private void sql(String statement) {
        pool.query(statement).execute().await().atMost(Duration.ofSeconds(10));
    }
}
