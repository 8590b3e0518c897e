package org.portwatch.alert.snooze;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Limits of snoozes and silences, and how soon their end is noticed. */
@ConfigMapping(prefix = "alerts.snooze")
public interface SnoozeConfig {

    /**
     * The shortest snooze or silence: shorter than a quarter of an hour is an interruption the escalation delays
     * (5–15 minutes) already give; it would only add a notification.
     */
    @WithDefault("PT15M")
    Duration minimum();

    /**
     * The longest snooze: 4 hours, a nursing shift's half, after which the alert must be looked at again rather than
     * forgotten (issue 11).
     */
    @WithDefault("PT4H")
    Duration maximum();

    /**
     * The longest snooze of a CRITICAL alert: 30 minutes (issue 11). A CRITICAL condition (sepsis risk) gets worse
     * in hours; the team must see it again within the time an antibiotic dose is due to be started.
     */
    @WithDefault("PT30M")
    Duration maximumCritical();

    /**
     * The longest silence of a patient's NO_DATA: 72 hours covers a planned admission or procedure and a weekend
     * with the device off; a longer absence is not a silence but the end of monitoring (the profile's
     * {@code monitoring: false}), which stops NO_DATA at its source and is visible as such.
     */
    @WithDefault("PT72H")
    Duration maximumSilence();

    /**
     * How often each replica looks for snoozes and silences that ended: an expiry is noticed (and the team told again)
     * at most this late. Snoozes are claimed with SKIP LOCKED, so replicas never end one twice.
     */
    @WithDefault("PT10S")
    Duration checkInterval();
}
