package org.portwatch.ingest.limit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.portwatch.ingest.device.WarmupToken;
import org.portwatch.ingest.support.Devices;
import org.portwatch.ingest.support.Metrics;
import org.portwatch.ingest.support.Tokens;

/**
 * A client address spraying guessed device tokens is held to its bucket before any token is looked at: past
 * it, guesses are answered 429 without reaching the verifier (so without a database query), and a real
 * device behind another address is not affected. The test's own connections come from loopback, which this
 * profile trusts as a proxy, so X-Forwarded-For plays the part of distinct client addresses.
 */
@QuarkusTest
@TestProfile(AddressRateLimitTest.TinyAddressBudget.class)
class AddressRateLimitTest {

    static final int BURST = 5;

    public static class TinyAddressBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // So slow a refill that nothing comes back while the test runs, however slow the machine.
            return Map.of("ingest.address-requests-per-second", "0.01",
                    "ingest.address-requests-burst", Integer.toString(BURST),
                    "ingest.trusted-proxies", "127.0.0.1,::1");
        }
    }

    private static Response postReadings(String from, String token) {
        return given().header("X-Forwarded-For", from).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("readings", List.of(Map.of("type", "HEART_RATE", "value", 72, "unit", "/min",
                        "measuredAt", Instant.now().toString()))))
                .when().post("/api/v1/readings");
    }

    private static String guess() {
        return "pwd_" + UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void shouldThrottleASprayingAddressBeforeItsTokensAreLookedUpAndLeaveOtherAddressesAlone() {
        // Registered from an address of its own (the admin's), so the sprayer's and the device's buckets are fresh.
        Devices.Registered device = registerFrom("198.51.100.200");
        String sprayer = "203.0.113.66";
        double unauthorizedBefore = Metrics.value("portwatch_ingest_requests_total{outcome=\"unauthorized\"}");
        double throttledBefore = Metrics.value("portwatch_ingest_address_throttled_total");

        for (int i = 0; i < BURST; i++) {
            assertThat(postReadings(sprayer, guess()).statusCode()).isEqualTo(401);
        }
        for (int i = 0; i < 20; i++) {
            Response throttled = postReadings(sprayer, guess());
            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.contentType()).startsWith("application/problem+json");
            assertThat(throttled.jsonPath().getString("type")).isEqualTo("urn:portwatch:problem:rate-limited");
            assertThat(Long.parseLong(throttled.header("Retry-After"))).isPositive();
        }
        // Every endpoint: an administrator's request from the throttled address waits too.
        assertThat(given().header("X-Forwarded-For", sprayer).auth().oauth2(Tokens.admin())
                .when().get("/api/v1/audit").statusCode()).isEqualTo(429);

        // Only the first BURST guesses reached the verifier (each a registry lookup); the other 21 did not.
        assertThat(Metrics.value("portwatch_ingest_requests_total{outcome=\"unauthorized\"}") - unauthorizedBefore)
                .isEqualTo(BURST);
        assertThat(Metrics.value("portwatch_ingest_address_throttled_total") - throttledBefore).isEqualTo(21);

        // A real device elsewhere (another hospital's NAT) is not slowed by the sprayer.
        assertThat(postReadings("198.51.100.7", device.token()).statusCode()).isEqualTo(202);
    }

    @Inject
    WarmupToken warmup;

    @Test
    void theStartUpWarmupsOwnRequestsPassTheLimitOnlyWithItsTokenAndOnlyWhileItRuns() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().when().get("/q/health/ready")
                .then().statusCode(200));
        // 200 requests from 127.0.0.1 against a burst of 5: none throttled, every one refused at the last step.
        assertThat(Metrics.value("portwatch_ingest_warmup_http_requests")).isEqualTo(200);
        assertThat(Metrics.value("portwatch_ingest_warmup_http_unexpected")).isZero();

        String address = "203.0.113.77";
        for (int i = 0; i < BURST; i++) {
            postReadings(address, guess());
        }
        assertThat(postReadings(address, guess()).statusCode()).isEqualTo(429);
        try {
            warmup.open();
            Response passed = given().header("X-Forwarded-For", address).header("Authorization", warmup.authorization())
                    .contentType(ContentType.JSON).body(Map.of("readings", List.of(Map.of("type", "HEART_RATE",
                            "value", 72, "unit", "/min", "measuredAt", Instant.now().toString()))))
                    .when().post("/api/v1/readings");
            assertThat(passed.statusCode()).isEqualTo(403);
            // Another token is not exempt, even while the warm-up's is open.
            assertThat(postReadings(address, guess()).statusCode()).isEqualTo(429);
        } finally {
            warmup.close();
        }
        assertThat(given().header("X-Forwarded-For", address).header("Authorization", warmup.authorization())
                .contentType(ContentType.JSON).body("{}").when().post("/api/v1/readings").statusCode()).isEqualTo(429);
    }

    private static Devices.Registered registerFrom(String address) {
        String patientId = "patient-" + UUID.randomUUID().toString().substring(0, 8);
        String deviceId = "patch-" + UUID.randomUUID().toString().substring(0, 8);
        String token = given().header("X-Forwarded-For", address).auth().oauth2(Tokens.admin())
                .contentType(ContentType.JSON).body(Map.of("deviceId", deviceId, "patientId", patientId))
                .when().post("/api/v1/devices").then().statusCode(201).extract().path("token");
        return new Devices.Registered(deviceId, patientId, token);
    }
}
