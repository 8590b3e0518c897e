package org.portwatch.ingest.device;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.portwatch.infra.testing.SharedInfra;
import org.portwatch.ingest.support.Devices;
import org.portwatch.ingest.support.FrozenPostgres;
import org.portwatch.ingest.support.Metrics;
import org.portwatch.ingest.support.OutageProfile;
import org.portwatch.ingest.support.Tokens;

/**
 * PostgreSQL frozen, as in the issue: known devices keep being accepted on their last verdict, a token the
 * service has no verdict for gets a fast 503 with Retry-After (never a 500, never a hanging request), a
 * revocation made through this instance holds at once, and one made elsewhere holds as soon as the database
 * answers again. Verdicts are never fresh in this profile, so every request here really needs the registry.
 */
@QuarkusTest
@TestProfile(OutageProfile.class)
class RegistryOutageTest {

    private static final Duration FAST = Duration.ofSeconds(5);

    private static Map<String, Object> reading(String readingId) {
        return Map.of("readings", List.of(Map.of("readingId", readingId, "type", "BODY_TEMPERATURE", "value", 37.2,
                "unit", "Cel", "measuredAt", Instant.now().minus(1, ChronoUnit.MINUTES).toString())));
    }

    private static Response post(String token, String readingId) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(reading(readingId))
                .when().post("/api/v1/readings");
    }

    private static Response timedPost(String token, String readingId) {
        long started = System.nanoTime();
        Response response = post(token, readingId);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answer time").isLessThan(FAST);
        return response;
    }

    /**
     * Accepted once the service is warm: on a loaded build machine the very first lookup after boot can outlast
     * the 2 s registry timeout, which (rightly) counts as an unreachable registry for a second.
     */
    private static void awaitAccepted(String token, String readingId) {
        await().atMost(Duration.ofSeconds(60)).until(() -> post(token, readingId).statusCode() == 202);
    }

    private static void revokeElsewhere(String deviceId) throws SQLException {
        // What another ingest instance's revocation leaves behind: the row, and no cache of ours forgotten.
        Properties credentials = new Properties();
        credentials.setProperty("user", SharedInfra.postgres().username());
        credentials.setProperty("password", SharedInfra.postgres().password());
        try (Connection connection = new org.postgresql.Driver().connect(SharedInfra.postgres().jdbcUrl("portwatch"),
                credentials);
                PreparedStatement revoke = connection.prepareStatement(
                        "UPDATE ingest.device SET revoked_at = now() WHERE device_id = ?")) {
            revoke.setString(1, deviceId);
            assertThat(revoke.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void shouldKeepAcceptingKnownDevicesAndAnswer503ForUnverifiedTokensWhileTheDatabaseIsFrozen() throws Exception {
        Devices.Registered known = Devices.register();
        Devices.Registered revokedHere = Devices.register();
        Devices.Registered revokedElsewhere = Devices.register();
        Devices.Registered neverSeen = Devices.register();
        awaitAccepted(known.token(), "known-before");
        awaitAccepted(revokedHere.token(), "revoked-here-before");
        awaitAccepted(revokedElsewhere.token(), "revoked-elsewhere-before");
        given().auth().oauth2(Tokens.admin()).when().delete("/api/v1/devices/" + revokedHere.deviceId())
                .then().statusCode(204);
        double staleBefore = Metrics.value("portwatch_ingest_device_verdicts_stale_total");
        double unavailableBefore = Metrics.value("portwatch_ingest_registry_unavailable_total");

        try (FrozenPostgres frozen = FrozenPostgres.freeze()) {
            for (int i = 0; i < 3; i++) {
                assertThat(timedPost(known.token(), "known-during-" + i).statusCode()).isEqualTo(202);
            }
            assertThat(timedPost(revokedElsewhere.token(), "revoked-elsewhere-during").statusCode())
                    .as("last verdict before the outage").isEqualTo(202);

            for (Devices.Registered device : List.of(neverSeen, revokedHere)) {
                Response refused = timedPost(device.token(), "refused-during");
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.contentType()).startsWith("application/problem+json");
                assertThat(refused.jsonPath().getString("type")).isEqualTo("urn:portwatch:problem:service-unavailable");
                assertThat(refused.header("Retry-After")).isEqualTo("5");
            }

            // Administrators hear 503 too, not a 500 and not a request hanging until the database returns.
            Response register = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                    .body(Map.of("deviceId", "patch-during-outage", "patientId", "patient-during-outage"))
                    .when().post("/api/v1/devices");
            assertThat(register.statusCode()).isEqualTo(503);
            assertThat(register.contentType()).startsWith("application/problem+json");
            assertThat(register.header("Retry-After")).isEqualTo("5");

            assertThat(Metrics.value("portwatch_ingest_device_verdicts_stale_total")).isGreaterThan(staleBefore);
            assertThat(Metrics.value("portwatch_ingest_registry_unavailable_total")).isGreaterThanOrEqualTo(
                    unavailableBefore + 2);
            assertThat(Metrics.value("portwatch_ingest_registry_available")).isZero();
            // Readiness and liveness do not follow the database: a NotReady pod would give devices connection
            // errors instead of a 503 they know how to retry.
            given().when().get("/q/health/ready").then().statusCode(200);
            given().when().get("/q/health/live").then().statusCode(200);
        }

        revokeElsewhere(revokedElsewhere.deviceId());
        // As soon as the database answers, its verdicts count again: the new device gets in, the revoked one out.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(post(neverSeen.token(), "never-seen-after").statusCode()).isEqualTo(202));
        post(revokedElsewhere.token(), "revoked-elsewhere-after").then().statusCode(401);
        post(revokedHere.token(), "revoked-here-after").then().statusCode(401);
        post(known.token(), "known-after").then().statusCode(202);
        assertThat(Metrics.value("portwatch_ingest_registry_available")).isEqualTo(1);
    }

    @Test
    void shouldStopHonouringALastVerdictOnceItIsOlderThanTheStaleBound() {
        Devices.Registered device = Devices.register();
        awaitAccepted(device.token(), "bounded-before");
        try (FrozenPostgres frozen = FrozenPostgres.freeze()) {
            assertThat(timedPost(device.token(), "bounded-during").statusCode()).isEqualTo(202);
            // ingest.device-verdict-max-stale is 30 s here: past it the device is no longer taken on trust.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                Response response = timedPost(device.token(), "bounded-late");
                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(response.header("Retry-After")).isEqualTo("5");
            });
        }
    }

    @Test
    void shouldKeepSprayedTokensApartFromRealDevicesVerdicts() {
        Devices.Registered device = Devices.register();
        awaitAccepted(device.token(), "sprayed-before");
        double cached = Metrics.value("portwatch_ingest_device_verdicts_cached");
        assertThat(cached).isPositive();
        // Guesses are remembered as unknown in their own cache; they never take a real device's place.
        for (int i = 0; i < 50; i++) {
            post(DeviceTokens.newToken(), "guess-" + i).then().statusCode(401);
        }
        assertThat(Metrics.value("portwatch_ingest_device_verdicts_cached")).isEqualTo(cached);
        try (FrozenPostgres frozen = FrozenPostgres.freeze()) {
            assertThat(timedPost(device.token(), "sprayed-during").statusCode()).isEqualTo(202);
        }
    }
}
