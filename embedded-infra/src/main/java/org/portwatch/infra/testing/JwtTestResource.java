package org.portwatch.infra.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Makes a {@code @QuarkusTest} application trust the JVM-wide dev identity provider of
 * {@link SharedInfra}: it fetches the provider's key set from {@link SharedInfra#jwks()} (as production
 * fetches the hospital's JWKS: {@code mp.jwt.verify.publickey.location}) and expects its issuer
 * ({@code mp.jwt.verify.issuer}). Tests then call the API with tokens from
 * {@code SharedInfra.jwt().clinicianToken(...)} or {@code adminToken(...)}, so the real
 * signature, issuer, expiry and role checks run.
 */
public class JwtTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        var jwt = SharedInfra.jwt();
        return Map.of(
                // Quarkus's smallrye-jwt puts an in-memory key of its own in mp.jwt.verify.publickey for tests that
                // configure no key at build time, and a key there wins over any location: NONE is smallrye-jwt's
                // "not configured".
                "mp.jwt.verify.publickey", "NONE",
                "mp.jwt.verify.publickey.location", SharedInfra.jwks().url(),
                "mp.jwt.verify.issuer", jwt.issuer());
    }

    @Override
    public void stop() {
        // the shared key set server lives as long as the test JVM (SharedInfra)
    }
}
