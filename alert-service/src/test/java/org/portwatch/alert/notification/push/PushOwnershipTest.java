package org.portwatch.alert.notification.push;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.portwatch.alert.notification.push.PushApi.BASE;
import static org.portwatch.alert.notification.push.PushApi.PROBLEM_JSON;
import static org.portwatch.alert.notification.push.PushApi.auth;
import static org.portwatch.alert.notification.push.PushApi.list;
import static org.portwatch.alert.notification.push.PushApi.loopbackEndpoint;
import static org.portwatch.alert.notification.push.PushApi.newSubject;
import static org.portwatch.alert.notification.push.PushApi.newTeam;
import static org.portwatch.alert.notification.push.PushApi.onVertx;
import static org.portwatch.alert.notification.push.PushApi.p256dh;
import static org.portwatch.alert.notification.push.PushApi.subscribe;
import static org.portwatch.alert.notification.push.PushApi.subscription;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.notification.Audience;
import org.portwatch.alert.notification.DeliveryResult;
import org.portwatch.alert.notification.Notification;
import org.portwatch.infra.testing.SharedInfra;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.Severity;

/**
 * Issue 10 (API1): a push subscription belongs to the subject that made it and lives as long as that subject's
 * token plus the grace; each dashboard visit renews it against the token presented; an expired one gets nothing
 * and is pruned.
 */
@QuarkusTest
class PushOwnershipTest {

    /** notification.push.owner-grace's default. */
    private static final Duration GRACE = Duration.ofHours(12);

    @Inject
    Pool pool;

    @Inject
    PushChannel channel;

    @Inject
    SubscriptionExpiry expiry;

    @Inject
    Vertx vertx;

    private static String token(String subject, Instant expiresAt, String... careTeams) {
        Instant now = Instant.now();
        return SharedInfra.jwt().token(subject, Set.of("clinician"), Set.of(careTeams), "portwatch", now, expiresAt);
    }

    private static Instant inMinutes(long minutes) {
        return Instant.now().plus(Duration.ofMinutes(minutes)).truncatedTo(ChronoUnit.SECONDS);
    }

    private List<String> targets(String careTeamId) {
        return onVertx(vertx, () -> Panache.withSession(() -> channel.targets(careTeamId, Audience.CARE_TEAM)));
    }

