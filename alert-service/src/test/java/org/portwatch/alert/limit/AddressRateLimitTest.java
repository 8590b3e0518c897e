package org.portwatch.alert.limit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.portwatch.infra.DevJwtIssuer;
import org.portwatch.infra.testing.SharedInfra;

/**
 * A client address spraying forged JWTs is held to its bucket before any token is verified: past it, requests are
 * answered 429 problem+json with Retry-After, whoever signed them, and a clinician behind another address is not
 * affected. The test's connections come from loopback, which this profile trusts as a proxy, so X-Forwarded-For
 * plays the part of distinct client addresses.
 */
@QuarkusTest
@TestProfile(AddressRateLimitTest.TinyAddressBudget.class)
class AddressRateLimitTest {

    static final int BURST = 5;
    static final String THROTTLED = "portwatch_alerts_api_address_throttled_total";

    public static class TinyAddressBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // So slow a refill that nothing comes back while the test runs, however slow the machine.
            return Map.of("alerts.limits.address-requests-per-second", "0.01",
                    "alerts.limits.address-requests-burst", Integer.toString(BURST),
                    "alerts.limits.trusted-proxies", "127.0.0.1,::1");
        }
    }

    private static Response listAlerts(String from, String token) {
        return given().header("X-Forwarded-For", from).auth().oauth2(token).when().get("/api/v1/alerts");
    }

    @Test
    void shouldThrottleASprayingAddressBeforeItsTokensAreVerifiedAndLeaveOtherAddressesAlone() {
        // Signed by a key the service does not trust: each one it verifies is a 401.
        String forged = DevJwtIssuer.generate(SharedInfra.jwt().issuer())
                .clinicianToken("mallory", java.util.Set.of("oncology-day-unit"), Duration.ofMinutes(5));
        String sprayer = "203.0.113.66";
        double throttledBefore = metric(THROTTLED);

        for (int i = 0; i < BURST; i++) {
            assertThat(listAlerts(sprayer, forged).statusCode()).isEqualTo(401);
        }
        for (int i = 0; i < 10; i++) {
            Response throttled = listAlerts(sprayer, forged);
            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.contentType()).startsWith("application/problem+json");
            assertThat(throttled.jsonPath().getString("type")).isEqualTo("urn:portwatch:problem:rate-limited");
            assertThat(Long.parseLong(throttled.header("Retry-After"))).isPositive();
        }
        // Every /api endpoint, whatever the token: a genuine administrator's request from that address waits too.
        assertThat(given().header("X-Forwarded-For", sprayer).auth().oauth2(SharedInfra.jwt().adminToken(Duration.ofMinutes(5)))
                .when().get("/api/v1/patients").statusCode()).isEqualTo(429);
        assertThat(metric(THROTTLED) - throttledBefore).isEqualTo(11);

        // A clinician elsewhere (another hospital's NAT) is not slowed by the sprayer.
        String clinician = SharedInfra.jwt().clinicianToken("dr-ok", java.util.Set.of("oncology-day-unit"),
                Duration.ofMinutes(5));
        assertThat(listAlerts("198.51.100.7", clinician).statusCode()).isEqualTo(200);
    }

    private static double metric(String series) {
        // From an address of its own, so reading the meter never spends the sprayer's budget.
        String body = given().header("X-Forwarded-For", "192.0.2.1").when().get("/q/metrics").then().statusCode(200)
                .extract().asString();
        return body.lines().filter(line -> line.startsWith(series))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
