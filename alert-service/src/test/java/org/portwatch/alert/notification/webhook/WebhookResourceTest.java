package org.portwatch.alert.notification.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.portwatch.alert.notification.webhook.Webhooks.PROBLEM_JSON;
import static org.portwatch.alert.notification.webhook.Webhooks.admin;
import static org.portwatch.alert.notification.webhook.Webhooks.body;
import static org.portwatch.alert.notification.webhook.Webhooks.clinician;
import static org.portwatch.alert.notification.webhook.Webhooks.create;
import static org.portwatch.alert.notification.webhook.Webhooks.created;
import static org.portwatch.alert.notification.webhook.Webhooks.newCareTeamId;
import static org.portwatch.alert.notification.webhook.Webhooks.notification;
import static org.portwatch.alert.notification.webhook.Webhooks.path;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.notification.Audience;
import org.portwatch.alert.notification.DeliveryResult;

@QuarkusTest
class WebhookResourceTest {

    /** Nothing listens there, and nothing is sent at registration: the guard only resolves the host. */
    private static final String RECEIVER = "http://127.0.0.1:9/hooks/portwatch?team=x";

    @Inject
    Pool database;

    @Inject
    WebhookChannel channel;

    @Inject
    WebhookMetrics metrics;

    private List<Row> auditRows(String webhookId) {
        List<Row> rows = new ArrayList<>();
        database.preparedQuery("SELECT action, actor, details::text AS details, details ->> 'careTeamId' AS team,"
                        + " details ->> 'audience' AS audience, details ->> 'host' AS host FROM alerts.audit_entry"
                        + " WHERE target_type = 'webhook' AND target_id = $1 ORDER BY id")
                .execute(Tuple.of(webhookId)).await().indefinitely().forEach(rows::add);
        return rows;
    }

