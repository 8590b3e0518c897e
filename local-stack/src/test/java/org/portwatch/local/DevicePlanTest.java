package org.portwatch.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DevicePlanTest {

    @Test
    void demoDevicesFirstThenOnePerSimulatedPatientSplitBetweenCareTeams() {
        List<DevicePlan.Planned> plan = DevicePlan.plan(5);
        assertThat(plan).hasSize(7);
        assertThat(plan.get(0)).isEqualTo(new DevicePlan.Planned("demo-device-1", "demo-patient-1",
                "oncology-day-unit", DevicePlan.DEMO_MODEL, false));
        assertThat(plan.get(1).deviceId()).isEqualTo("demo-device-2");
        assertThat(plan.get(1).careTeamId()).isEqualTo("home-dialysis");
        assertThat(plan.get(2)).isEqualTo(new DevicePlan.Planned("sim-patch-001", "sim-patient-001",
                "oncology-day-unit", DevicePlan.SIM_MODEL, true));
        assertThat(plan.get(6).patientId()).isEqualTo("sim-patient-005");
        assertThat(plan.subList(2, 7)).extracting(DevicePlan.Planned::careTeamId).containsExactly(
                "oncology-day-unit", "home-dialysis", "oncology-day-unit", "home-dialysis", "oncology-day-unit");
    }

    @Test
    void noSimulatedPatientsStillHasTheDemoDevices() {
        assertThat(DevicePlan.plan(0)).extracting(DevicePlan.Planned::deviceId)
                .containsExactly("demo-device-1", "demo-device-2");
    }
}
