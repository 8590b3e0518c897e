package org.portwatch.faults;

import java.time.Duration;

/**
 * How hard each scenario pushes: the full figures ({@code -Pfaults-full}) or the CI form that
 * {@code mvn -B verify} runs (shorter outages, fewer readings and patients, the same assertions).
 *
 * @param name             {@code ci} or {@code full}
 * @param readings         scenario 1: readings posted while the partition leader is killed
 * @param leaderKills      scenario 1: how many times the leader of {@code vitals.readings} partition 0 is killed
 * @param brokerOutage     scenario 2: how long every broker is down
 * @param patients         scenarios 3 to 6: patients streaming readings
 * @param episodes         scenarios 3 to 6: of them, patients with a planted fever episode
 * @param alertKills       scenario 3: how many times alert-service is SIGKILLed
 * @param databaseOutage   scenario 4: how long PostgreSQL is stopped (full: the 90 s of the issue's own trial, over
 *                         its 60 s); in CI still longer than the 63 s after which
 *                         the alerts consumer used to be marked failed, and than the 30 s device-token cache
 * @param receiverOutage   scenario 6: how long the webhook receiver is down; in CI 40 s, which still puts the HIGH
 *                         retries at their 30 s cap (attempts 10 s and 30 s after the first) when it returns
 */
record FaultProfile(String name, int readings, int leaderKills, Duration brokerOutage, int patients, int episodes,
                    int alertKills, Duration databaseOutage, Duration receiverOutage) {

    static final FaultProfile CI = new FaultProfile("ci", 3_000, 3, Duration.ofSeconds(15), 200, 20, 3,
            Duration.ofSeconds(65), Duration.ofSeconds(40));
    static final FaultProfile FULL = new FaultProfile("full", 20_000, 5, Duration.ofSeconds(60), 2_000, 200, 3,
            Duration.ofSeconds(90), Duration.ofMinutes(10));

    /** The profile the build chose ({@code -Dfaults.profile=full} through {@code -Pfaults-full}). */
    static FaultProfile current() {
        return "full".equals(System.getProperty("faults.profile", "ci")) ? FULL : CI;
    }
}
