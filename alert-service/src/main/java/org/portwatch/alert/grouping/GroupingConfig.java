package org.portwatch.alert.grouping;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Grouping of a patient's alerts under SEPSIS_RISK. */
@ConfigMapping(prefix = "alerts.grouping")
public interface GroupingConfig {

    /**
     * Whether a care team without a setting of its own groups. ON: three pages for one septic patient are the alarm
     * fatigue issue 11 is about, and the parent's notification names the grouped conditions, so nothing is unsaid.
     */
    @WithDefault("true")
    boolean enabledByDefault();
}
