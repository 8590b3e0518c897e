package org.portwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class OptionsTest {

    @Test
    void defaultsAreTheIssuesParameters() {
        Options o = Options.parse();
        assertThat(o.patients()).isEqualTo(100_000);
        assertThat(o.readingsPerPatient()).isEqualTo(20);
        assertThat(o.partitions()).isEqualTo(6);
        assertThat(o.rate()).isEqualTo(5000);
        assertThat(o.latencySeconds()).isEqualTo(60);
        assertThat(o.repeats()).isEqualTo(3);
        assertThat(o.historyMinutes()).isEqualTo(190);
        assertThat(o.replayMinutes()).isEqualTo(10);
        assertThat(o.replayReadings()).isEqualTo(1_200_000L);
        assertThat(Options.parse("--history-minutes", "0").replayReadings()).isEqualTo(2_000_000L);
        assertThat(o.liveReadings()).isEqualTo(300_000L);
        assertThat(o.profiles()).isTrue();
        assertThat(o.bootstrap()).isNull();
        assertThat(o.jsonOut()).isNull();
    }

    @Test
    void shouldTakeBothSpellingsOfAValue() {
        Options o = Options.parse("--patients", "1_000", "--readings-per-patient=7", "--bootstrap", "127.0.0.1:9092",
                "--json-out", "out/r.json", "--febrile-share", "0.1");
        assertThat(o.patients()).isEqualTo(1000);
        assertThat(o.readingsPerPatient()).isEqualTo(7);
        assertThat(o.bootstrap()).isEqualTo("127.0.0.1:9092");
        assertThat(o.jsonOut()).isEqualTo(Path.of("out/r.json"));
        assertThat(o.febrileShare()).isEqualTo(0.1);
    }

    @Test
    void shouldTakeBooleansBareNegatedOrWithAValue() {
        assertThat(Options.parse("--skip-live").skipLive()).isTrue();
        assertThat(Options.parse("--skip-live", "--patients", "5").skipLive()).isTrue();
        assertThat(Options.parse("--no-profiles").profiles()).isFalse();
        assertThat(Options.parse("--profiles", "false").profiles()).isFalse();
        assertThat(Options.parse("--profiles=true").profiles()).isTrue();
        assertThat(Options.parse("--profiles").profiles()).isTrue();
        assertThat(Options.parse("--skip-flood", "true").skipFlood()).isTrue();
        assertThat(Options.parse("--skip-flood=false").skipFlood()).isFalse();
        assertThat(Options.parse("--no-skip-flood").skipFlood()).isFalse();
    }

    @Test
    void shouldRefuseWhatItDoesNotKnowOrCannotUse() {
        assertThatThrownBy(() -> Options.parse("--patient", "5")).hasMessageContaining("Unknown options: '--patient'");
        assertThatThrownBy(() -> Options.parse("--patients", "0")).hasMessageContaining("--patients must be at least 1, got 0");
        assertThatThrownBy(() -> Options.parse("--repeats", "-1")).hasMessageContaining("--repeats must be 0 or more");
        assertThatThrownBy(() -> Options.parse("--rate", "3000000000")).hasMessageContaining("--rate must be at least 1");
        assertThatThrownBy(() -> Options.parse("--patients", "many"))
                .hasMessageContaining("'--patients': must be a whole number, got 'many'");
        assertThatThrownBy(() -> Options.parse("--rate")).hasMessageContaining("Missing required parameter for option '--rate'");
        assertThatThrownBy(() -> Options.parse("--rate", "--skip-live"))
                .hasMessageContaining("Expected parameter for option '--rate' but found '--skip-live'");
        assertThatThrownBy(() -> Options.parse("--febrile-share", "1.5")).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> Options.parse("--febrile-share", "some")).hasMessageContaining("'some' is not a double");
        assertThatThrownBy(() -> Options.parse("--bootstrap", "nohostport")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> Options.parse("extra")).hasMessageContaining("Unmatched argument at index 0: 'extra'");
        assertThatThrownBy(() -> Options.parse("--profiles", "maybe")).hasMessageContaining("Unmatched argument");
    }

    @Test
    void shouldTakeAnEmptyValueAsNone() {
        Options o = Options.parse("--bootstrap", "", "--git-commit", " ", "--jfr", "");
        assertThat(o.bootstrap()).isNull();
        assertThat(o.gitCommit()).isNull();
        assertThat(o.jfr()).isNull();
    }

    @Test
    void shouldDescribeEveryOptionWithItsDefaultInTheUsage() {
        CommandLine commandLine = Options.commandLine(new Options.Cli());
        for (OptionSpec option : commandLine.getCommandSpec().options()) {
            assertThat(option.description()).as(option.longestName()).isNotEmpty();
            assertThat(Options.USAGE).contains(option.negatable() ? option.longestName().replace("--", "--[no-]")
                    : option.longestName());
            if (option.defaultValue() != null && option.type() != boolean.class) {
                assertThat(Options.USAGE).as(option.longestName()).contains("(" + option.defaultValue() + ")");
            }
        }
        assertThat(Options.USAGE).startsWith("Usage: java -jar detection-benchmark.jar [options]")
                .contains("--max-minutes=N", "(22)").contains("--patients=N", "(100000)")
                .contains("broker --bootstrap-file FILE");
    }

    @Test
    void brokerModeRefusesABadCommandLineBeforeStartingABroker() {
        assertThat(BrokerMode.run(new String[] {"--max-minutes", "5"})).isEqualTo(2); // --bootstrap-file is required
        assertThat(BrokerMode.run(new String[] {"--bootstrap-file", "f", "--max-minutes", "soon"})).isEqualTo(2);
        assertThat(BrokerMode.run(new String[] {"--help"})).isZero();
    }
}
