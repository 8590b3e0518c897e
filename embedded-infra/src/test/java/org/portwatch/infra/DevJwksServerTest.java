package org.portwatch.infra;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The key set as smallrye-jwt fetches it (the verifier both services run, one instance kept as they keep it): a
 * token is verified by its {@code kid}; a key published later is used without a new verifier (a rotation needs no
 * restart), and a key withdrawn from the set is refused once the cached set is older than its max-age.
 */
class DevJwksServerTest {

    private static final String ISSUER = "https://idp.portwatch.jwks-test";

    private static JWTAuthContextInfo verifyingWith(String location) {
        JWTAuthContextInfo config = new JWTAuthContextInfo();
        config.setPublicKeyLocation(location);
        config.setIssuedBy(ISSUER);
        return config;
    }

    @Test
    void shouldAcceptARotatedKeyAtOnceAndRefuseAWithdrawnKeyAfterTheSetExpires() throws Exception {
        DevJwtIssuer current = DevJwtIssuer.generate(ISSUER);
        DevJwtIssuer next = DevJwtIssuer.generate(ISSUER);
        try (DevJwksServer jwks = DevJwksServer.start(Duration.ofSeconds(1), current)) {
            DefaultJWTParser parser = new DefaultJWTParser(verifyingWith(jwks.url()));
            assertEquals("dr.a", parser.parse(current.clinicianToken("dr.a", Set.of("t"), Duration.ofMinutes(1))).getName());
            assertThrows(ParseException.class, () -> parser.parse(next.adminToken(Duration.ofMinutes(1))));

            // The provider rotates: the new key is published beside the old one, and is trusted without a restart.
            jwks.publish(current, next);
            // (Until the cached set expires, a second at most, the new key id is unknown: ParseException.)
            await().atMost(Duration.ofSeconds(30)).ignoreException(ParseException.class).untilAsserted(() ->
                    assertEquals("admin", parser.parse(next.adminToken(Duration.ofMinutes(1))).getName()));

            // The old key is withdrawn (say, compromised): refused as soon as the cached set has expired.
            jwks.publish(next);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThrows(ParseException.class,
                    () -> parser.parse(current.clinicianToken("dr.a", Set.of("t"), Duration.ofMinutes(1)))));
            assertEquals("admin", parser.parse(next.adminToken(Duration.ofMinutes(1))).getName());
        }
    }

    @Test
    void shouldPublishEachKeyWithItsIdAsTokensNameIt() {
        DevJwtIssuer issuer = DevJwtIssuer.generate(ISSUER);
        assertEquals(issuer.keyId(), issuer.jwk().get("kid"));
        assertEquals("RSA", issuer.jwk().get("kty"));
        org.junit.jupiter.api.Assertions.assertNotEquals(issuer.keyId(), DevJwtIssuer.generate(ISSUER).keyId());
        String header = new String(java.util.Base64.getUrlDecoder().decode(
                issuer.adminToken(Duration.ofMinutes(1)).split("\\.")[0]), java.nio.charset.StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assertions.assertTrue(header.contains("\"kid\":\"" + issuer.keyId() + "\""), header);
    }
}
