package org.portwatch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void defaults() {
        Options o = Options.parse(List.of());
        assertThat(o).isEqualTo(new Options(20, true, 8080, 8081, false));
        assertThat(o.simulatedPatients()).isEqualTo(20);
    }

    @Test
    void everyFlagInBothForms() {
        Options o = Options.parse(List.of("--patients", "5", "--ingest-port", "9080", "--alert-port=9081"));
        assertThat(o).isEqualTo(new Options(5, true, 9080, 9081, false));
        assertThat(Options.parse(List.of("--patients=0")).simulatedPatients()).isZero();
    }

    @Test
    void noSimulatorMeansNoSimulatedPatients() {
        Options o = Options.parse(List.of("--no-simulator", "--patients", "50"));
        assertThat(o.simulator()).isFalse();
        assertThat(o.simulatedPatients()).isZero();
    }

    @Test
    void help() {
        assertThat(Options.parse(List.of("--help")).help()).isTrue();
        assertThat(Options.parse(List.of("-h")).help()).isTrue();
        assertThat(Options.USAGE).contains("--patients", "--no-simulator", "--ingest-port", "--alert-port", "--help");
    }

    @Test
    void badFlagsAreUsageErrors() {
        assertThatThrownBy(() -> Options.parse(List.of("--patient", "3"))).isInstanceOf(Options.UsageException.class)
                .hasMessageContaining("unknown option: --patient");
        assertThatThrownBy(() -> Options.parse(List.of("--patients"))).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> Options.parse(List.of("--patients", "--no-simulator"))).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> Options.parse(List.of("--patients", "many"))).hasMessageContaining("whole number");
        assertThatThrownBy(() -> Options.parse(List.of("--patients", "-1"))).hasMessageContaining("between 0 and 1000");
        assertThatThrownBy(() -> Options.parse(List.of("--patients", "1001"))).hasMessageContaining("between 0 and 1000");
        assertThatThrownBy(() -> Options.parse(List.of("--ingest-port", "0"))).hasMessageContaining("between 1 and 65535");
        assertThatThrownBy(() -> Options.parse(List.of("--alert-port", "70000"))).hasMessageContaining("between 1 and 65535");
        assertThatThrownBy(() -> Options.parse(List.of("--ingest-port", "8081"))).hasMessageContaining("must differ");
        assertThatThrownBy(() -> Options.parse(List.of("--no-simulator=yes"))).hasMessageContaining("takes no value");
        assertThatThrownBy(() -> Options.parse(List.of("extra"))).hasMessageContaining("unknown option: extra");
    }
}
