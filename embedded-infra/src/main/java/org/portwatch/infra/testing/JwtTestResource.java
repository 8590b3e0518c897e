package org.portwatch.infra.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Makes a {@code @QuarkusTest} application trust the JVM-wide dev identity provider of
 * {@link SharedInfra}: its public key (PEM) and issuer become {@code mp.jwt.verify.publickey}
 * and {@code mp.jwt.verify.issuer}. Tests then call the API with tokens from
 * {@code SharedInfra.jwt().clinicianToken(...)} or {@code adminToken(...)}, so the real
 * signature, issuer, expiry and role checks run.
 */
public class JwtTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        var jwt = SharedInfra.jwt();
        return Map.of(
                "mp.jwt.verify.publickey", jwt.publicKeyPem(),
                "mp.jwt.verify.issuer", jwt.issuer());
    }

    @Override
    public void stop() {
        // nothing runs: the issuer is a key pair in memory
    }
}
