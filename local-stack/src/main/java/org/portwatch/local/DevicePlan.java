package org.portwatch.local;

import java.util.ArrayList;
import java.util.List;

/**
 * The devices the local stack registers: one per simulated patient ({@code sim-patient-NNN} /
 * {@code sim-patch-NNN}) and two demo devices for a person to try with curl, which the simulator
 * leaves alone. Patients are split between the two care teams.
 */
final class DevicePlan {

    static final String ONCOLOGY = "oncology-day-unit";
    static final String DIALYSIS = "home-dialysis";
    static final List<String> CARE_TEAMS = List.of(ONCOLOGY, DIALYSIS);

    static final String SIM_MODEL = "PortWatch SimPatch";
    static final String DEMO_MODEL = "PortWatch Demo";

    /** A device to register. */
    record Planned(String deviceId, String patientId, String careTeamId, String model, boolean simulated) {
    }

    private DevicePlan() {
    }

    /** The demo devices first, then {@code simulatedPatients} simulated ones. */
    static List<Planned> plan(int simulatedPatients) {
        List<Planned> devices = new ArrayList<>(simulatedPatients + 2);
        devices.add(new Planned("demo-device-1", "demo-patient-1", ONCOLOGY, DEMO_MODEL, false));
        devices.add(new Planned("demo-device-2", "demo-patient-2", DIALYSIS, DEMO_MODEL, false));
        for (int i = 1; i <= simulatedPatients; i++) {
            String n = String.format("%03d", i);
            devices.add(new Planned("sim-patch-" + n, "sim-patient-" + n, CARE_TEAMS.get((i - 1) % CARE_TEAMS.size()),
                    SIM_MODEL, true));
        }
        return devices;
    }

    /** The clinician subject of a care team's token. */
    static String clinicianOf(String careTeamId) {
        return "clinician-" + careTeamId;
    }
}
