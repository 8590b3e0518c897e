package org.portwatch.ingest.support;

import java.time.Duration;
import java.util.Set;
import org.portwatch.infra.testing.SharedInfra;

/** People's bearer tokens, signed by the test identity provider. */
public final class Tokens {

    private Tokens() {
    }

    public static String admin() {
        return SharedInfra.jwt().adminToken(Duration.ofMinutes(30));
    }

    public static String clinician() {
        return SharedInfra.jwt().clinicianToken("dr-house", Set.of("oncology-day-unit"), Duration.ofMinutes(30));
    }
}
