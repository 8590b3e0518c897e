package org.portwatch.ingest.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Settings that make outages observable in a test without waiting out production timers: a device verdict
 * is never fresh (every request asks the registry, so the fallback is what answers during an outage), and
 * the publisher takes 10 readings in flight (two requests of five fill it), 20 device verdicts are kept for
 * at most 30 s, and the publish timeout is 8 s.
 */
public class OutageProfile implements QuarkusTestProfile {

    public static final int MAX_IN_FLIGHT = 10;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("ingest.device-cache-ttl", "0s",
                // Production's registry timeout (application.properties relaxes it for the other tests).
                "ingest.registry-timeout", "2s",
                // Small enough that 50 guessed tokens would push real devices out, were guesses kept with them.
                "ingest.device-verdict-cache-size", "20",
                // Long enough for every outage test here, short enough to watch a last verdict run out.
                "ingest.device-verdict-max-stale", "30s",
                "ingest.publish-max-in-flight-readings", Integer.toString(MAX_IN_FLIGHT),
                // Readings wait for a stopped broker 4 s (delivery timeout P/2) instead of 2: room to observe the cap.
                "ingest.publish-timeout", "8s");
    }
}
