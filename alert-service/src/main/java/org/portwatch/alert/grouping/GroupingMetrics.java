package org.portwatch.alert.grouping;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.portwatch.model.AlertCondition;

/**
 * What grouping did: notifications a grouped alert did not send on its own, by condition; groups formed; grouped
 * alerts released to notify on their own again, by why. Tags are bounded enums.
 */
@Startup // its meters on /q/metrics from the start, not from the first group
@ApplicationScoped
public class GroupingMetrics {

    public static final String INHIBITED = "portwatch.grouping.notifications.inhibited";
    public static final String GROUPS_FORMED = "portwatch.grouping.groups.formed";
    public static final String RELEASED = "portwatch.grouping.released";

    /** Why grouped alerts became independent again. */
    public enum Release {
        /** Their SEPSIS_RISK resolved (by the detector or a clinician). */
        PARENT_RESOLVED,
        /** Their care team switched grouping off. */
        GROUPING_OFF
    }

    private final Map<AlertCondition, Counter> inhibited = new EnumMap<>(AlertCondition.class);
    private final Counter formed;
    private final Map<Release, Counter> released = new EnumMap<>(Release.class);

    public GroupingMetrics(MeterRegistry registry) {
        for (AlertCondition condition : GroupRules.CHILDREN) {
            inhibited.put(condition, Counter.builder(INHIBITED)
                    .description("Notifications a grouped alert did not send on its own: its SEPSIS_RISK told the team")
                    .tag("condition", condition.name())
                    .register(registry));
        }
        formed = Counter.builder(GROUPS_FORMED)
                .description("Groups formed: a SEPSIS_RISK with at least one FEVER or TACHYCARDIA linked under it")
                .register(registry);
        for (Release reason : Release.values()) {
            released.put(reason, Counter.builder(RELEASED)
                    .description("Grouped alerts that notify and escalate on their own again")
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
    }

    public void inhibited(AlertCondition condition) {
        Counter counter = inhibited.get(condition);
        if (counter != null) {
            counter.increment();
        }
    }

    public void formed() {
        formed.increment();
    }

    public void released(Release reason, int count) {
        released.get(reason).increment(count);
    }
}
