package org.portwatch.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.portwatch.infra.testing.PackagedStack;

/**
 * The services as they ship (profile prod): health, metrics and OpenAPI only on the management port, none of them on
 * the public API port, and people's tokens verified with the keys the identity provider's JWKS publishes.
 */
class ManagementInterfaceTest {

    private static final List<String> MANAGEMENT = List.of("/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi");

    private static PackagedStack stack;

    @BeforeAll
    static void start() {
        stack = PackagedStack.start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldServeHealthMetricsAndOpenApiOnTheManagementPortOnly() {
        for (String[] service : new String[][] {{stack.ingestUrl(), stack.ingestManagementUrl()},
                {stack.alertUrl(), stack.alertManagementUrl(0)}}) {
            for (String path : MANAGEMENT) {
                assertThat(given().when().get(service[1] + path).statusCode()).as(service[1] + path).isEqualTo(200);
                assertThat(given().when().get(service[0] + path).statusCode()).as(service[0] + path).isEqualTo(404);
            }
        }
    }

    @Test
    void shouldVerifyPeoplesTokensWithTheProvidersKeySet() {
        // 404 for a device nobody registered: the token was accepted (a key the JWKS publishes) and the role checked.
        assertThat(given().auth().oauth2(stack.adminToken()).when().get(stack.ingestUrl() + "/api/v1/devices/nobody")
                .statusCode()).isEqualTo(404);
        assertThat(given().auth().oauth2(stack.adminToken()).when().get(stack.alertUrl() + "/api/v1/patients")
                .statusCode()).isEqualTo(200);
        assertThat(given().auth().oauth2(stack.clinicianToken("dr-e2e", "oncology-day-unit")).when()
                .get(stack.alertUrl() + "/api/v1/alerts").statusCode()).isEqualTo(200);
        String stranger = org.portwatch.infra.DevJwtIssuer.generate(PackagedStack.ISSUER)
                .adminToken(java.time.Duration.ofMinutes(5));
        assertThat(given().auth().oauth2(stranger).when().get(stack.alertUrl() + "/api/v1/patients").statusCode())
                .isEqualTo(401);
    }
}
