package org.portwatch.detection.rules;

import java.util.ArrayList;
import java.util.List;

/** Helpers over episode lists computed from the same readings. */
final class Episodes {

    private Episodes() {
    }

    /**
     * Two scans of the same readings that differ only in their escalation rule find the same episodes;
     * take each with whichever escalation came first.
     */
    static List<Episode> earliestEscalation(List<Episode> a, List<Episode> b) {
        List<Episode> merged = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            Episode x = a.get(i);
            Episode y = i < b.size() ? b.get(i) : null;
            if (y == null || !y.escalated()) {
                merged.add(x);
            } else if (!x.escalated() || y.escalatedAt() < x.escalatedAt()) {
                merged.add(x.escalate(y.escalatedTo(), y.escalatedAt(), y.escalationRule(), y.escalationEvidence()));
            } else {
                merged.add(x);
            }
        }
        return merged;
    }
}
