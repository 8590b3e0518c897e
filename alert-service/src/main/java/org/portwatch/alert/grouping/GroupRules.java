package org.portwatch.alert.grouping;

import java.util.Set;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.Severity;

/**
 * Who groups under whom, and when a grouped alert still notifies on its own. Pure: no clock, no database.
 *
 * <p>SEPSIS_RISK is fever and a fast heart together (docs/clinical-rules.md rule 4): while it is open, a FEVER or
 * TACHYCARDIA of the same patient says nothing the care team was not told by it, so it notifies through the parent.
 * A child more severe than its parent, or CRITICAL itself, would be under-told by a line in another alert's
 * notification: it notifies (and escalates) on its own as well, the clinically safer reading.
 */
public final class GroupRules {

    /** The condition that groups others under it. */
    public static final AlertCondition PARENT = AlertCondition.SEPSIS_RISK;
    /** The conditions that SEPSIS_RISK is made of: they group under it. */
    public static final Set<AlertCondition> CHILDREN = Set.of(AlertCondition.FEVER, AlertCondition.TACHYCARDIA);

    private GroupRules() {
    }

    public static boolean isParent(AlertCondition condition) {
        return condition == PARENT;
    }

    public static boolean isChild(AlertCondition condition) {
        return CHILDREN.contains(condition);
    }

    /** Whether a grouped child at {@code child} severity notifies on its own although its parent is at {@code parent}. */
    public static boolean notifiesAnyway(Severity child, Severity parent) {
        return child == Severity.CRITICAL || (parent != null && child.compareTo(parent) > 0);
    }
}
