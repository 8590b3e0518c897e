package org.portwatch.detection.rules;

import java.util.ArrayList;
import java.util.List;

/** Rebuilds a {@link PatientState} from its stored parts (for the state store serde). */
public final class PatientStates {

    private PatientStates() {
    }

    public static PatientState of(List<Sample> temperatures, List<Sample> heartRates, List<Tracked> tracked,
            long lastReceivedAt, long lastLiveAt, long noDataDue) {
        return new PatientState(new ArrayList<>(temperatures), new ArrayList<>(heartRates), new ArrayList<>(tracked),
                lastReceivedAt, lastLiveAt, noDataDue);
    }
}
