package org.portwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

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
    }

    @Test
    void shouldRefuseWhatItDoesNotKnowOrCannotUse() {
        assertThatThrownBy(() -> Options.parse("--patient", "5")).hasMessageContaining("unknown option --patient");
        assertThatThrownBy(() -> Options.parse("--patients", "0")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Options.parse("--patients", "many")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> Options.parse("--rate")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> Options.parse("--febrile-share", "1.5")).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> Options.parse("--bootstrap", "nohostport")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> Options.parse("extra")).hasMessageContaining("unexpected argument");
        assertThatThrownBy(() -> Options.parse("--profiles", "maybe")).hasMessageContaining("unexpected argument");
    }

    @Test
    void shouldListEveryOptionInTheUsage() {
        for (String name : Options.DEFAULTS.keySet()) {
            assertThat(Options.USAGE).contains("--" + name.replace("profiles", "[no-]profiles"));
        }
    }
}