    private DeliveryResult deliver(String target) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> channel.deliver(target, notification("any"), 1));
    }

    @Test
    void shouldCreateAWebhookAndShowItsSecretOnlyOnce() {
        String team = newCareTeamId();
        io.restassured.response.Response created = create(admin(), team, body(RECEIVER, "ESCALATION"));
        String id = created.then().statusCode(201)
                .body("careTeamId", equalTo(team))
                .body("url", equalTo(RECEIVER))
                .body("audience", equalTo("ESCALATION"))
                .body("secret", startsWith("whsec_"))
                .body("createdAt", notNullValue())
                .extract().path("id");
        assertThat(created.header("Location")).endsWith(path(team) + "/" + id);

        given().auth().oauth2(admin()).get(path(team) + "/" + id).then().statusCode(200)
                .body("id", equalTo(id))
                .body("audience", equalTo("ESCALATION"))
                .body("$", not(hasKey("secret")));
        given().auth().oauth2(admin()).get(path(team)).then().statusCode(200)
                .body("id", contains(id))
                .body("[0]", not(hasKey("secret")));
    }

    @Test
    void shouldDefaultTheAudienceToTheCareTeam() {
        String team = newCareTeamId();
        created(team, RECEIVER, null);
        given().auth().oauth2(admin()).get(path(team)).then().statusCode(200).body("audience", contains("CARE_TEAM"));
    }

    @Test
    void shouldOfferTheDispatcherOnlyLiveWebhooksOfTheAskedAudience() throws Throwable {
        String team = newCareTeamId();
        String careTeam = created(team, RECEIVER, "CARE_TEAM").getString("id");
        String escalation = created(team, RECEIVER, "ESCALATION").getString("id");
        String deleted = created(team, RECEIVER, "ESCALATION").getString("id");
        created(newCareTeamId(), RECEIVER, "ESCALATION");
        given().auth().oauth2(admin()).delete(path(team) + "/" + deleted).then().statusCode(204);

        assertThat(VertxContextSupport.subscribeAndAwait(() -> io.quarkus.hibernate.reactive.panache.Panache
                .withSession(() -> channel.targets(team, Audience.CARE_TEAM)))).containsExactly(careTeam);
        assertThat(VertxContextSupport.subscribeAndAwait(() -> io.quarkus.hibernate.reactive.panache.Panache
                .withSession(() -> channel.targets(team, Audience.ESCALATION)))).containsExactly(escalation);
    }

    @Test
    void shouldDeleteKeepTheRowAnswerGoneAndAuditBoth() throws Throwable {
        String team = newCareTeamId();
        String id = created(team, RECEIVER, null).getString("id");

        given().auth().oauth2(admin()).delete(path(team) + "/" + id).then().statusCode(204);

        given().auth().oauth2(admin()).get(path(team) + "/" + id).then().statusCode(404).contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:portwatch:problem:not-found"));
        given().auth().oauth2(admin()).get(path(team)).then().statusCode(200).body("$", empty());
        given().auth().oauth2(admin()).delete(path(team) + "/" + id).then().statusCode(404);
        assertThat(deliver(id).outcome()).isEqualTo(DeliveryResult.Outcome.GONE);
        // The attempt log of a deleted webhook stays readable.
        given().auth().oauth2(admin()).get(path(team) + "/" + id + "/attempts").then().statusCode(200);

        List<Row> audit = auditRows(id);
        assertThat(audit).extracting(row -> row.getString("action")).containsExactly("webhook.create", "webhook.delete");
        for (Row row : audit) {
            assertThat(row.getString("actor")).isEqualTo("admin");
            assertThat(row.getString("team")).isEqualTo(team);
            assertThat(row.getString("audience")).isEqualTo("CARE_TEAM");
            assertThat(row.getString("host")).isEqualTo("127.0.0.1");
            assertThat(row.getString("details")).doesNotContain("whsec_", "/hooks/portwatch", "team=x");
        }
    }

    @Test
    void shouldAnswerGoneForATargetThatIsNoWebhook() throws Throwable {
        assertThat(deliver(UUID.randomUUID().toString()).outcome()).isEqualTo(DeliveryResult.Outcome.GONE);
        assertThat(deliver("not-a-uuid").outcome()).isEqualTo(DeliveryResult.Outcome.GONE);
    }

    @Test
    void shouldAnswer404ForAWebhookOfAnotherTeam() {
        String team = newCareTeamId();
        String other = newCareTeamId();
        String id = created(team, RECEIVER, null).getString("id");

        given().auth().oauth2(admin()).get(path(other) + "/" + id).then().statusCode(404).contentType(PROBLEM_JSON);
        given().auth().oauth2(admin()).get(path(other) + "/" + id + "/attempts").then().statusCode(404);
        given().auth().oauth2(admin()).delete(path(other) + "/" + id).then().statusCode(404);
        given().auth().oauth2(admin()).get(path(other) + "/" + UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(admin()).get(path(team) + "/" + id).then().statusCode(200);
    }

    @Test
    void shouldAnswer403ToAClinicianEvenOfTheTeam() {
        String team = newCareTeamId();
        String id = created(team, RECEIVER, null).getString("id");
        String clinician = clinician(team);

        create(clinician, team, body(RECEIVER, null)).then().statusCode(403).contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:portwatch:problem:forbidden"));
        given().auth().oauth2(clinician).get(path(team)).then().statusCode(403);
        given().auth().oauth2(clinician).get(path(team) + "/" + id).then().statusCode(403);
        given().auth().oauth2(clinician).get(path(team) + "/" + id + "/attempts").then().statusCode(403);
        given().auth().oauth2(clinician).delete(path(team) + "/" + id).then().statusCode(403);
        given().auth().oauth2(admin()).get(path(team) + "/" + id).then().statusCode(200);
    }

    @Test
    void shouldAnswer401WithoutAToken() {
        String team = newCareTeamId();
        given().contentType(ContentType.JSON).body(body(RECEIVER, null)).post(path(team))
                .then().statusCode(401).contentType(PROBLEM_JSON);
        given().get(path(team)).then().statusCode(401);
        given().delete(path(team) + "/" + UUID.randomUUID()).then().statusCode(401);
    }

    @Test
    void shouldAnswer422ForInvalidUrlsAndAudiences() {
        String team = newCareTeamId();
        String[][] cases = {
            {"ftp://example.org/hook", "INVALID_URL"},
            {"example.org/hook", "INVALID_URL"},
            {"https://user:secret@example.org/hook", "USERINFO_NOT_ALLOWED"},
            {"http:///hook", "HOST_REQUIRED"},
            {"https://example.org/" + "a".repeat(2000), "TOO_LONG"},
            {"", "REQUIRED"},
        };
        for (String[] c : cases) {
            create(admin(), team, body(c[0], null)).then().statusCode(422).contentType(PROBLEM_JSON)
                    .body("type", equalTo("urn:portwatch:problem:validation-failed"))
                    .body("errors.find { it.field == 'url' }.reason", equalTo(c[1]));
        }
        create(admin(), team, java.util.Map.of("audience", "CARE_TEAM")).then().statusCode(422)
                .body("errors.find { it.field == 'url' }.reason", equalTo("REQUIRED"));
        create(admin(), team, body(RECEIVER, "EVERYONE")).then().statusCode(422)
                .body("errors.field", contains("audience"))
                .body("errors[0].reason", equalTo("UNKNOWN_VALUE"));
        create(admin(), "bad team!", body(RECEIVER, null)).then().statusCode(422)
                .body("errors.field", hasItem("careTeamId"));
        given().auth().oauth2(admin()).get(path(team) + "/not-a-uuid").then().statusCode(422)
                .body("errors.field", hasItem("webhookId"));
        given().auth().oauth2(admin()).get(path(team) + "/" + UUID.randomUUID() + "/attempts?limit=0")
                .then().statusCode(422).body("errors.field", hasItem("limit"));
        given().auth().oauth2(admin()).get(path(team)).then().statusCode(200).body("$", empty());
    }

    @Test
    void shouldAnswer400ForMalformedJson() {
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"url\": ")
                .post(path(newCareTeamId())).then().statusCode(400).contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:portwatch:problem:malformed-request"));
    }

    @Test
    void shouldRefuseHostsThatReachPrivateLinkLocalOrNoAddressAtAll() {
        String team = newCareTeamId();
        double linkLocalBefore = metrics.refusedCount(WebhookMetrics.Stage.REGISTRATION, AddressGuard.Reason.LINK_LOCAL);
        String nonPublic = "resolves to a non-public address; webhooks may only reach public addresses.";
        String[][] cases = {
            {"http://169.254.169.254/latest/meta-data/", nonPublic},
            {"http://10.1.2.3/hook", nonPublic},
            {"http://192.168.0.10:8080/hook", nonPublic},
            {"http://[fd00::1]/hook", nonPublic},
            {"http://[fe80::1]/hook", nonPublic},
            {"http://[::ffff:169.254.169.254]/hook", nonPublic},
            {"http://100.64.0.1/hook", nonPublic},
            {"http://0.0.0.0:8081/hook", nonPublic},
            {"http://224.0.0.1/hook", nonPublic},
            // Issue 10: Teredo, NAT64 local-use, the TEST-NETs, the 6to4 relay, benchmarking, a 6to4 of a private one
            {"http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook", nonPublic},
            {"http://[64:ff9b:1::a00:1]/hook", nonPublic},
            {"http://192.0.2.10/hook", nonPublic},
            {"http://198.51.100.10/hook", nonPublic},
            {"http://203.0.113.10/hook", nonPublic},
            {"http://192.88.99.1/hook", nonPublic},
            {"http://198.18.0.1/hook", nonPublic},
            {"http://[2002:c0a8:1::1]/hook", nonPublic},
            {"https://pager.webhook.invalid/hook", "does not resolve"},
        };
        for (String[] c : cases) {
            create(admin(), team, body(c[0], null)).then().statusCode(422).contentType(PROBLEM_JSON)
                    .body("errors.find { it.field == 'url' }.reason", equalTo("ADDRESS_NOT_ALLOWED"))
                    .body("errors.find { it.field == 'url' }.detail", containsString(c[1]));
        }
        given().auth().oauth2(admin()).get(path(team)).then().statusCode(200).body("$", empty());
        // Three link-local refusals above; other tests refuse none at registration.
        assertThat(metrics.refusedCount(WebhookMetrics.Stage.REGISTRATION, AddressGuard.Reason.LINK_LOCAL))
                .isEqualTo(linkLocalBefore + 3);
    }

    @Test
    void shouldNotTellWhichAddressAHostResolvedTo() {
        // The host as written does not show the address it stands for (the metadata endpoint, IPv4-mapped in hex):
        // the answer must not reveal it, nor its kind. Names of the internal network get the same sentence
        // (AddressGuardTest resolves "localhost" with loopback refused; this profile allows loopback).
        String detail = create(admin(), newCareTeamId(), body("http://[::ffff:a9fe:a9fe]/hook", null)).then()
                .statusCode(422).extract().path("errors.find { it.field == 'url' }.detail");
        assertThat(detail).isEqualTo("The host [::ffff:a9fe:a9fe] resolves to a non-public address; webhooks may only"
                + " reach public addresses.");
    }

    @Test
    void shouldListTheLatestAttemptsOfAWebhookNewestFirst() {
        String team = newCareTeamId();
        String id = created(team, RECEIVER, null).getString("id");
        String notificationId = "n-" + UUID.randomUUID();
        OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
        long outbox = database.preparedQuery("INSERT INTO alerts.notification_outbox (notification_id, channel, target,"
                        + " audience, payload, created_at, occurred_at, next_attempt_at)"
                        + " VALUES ($1, 'WEBHOOK', $2, 'CARE_TEAM', '{}'::jsonb, $3, $3, $3) RETURNING id")
                .execute(Tuple.of(notificationId, id, start)).await().indefinitely().iterator().next().getLong("id");
        // Another channel's row for the same target id must not show.
        long push = database.preparedQuery("INSERT INTO alerts.notification_outbox (notification_id, channel, target,"
                        + " audience, payload, created_at, occurred_at, next_attempt_at)"
                        + " VALUES ($1, 'PUSH', $2, 'CARE_TEAM', '{}'::jsonb, $3, $3, $3) RETURNING id")
                .execute(Tuple.of(notificationId, id, start)).await().indefinitely().iterator().next().getLong("id");
        String insertAttempt = "INSERT INTO alerts.notification_attempt (outbox_id, attempt, at, outcome, http_status,"
                + " duration_ms, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)";
        database.preparedQuery(insertAttempt).executeBatch(List.of(
                Tuple.tuple(List.of(outbox, 1, start, "RETRY", 503, 120, "receiver answered 503")),
                Tuple.from(new Object[] {outbox, 2, start.plusSeconds(30), "RETRY", null, 1000, "no answer within 1000 ms"}),
                Tuple.from(new Object[] {outbox, 3, start.plusSeconds(90), "DELIVERED", 204, 35, null}),
                Tuple.from(new Object[] {push, 1, start.plusSeconds(95), "DELIVERED", 201, 10, null})))
                .await().indefinitely();

        given().auth().oauth2(admin()).get(path(team) + "/" + id + "/attempts").then().statusCode(200)
                .body("attempt", contains(3, 2, 1))
                .body("notificationId", contains(notificationId, notificationId, notificationId))
                .body("outcome", contains("DELIVERED", "RETRY", "RETRY"))
                .body("[0].httpStatus", equalTo(204))
                .body("[0].durationMs", equalTo(35))
                .body("[1].httpStatus", equalTo(null))
                .body("[1].detail", equalTo("no answer within 1000 ms"))
                .body("[2].at", notNullValue());
        given().auth().oauth2(admin()).get(path(team) + "/" + id + "/attempts?limit=2").then().statusCode(200)
                .body("attempt", contains(3, 2));
    }
}
