package org.portwatch.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;

class DevJwtIssuerTest {

    private static final String ISSUER = "https://idp.portwatch.test";
    private final DevJwtIssuer issuer = DevJwtIssuer.generate(ISSUER);

    @Test
    void clinicianTokenVerifiesWithThePublishedPemAndCarriesTheClaims() throws Exception {
        String token = issuer.clinicianToken("dr.house", Set.of("cardio-2", "cardio-1"), Duration.ofMinutes(5));

        JwtClaims claims = consumer(issuer.publicKeyPem()).processToClaims(token);
        assertEquals(ISSUER, claims.getIssuer());
        // The services verify mp.jwt.verify.audiences=portwatch by default.
        assertEquals(List.of(DevJwtIssuer.AUDIENCE), claims.getAudience());
        assertEquals("dr.house", claims.getSubject());
        assertEquals("dr.house", claims.getStringClaimValue("upn"));
        assertEquals(List.of("clinician"), claims.getStringListClaimValue("groups"));
        assertEquals(List.of("cardio-1", "cardio-2"), claims.getStringListClaimValue("care_teams"));
        long lifetime = claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue();
        assertEquals(300, lifetime);

        JsonWebStructure jws = JsonWebStructure.fromCompactSerialization(token);
        assertEquals("RS256", jws.getAlgorithmHeaderValue());
    }

    /** The verifier quarkus-smallrye-jwt runs, fed the PEM exactly as mp.jwt.verify.publickey. */
    @Test
    void smallryeJwtAcceptsThePemAsVerifyPublicKey() throws Exception {
        JWTAuthContextInfo config = new JWTAuthContextInfo();
        config.setPublicKeyContent(issuer.publicKeyPem());
        config.setIssuedBy(ISSUER);
        JsonWebToken jwt = new DefaultJWTParser(config)
                .parse(issuer.clinicianToken("dr.cuddy", Set.of("onco-3"), Duration.ofMinutes(1)));
        assertEquals("dr.cuddy", jwt.getName());
        assertEquals(Set.of("clinician"), jwt.getGroups());
        JsonArray teams = jwt.getClaim("care_teams");
        assertEquals(List.of("onco-3"), teams.getValuesAs(JsonString::getString));

        DevJwtIssuer stranger = DevJwtIssuer.generate(ISSUER);
        assertThrows(ParseException.class, () -> new DefaultJWTParser(config).parse(stranger.adminToken(Duration.ofMinutes(1))));
    }

    @Test
    void adminTokenHasTheAdminRoleAndAnEmptyCareTeamArray() throws Exception {
        JwtClaims claims = consumer(issuer.publicKeyPem()).processToClaims(issuer.adminToken(Duration.ofHours(1)));
        assertEquals("admin", claims.getSubject());
        assertEquals(List.of("admin"), claims.getStringListClaimValue("groups"));
        assertEquals(List.of(), claims.getStringListClaimValue("care_teams"));
    }

    @Test
    void tokensOfAnotherIssuerOrExpiredOnesAreRejected() {
        DevJwtIssuer stranger = DevJwtIssuer.generate(ISSUER);
        JwtConsumer consumer = consumer(issuer.publicKeyPem());
        assertThrows(InvalidJwtException.class, () -> consumer.processToClaims(
                stranger.clinicianToken("mallory", Set.of("cardio-1"), Duration.ofMinutes(5))));
        assertThrows(InvalidJwtException.class, () -> consumer.processToClaims(
                issuer.clinicianToken("dr.late", Set.of("cardio-1"), Duration.ofMinutes(-5))));
    }

    @Test
    void mintsTheTokensAServiceMustRefuseWhenAskedTo() throws Exception {
        java.time.Instant now = java.time.Instant.now();
        String otherAudience = issuer.token("admin", Set.of("admin"), Set.of(), "hospital-pharmacy", now,
                now.plus(Duration.ofMinutes(5)));
        assertThrows(InvalidJwtException.class, () -> consumer(issuer.publicKeyPem()).processToClaims(otherAudience));

        String old = issuer.token("admin", Set.of("admin"), Set.of(), DevJwtIssuer.AUDIENCE,
                now.minus(Duration.ofDays(2)), now.plus(Duration.ofMinutes(5)));
        JwtClaims claims = consumer(issuer.publicKeyPem()).processToClaims(old);
        assertEquals(now.minus(Duration.ofDays(2)).getEpochSecond(), claims.getIssuedAt().getValue());
    }

    @Test
    void writesThePemToAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys/publicKey.pem");
        issuer.writePublicKey(file);
        String pem = Files.readString(file);
        assertEquals(issuer.publicKeyPem(), pem);
        assertTrue(pem.startsWith("-----BEGIN PUBLIC KEY-----\n"), pem);
        assertTrue(pem.strip().endsWith("-----END PUBLIC KEY-----"), pem);
    }

    /** Verifies like smallrye-jwt does: signature with the PEM key, RS256 only, issuer, audience, expiry. */
    private static JwtConsumer consumer(String pem) {
        return new JwtConsumerBuilder()
                .setVerificationKey(parsePem(pem))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setExpectedIssuer(ISSUER)
                .setExpectedAudience(DevJwtIssuer.AUDIENCE)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .build();
    }

    private static PublicKey parsePem(String pem) {
        String base64 = pem.replace("-----BEGIN PUBLIC KEY-----", "")
                .replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (Exception e) {
            throw new AssertionError("Not a PEM public key: " + pem, e);
        }
    }
}
