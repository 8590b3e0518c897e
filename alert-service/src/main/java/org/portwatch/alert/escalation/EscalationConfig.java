package org.portwatch.alert.escalation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Escalation of alerts nobody acknowledged (docs/clinical-rules.md, Lifecycle), for care teams without a policy of their own. */
@ConfigMapping(prefix = "alerts.escalation")
public interface EscalationConfig {

    /** HIGH and CRITICAL alerts go to the on-call contacts when not acknowledged within this. */
    @WithDefault("PT5M")
    Duration highAfter();

    /** MEDIUM alerts likewise, after this. */
    @WithDefault("PT15M")
    Duration mediumAfter();

    /** Reminders to the on-call contacts until someone acknowledges or the alert resolves. */
    @WithDefault("PT5M")
    Duration repeatEvery();

    /** How often each replica looks for due escalations; rows are claimed with SKIP LOCKED, so replicas never double. */
    @WithDefault("PT5S")
    Duration checkInterval();
}
