package org.portwatch.loadgen;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTest {

    @Test
    void defaultsWithoutArguments() {
        Options o = Options.parse();
        assertThat(o.url()).isNull();
        assertThat(o.credentials()).isEqualTo(Path.of(".local/credentials.json"));
        assertThat(o.devices()).isEqualTo(100);
        assertThat(o.batch()).isEqualTo(1);
        assertThat(o.rate()).isZero();
        assertThat(o.connections()).isEqualTo(64);
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.warmup()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.json()).isFalse();
        assertThat(o.nio()).isFalse();
        assertThat(o.effectivePatients()).isEqualTo(100);
    }

    @Test
    void everyOption() {
        Options o = Options.parse("--url", "http://127.0.0.1:8080", "--credentials", "/tmp/c.json",
                "--devices", "1000", "--patients", "250", "--batch", "100", "--rate", "4000",
                "--connections", "128", "--threads", "3", "--duration", "45s", "--warmup", "500ms",
                "--timeout", "2s", "--progress", "0", "--json", "--nio");
        assertThat(o).isEqualTo(new Options("http://127.0.0.1:8080", Path.of("/tmp/c.json"), 1000, 250, 100, 4000.0,
                128, 3, Duration.ofSeconds(45), Duration.ofMillis(500), true, Duration.ofSeconds(2), Duration.ZERO, true));
        assertThat(o.effectivePatients()).isEqualTo(250);
        assertThat(o.ratePerDevice()).isEqualTo(4.0);
    }

    @Test
    void equalsFormAndUnderscores() {
        Options o = Options.parse("--devices=1_000", "--rate=2500.5", "--duration=2m");
        assertThat(o.devices()).isEqualTo(1000);
        assertThat(o.rate()).isEqualTo(2500.5);
        assertThat(o.duration()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void durations() {
        assertThat(Options.parseDuration("x", "30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Options.parseDuration("x", "30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Options.parseDuration("x", "1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Options.parseDuration("x", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Options.parseDuration("x", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Options.parseDuration("x", "1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Options.parseDuration("x", "0")).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> Options.parseDuration("--duration", "soon"))
                .isInstanceOf(Options.UsageException.class).hasMessageContaining("--duration");
        assertThatThrownBy(() -> Options.parseDuration("--duration", "-5s")).isInstanceOf(Options.UsageException.class);
        assertThatThrownBy(() -> Options.parseDuration("--duration", "2d")).isInstanceOf(Options.UsageException.class);
        assertThatThrownBy(() -> Options.parseDuration("--duration", "48h")).isInstanceOf(Options.UsageException.class);
    }

    @Test
    void badCommandLines() {
        assertUsage("unknown option: --bogus", "--bogus", "1");
        assertUsage("--batch needs a value", "--batch");
        assertUsage("unexpected argument: extra", "extra");
        assertUsage("--batch must be 1..500", "--batch", "0");
        assertUsage("--batch must be 1..500", "--batch", "501");
        assertUsage("--devices must be at least 1", "--devices", "0");
        assertUsage("--rate must be 0", "--rate", "-1");
        assertUsage("not a whole number", "--connections", "many");
        assertUsage("--duration must be positive", "--duration", "0s");
        assertUsage("at most 30 minutes", "--duration", "25m", "--warmup", "6m");
        assertUsage("--url must be an http:// URL", "--url", "https://127.0.0.1:8443");
        assertUsage("--json takes no value", "--json=yes");
    }

    @Test
    void helpIsNotAnError() {
        assertThatThrownBy(() -> Options.parse("--devices", "3", "--help")).isInstanceOf(Options.HelpRequested.class);
        assertThat(Options.USAGE).contains("--batch", "--rate", "--connections", "--duration", "--warmup", "--json");
    }

    @Test
    void warnsWhenAFixedRateExceedsThePerDeviceLimit() {
        assertThat(Options.parse("--rate", "8000", "--devices", "400").rateLimitWarning()).isNull(); // 20/s is allowed
        assertThat(Options.parse("--rate", "8000", "--devices", "300").rateLimitWarning())
                .contains("26.7 req/s per device").contains("--devices 400 or more");
        assertThat(Options.parse("--rate", "8000", "--devices", "1000").rateLimitWarning()).isNull();
        assertThat(Options.parse("--rate", "0", "--devices", "1").rateLimitWarning()).isNull();
    }

    private static void assertUsage(String message, String... args) {
        assertThatThrownBy(() -> Options.parse(args))
                .isInstanceOf(Options.UsageException.class)
                .hasMessageContaining(message);
    }
}
