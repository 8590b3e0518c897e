package org.portwatch.alert.security;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.portwatch.infra.testing.SharedInfra;

/**
 * {@code quarkus.security.jaxrs.deny-unannotated-endpoints=true}: an endpoint nobody annotated is refused to
 * everyone, administrators included, instead of being open to everyone (OWASP API5). Every real resource of
 * alert-service states its roles on the class or the method; the authorization matrix checks who gets what.
 */
@QuarkusTest
class DenyUnannotatedTest {

    private static final String PATH = "/api/v1/test-only/unannotated";

    @Test
    void shouldRefuseAnUnannotatedEndpointToAnonymousAndAuthenticatedCallersAlike() {
        given().when().get(PATH).then().statusCode(401);
        given().auth().oauth2(SharedInfra.jwt().adminToken(Duration.ofMinutes(5))).when().get(PATH).then().statusCode(403);
        given().auth().oauth2(SharedInfra.jwt().clinicianToken("dr-x", java.util.Set.of("oncology-day-unit"),
                Duration.ofMinutes(5))).when().get(PATH).then().statusCode(403);
    }
}
