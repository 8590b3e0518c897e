package org.portwatch.detection.rules;

import java.util.List;

/** Rebuilds a {@link PatientState} from its stored parts (for the state store serde). */
public final class PatientStates {

    private PatientStates() {
    }

    public static PatientState of(List<Sample> samples, List<Tracked> tracked, long lastReceivedAt) {
        return new PatientState(new java.util.ArrayList<>(samples), new java.util.ArrayList<>(tracked), lastReceivedAt);
    }
}
