package org.portwatch.alert.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.portwatch.infra.DevJwtIssuer;
import org.portwatch.infra.testing.SharedInfra;

/**
 * alert-service verifies people's JWTs as ingest does (OWASP API2): signature, issuer, expiry, audience
 * ({@code JWT_AUDIENCE}, default {@code portwatch}) and maximum age ({@code JWT_MAX_AGE_SECONDS}, default 24 h: iat
 * no older, exp - iat no longer). Each refused token differs from an accepted one in that one respect.
 */
@QuarkusTest
class TokenVerificationTest {

    private static final Set<String> ADMIN = Set.of("admin");

    private static int status(String token) {
        return given().auth().oauth2(token).when().get("/api/v1/patients").statusCode();
    }

    @Test
    void shouldAcceptATokenOfTheAudienceWithinItsAge() {
        Instant now = Instant.now();
        assertThat(status(SharedInfra.jwt().token("admin", ADMIN, Set.of(),
                DevJwtIssuer.AUDIENCE, now.minus(Duration.ofHours(23)), now.plus(Duration.ofMinutes(30))))).isEqualTo(200);
    }

    @Test
    void shouldRefuseATokenMintedForAnotherApplication() {
        Instant now = Instant.now();
        assertThat(status(SharedInfra.jwt().token("admin", ADMIN, Set.of(),
                "billing-app", now, now.plus(Duration.ofMinutes(5))))).isEqualTo(401);
    }

    @Test
    void shouldRefuseATokenIssuedLongerAgoThanTheMaximumAgeThoughNotExpired() {
        Instant now = Instant.now();
        assertThat(status(SharedInfra.jwt().token("admin", ADMIN, Set.of(),
                DevJwtIssuer.AUDIENCE, now.minus(Duration.ofDays(2)), now.plus(Duration.ofMinutes(5))))).isEqualTo(401);
    }

    @Test
    void shouldRefuseATokenMintedToLiveLongerThanTheMaximumAge() {
        Instant now = Instant.now();
        assertThat(status(SharedInfra.jwt().token("admin", ADMIN, Set.of(),
                DevJwtIssuer.AUDIENCE, now, now.plus(Duration.ofDays(7))))).isEqualTo(401);
    }

    @Test
    void shouldRefuseAnExpiredTokenAndOneOfAnotherKey() {
        assertThat(status(SharedInfra.jwt().adminToken(Duration.ofMinutes(-5))))
                .isEqualTo(401);
        assertThat(status(DevJwtIssuer.generate(SharedInfra.jwt().issuer())
                .adminToken(Duration.ofMinutes(5)))).isEqualTo(401);
    }
}