    private List<Row> auditRows(String subscriptionId) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery("SELECT actor, action, CAST(details AS text) AS details FROM alerts.audit_entry"
                        + " WHERE target_type = 'push-subscription' AND target_id = $1 ORDER BY id")
                .execute(Tuple.of(subscriptionId)).await().atMost(Duration.ofSeconds(10)).forEach(rows::add);
        return rows;
    }

    private static double metric(String name, String labels) {
        String text = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + (labels == null ? "" : "\\{[^}]*"
                + Pattern.quote(labels) + "[^}]*}") + " (\\S+)$").matcher(text);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private static Response renew(String token) {
        return given().auth().oauth2(token).when().post(BASE + "/subscriptions/renewal");
    }

    @Test
    void shouldRefuseWith409ASubscribeOfAnEndpointAnotherClinicianSubscribedAndChangeNothing() {
        String owner = newSubject();
        String other = newSubject();
        String ownerTeam = newTeam();
        String otherTeam = newTeam();
        Map<String, Object> body = subscription(loopbackEndpoint(), p256dh(), auth());
        String id = PushApi.subscribed(owner, body, ownerTeam);
        double refusedBefore = metric("portwatch_push_subscriptions_refused_total", null);

        // The same endpoint with other keys and another clinician's token: a takeover.
        Map<String, Object> takeover = subscription((String) body.get("endpoint"), p256dh(), auth());
        String detail = subscribe(token(other, inMinutes(30), otherTeam), takeover).then().statusCode(409)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:portwatch:problem:conflict"))
                .extract().path("detail");
        assertThat(detail).doesNotContain(owner).doesNotContain(ownerTeam).doesNotContain(id);

        // Nothing changed: still the owner's, with the owner's teams, keys and audit trail.
        list(PushApi.clinician(owner, ownerTeam)).then().statusCode(200).body("id", contains(id))
                .body("careTeams[0]", contains(ownerTeam));
        list(PushApi.clinician(other, otherTeam)).then().statusCode(200).body("$", hasSize(0));
        assertThat(targets(otherTeam)).isEmpty();
        assertThat(targets(ownerTeam)).containsExactly(id);
        Row row = pool.preparedQuery("SELECT subject, p256dh FROM alerts.push_subscription WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().atMost(Duration.ofSeconds(10)).iterator().next();
        assertThat(row.getString("subject")).isEqualTo(owner);
        assertThat(row.getString("p256dh")).isEqualTo(((Map<?, ?>) body.get("keys")).get("p256dh"));
        assertThat(auditRows(id)).extracting(r -> r.getString("action")).containsExactly("push-subscription.create");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(metric("portwatch_push_subscriptions_refused_total", null)).isEqualTo(refusedBefore + 1));
    }

    @Test
    void shouldKeepASubscriptionUntilTheSubscribingTokenExpiresPlusTheGrace() {
        Instant exp = inMinutes(30);
        String validUntil = subscribe(token(newSubject(), exp, newTeam()), subscription(loopbackEndpoint(), p256dh(), auth()))
                .then().statusCode(201).extract().path("validUntil");
        assertThat(Instant.parse(validUntil)).isEqualTo(exp.plus(GRACE));
    }

    @Test
    void shouldRenewEverySubscriptionOfTheSubjectWithTheTeamsAndExpiryOfTheTokenPresented() {
        String subject = newSubject();
        String formerTeam = newTeam();
        String newTeam = newTeam();
        String phone = PushApi.subscribed(subject, subscription(loopbackEndpoint(), p256dh(), auth()), formerTeam);
        String laptop = PushApi.subscribed(subject, subscription(loopbackEndpoint(), p256dh(), auth()), formerTeam);
        String colleague = PushApi.subscribed(newSubject(), subscription(loopbackEndpoint(), p256dh(), auth()), formerTeam);
        assertThat(targets(formerTeam)).containsExactly(phone, laptop, colleague);

        // The clinician was moved to another team and opens the dashboard with the token saying so.
        Instant exp = inMinutes(120);
        renew(token(subject, exp, newTeam)).then().statusCode(200)
                .body("id", contains(phone, laptop))
                .body("careTeams", contains(List.of(newTeam), List.of(newTeam)))
                .body("validUntil", contains(exp.plus(GRACE).toString(), exp.plus(GRACE).toString()));
        assertThat(targets(formerTeam)).containsExactly(colleague);
        assertThat(targets(newTeam)).containsExactly(phone, laptop);
        assertThat(auditRows(phone)).extracting(r -> r.getString("action"))
                .containsExactly("push-subscription.create", "push-subscription.renew");
        assertThat(auditRows(phone).get(1).getString("actor")).isEqualTo(subject);

        // A later visit with a shorter-lived token never shortens what was granted, and audits nothing new.
        renew(token(subject, inMinutes(10), newTeam)).then().statusCode(200)
                .body("validUntil", contains(exp.plus(GRACE).toString(), exp.plus(GRACE).toString()));
        assertThat(auditRows(phone)).hasSize(2);
    }

    @Test
    void shouldRenewOnlyForClinicians() {
        given().when().post(BASE + "/subscriptions/renewal").then().statusCode(401);
        renew(PushApi.admin()).then().statusCode(403).contentType(PROBLEM_JSON);
    }

    @Test
    void shouldNeitherSendToNorKeepASubscriptionPastItsOwnersValidity() {
        String team = newTeam();
        String id = PushApi.subscribed(newSubject(), subscription(loopbackEndpoint(), p256dh(), auth()), team);
        assertThat(targets(team)).containsExactly(id);
        double expiredBefore = metric("portwatch_push_subscription_changes_total", "change=\"expired\"");

        // The owner's token plus the grace ran out without a visit to the dashboard.
        pool.preparedQuery("UPDATE alerts.push_subscription SET owner_valid_until = now() - interval '1 second'"
                + " WHERE id = $1").execute(Tuple.of(UUID.fromString(id))).await().atMost(Duration.ofSeconds(10));

        assertThat(targets(team)).isEmpty();
        // A notification queued before it expired is not sent either: GONE without a request (port 9 would retry).
        Notification notification = new Notification(UUID.randomUUID().toString(), Notification.RAISED,
                UUID.randomUUID().toString(), team, AlertCondition.FEVER, Severity.HIGH, "OPEN", Instant.now(), "J.D.",
                "https://portwatch.example/alerts/x");
        DeliveryResult result = onVertx(vertx, () -> channel.deliver(id, notification, 1));
        assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.GONE);
        assertThat(result.httpStatus()).isNull();

        expiry.wake();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(pool.preparedQuery(
                        "SELECT count(*) AS n FROM alerts.push_subscription WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().atMost(Duration.ofSeconds(10)).iterator().next()
                .getLong("n")).isZero());
        List<Row> audit = auditRows(id);
        assertThat(audit).extracting(r -> r.getString("action"))
                .containsExactly("push-subscription.create", "push-subscription.delete");
        assertThat(audit.get(1).getString("actor")).isEqualTo("system:push-expiry");
        assertThat(audit.get(1).getString("details")).contains("owner-token-expired").doesNotContain("/push/");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                metric("portwatch_push_subscription_changes_total", "change=\"expired\"")).isGreaterThan(expiredBefore));
    }
}
