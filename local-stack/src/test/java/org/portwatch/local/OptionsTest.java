package org.portwatch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void defaults() {
        Options o = Options.parse(List.of());
        assertThat(o).isEqualTo(new Options(20, true, 8080, 8081, false, 1000, false));
        assertThat(o.simulatedPatients()).isEqualTo(20);
    }

    @Test
    void everyFlagInBothForms() {
        Options o = Options.parse(List.of("--patients", "5", "--ingest-port", "9080", "--alert-port=9081",
                "--split-roles", "--management-port-offset", "50"));
        assertThat(o).isEqualTo(new Options(5, true, 9080, 9081, true, 50, false));
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
        assertThat(Options.parse(List.of("--patients", "5", "--help")).help()).isTrue();
    }

    @Test
    void usageIsGeneratedFromTheOptionsWithTheirDefaults() {
        assertThat(Options.USAGE).startsWith("Usage: ./run-local.sh")
                .contains("Starts Kafka, PostgreSQL, ingest-service and alert-service")
                .contains("--patients=N", "(default 20, at most 1000)")
                .contains("--no-simulator", "--ingest-port=P", "(default 8080;", "--alert-port=P", "(default 8081;")
                .contains("--management-port-offset=D", "(default 1000;")
                .contains("--help");
    }

    @Test
    void badFlagsAreUsageErrors() {
        assertUsage("Unknown options: '--patient', '3'", "--patient", "3");
        assertUsage("Missing required parameter for option '--patients'", "--patients");
        assertUsage("Expected parameter for option '--patients' but found '--no-simulator'", "--patients", "--no-simulator");
        assertUsage("Invalid value for option '--patients': 'many' is not an int", "--patients", "many");
        assertUsage("--patients must be between 0 and 1000, not -1", "--patients", "-1");
        assertUsage("--patients must be between 0 and 1000, not 1001", "--patients", "1001");
        assertUsage("--ingest-port must be between 1 and 65535, not 0", "--ingest-port", "0");
        assertUsage("--alert-port must be between 1 and 65535, not 70000", "--alert-port", "70000");
        assertUsage("must differ (both are 8081)", "--ingest-port", "8081");
        assertUsage("--management-port-offset must be between 1 and 10000, not 0", "--management-port-offset", "0");
        assertUsage("Invalid value for option '--no-simulator': 'yes' is not a boolean", "--no-simulator=yes");
        assertUsage("Unmatched argument at index 0: 'extra'", "extra");
    }

    private static void assertUsage(String message, String... args) {
        assertThatThrownBy(() -> Options.parse(List.of(args))).isInstanceOf(Options.UsageException.class)
                .hasMessageContaining(message);
    }
}
