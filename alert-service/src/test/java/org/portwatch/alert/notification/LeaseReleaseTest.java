package org.portwatch.alert.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.alerts.AlertEvents;
import org.portwatch.alert.notification.webhook.Webhooks;
import org.portwatch.alert.role.ApiStarting;
import org.portwatch.alert.support.FastRounds;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.Severity;

/**
 * A replica shutting down gracefully (a rolling update, a scale-down) with a delivery still in flight: it gives the
 * delivery {@code alerts.rounds.shutdown-grace}, then clears the lease of the outbox row it still holds, so another
 * replica claims the row at once instead of after the lease (60 s) — a CRITICAL page must not wait a minute because a
 * pod was replaced. Here the receiver hangs past the grace; "another replica" is the dispatcher's own claim statement,
 * run as a second replica would run it (in a transaction rolled back afterwards).
 */
@QuarkusTest
@TestProfile(FastRounds.class)
class LeaseReleaseTest {

    @Inject
    NotificationDispatcher dispatcher;

    @Inject
    Pool pool;

    @Test
    void shouldReleaseTheLeaseOfAnUnfinishedDeliveryOnShutdownSoAnotherReplicaClaimsItAtOnce() throws Exception {
        String team = AlertEvents.team();
        try (LoopbackReceiver receiver = new LoopbackReceiver()) {
            receiver.hang();
            Webhooks.created(team, receiver.url(), "CARE_TEAM");
            AlertEvent raised = AlertEvents.raised(AlertEvents.enrol(team), Severity.HIGH);
            AlertEvents.publish(raised);
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.hanging() == 1);
            assertThat(claimableBySecondReplica(raised.alertId())).as("leased while this replica delivers").isFalse();

            try {
                dispatcher.onStop(new ShutdownEvent());
                assertThat(receiver.hanging()).as("the delivery still hangs after the grace").isEqualTo(1);
                assertThat(claimableBySecondReplica(raised.alertId()))
                        .as("another replica claims the row right after the shutdown, not after its lease").isTrue();
            } finally {
                dispatcher.onStart(ApiStarting.EVENT);
                receiver.answer();
            }
        }
    }

    /** Whether the dispatcher's claim, run now as another replica runs it, takes the alert's row; rolled back. */
    private boolean claimableBySecondReplica(String alertId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<Row> claimed = pool.withConnection(connection -> connection.begin().flatMap(tx -> connection
                        .preparedQuery(NotificationDispatcher.CLAIM)
                        .execute(Tuple.of(now.plusSeconds(60), now, 10_000))
                        .call(tx::rollback)))
                .map(rows -> {
                    List<Row> list = new java.util.ArrayList<>();
                    rows.forEach(list::add);
                    return list;
                })
                .await().atMost(Duration.ofSeconds(10));
        return claimed.stream().anyMatch(row -> row.getString("payload").contains(alertId));
    }
}
