package org.portwatch.alert.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.portwatch.infra.DevJwtIssuer;
import org.portwatch.infra.testing.SharedInfra;

/**
 * alert-service fetches the identity provider's key set (JWKS) and caches it, as in production: a key the provider
 * starts publishing (a rotation: a new {@code kid}) is accepted without a restart, and a token of a key the provider
 * withdrew is refused once the cached set is refreshed. The shared provider's set allows one second of caching
 * ({@link SharedInfra#JWKS_MAX_AGE}); production refreshes every 10 minutes (application.properties).
 */
@QuarkusTest
class JwksRotationTest {

    @AfterEach
    void restoreTheSharedKeySet() {
        SharedInfra.jwks().publish(SharedInfra.jwt());
    }

    private static int status(String token) {
        return given().auth().oauth2(token).when().get("/api/v1/patients").statusCode();
    }

    @Test
    void shouldAcceptARotatedKeyWithoutRestartAndRefuseAWithdrawnKeyAfterRefresh() {
        DevJwtIssuer rotated = DevJwtIssuer.generate(SharedInfra.jwt().issuer());
        assertThat(status(SharedInfra.jwt().adminToken(Duration.ofMinutes(5)))).isEqualTo(200);
        assertThat(status(rotated.adminToken(Duration.ofMinutes(5)))).as("a key nobody published").isEqualTo(401);

        SharedInfra.jwks().publish(SharedInfra.jwt(), rotated);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> status(rotated.adminToken(Duration.ofMinutes(5))) == 200);

        SharedInfra.jwks().publish(SharedInfra.jwt());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> status(rotated.adminToken(Duration.ofMinutes(5))) == 401);
        assertThat(status(SharedInfra.jwt().adminToken(Duration.ofMinutes(5)))).as("the key still published")
                .isEqualTo(200);
    }
}
