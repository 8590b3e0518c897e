package org.portwatch.ingest.support;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.portwatch.infra.DevJwtIssuer;
import org.portwatch.infra.testing.SharedInfra;

/** People's bearer tokens, signed by the test identity provider, and the tokens it must refuse. */
public final class Tokens {

    /** Same issuer name, another key: what a forger with their own key pair would mint. */
    private static final DevJwtIssuer STRANGER = DevJwtIssuer.generate(SharedInfra.jwt().issuer());

    private Tokens() {
    }

    public static String admin() {
        return SharedInfra.jwt().adminToken(Duration.ofMinutes(30));
    }

    /** An administrator with their own subject, so a test can find exactly its own entries in the audit trail. */
    public static String admin(String subject) {
        return SharedInfra.jwt().token(subject, Set.of("admin"), Set.of(), Duration.ofMinutes(30));
    }

    public static String clinician() {
        return SharedInfra.jwt().clinicianToken("dr-house", Set.of("oncology-day-unit"), Duration.ofMinutes(30));
    }

    /** An admin token that expired five minutes ago. */
    public static String expiredAdmin() {
        return SharedInfra.jwt().adminToken(Duration.ofMinutes(-5));
    }

    /** A valid admin token of the hospital's identity provider, minted for another application. */
    public static String otherAudienceAdmin() {
        Instant now = Instant.now();
        return SharedInfra.jwt().token("admin", Set.of("admin"), Set.of(), "hospital-pharmacy", now,
                now.plus(Duration.ofMinutes(30)));
    }

    /** An admin token signed by a key the service does not trust. */
    public static String otherKeyAdmin() {
        return STRANGER.adminToken(Duration.ofMinutes(30));
    }

    /** An admin token issued two days ago and not yet expired: older than the maximum token age. */
    public static String tooOldAdmin() {
        Instant now = Instant.now();
        return SharedInfra.jwt().token("admin", Set.of("admin"), Set.of(), DevJwtIssuer.AUDIENCE,
                now.minus(Duration.ofDays(2)), now.plus(Duration.ofMinutes(30)));
    }

    /** An admin token valid exactly as long as the local run's (24 h from now): the longest still accepted. */
    public static String dayLongAdmin() {
        return SharedInfra.jwt().adminToken(Duration.ofHours(24));
    }

    /** An admin token minted to live a week: longer than any token the service accepts. */
    public static String weekLongAdmin() {
        return SharedInfra.jwt().adminToken(Duration.ofDays(7));
    }
}
