package org.portwatch.loadgen;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.TypeConversionException;

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
                "--timeout", "2s", "--progress", "0", "--json", "--nio", "--format", "fhir",
                "--devices-file", "/tmp/d.tsv", "--prime-url", "http://127.0.0.1:8090", "--prime", "20s",
                "--start-when-ready", "http://127.0.0.1:9080/q/health/ready", "--fever-share", "0.02");
        assertThat(o).isEqualTo(new Options("http://127.0.0.1:8080", Path.of("/tmp/c.json"), 1000, 250, 100, 4000.0,
                128, 3, Duration.ofSeconds(45), Duration.ofMillis(500), true, Duration.ofSeconds(2), Duration.ZERO, true,
                Format.FHIR, Path.of("/tmp/d.tsv"), "http://127.0.0.1:8090", Duration.ofSeconds(20),
                "http://127.0.0.1:9080/q/health/ready", 0.02));
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
        DurationConverter durations = new DurationConverter();
        assertThat(durations.convert("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(durations.convert("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(durations.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(durations.convert("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(durations.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(durations.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(durations.convert(" 2M ")).isEqualTo(Duration.ofMinutes(2));
        assertThat(durations.convert("0")).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> durations.convert("soon")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("not a duration: soon");
        assertThatThrownBy(() -> durations.convert("-5s")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> durations.convert("2d")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> durations.convert("48h")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("too long");
        // On the command line the option's name comes with it.
        assertUsage("'--duration': not a duration: soon", "--duration", "soon");
        assertUsage("'--warmup': too long: 48h", "--warmup", "48h");
    }

    @Test
    void badCommandLines() {
        assertUsage("Unknown options: '--bogus', '1'", "--bogus", "1");
        assertUsage("Missing required parameter for option '--batch'", "--batch");
        assertUsage("Expected parameter for option '--batch' but found '--json'", "--batch", "--json");
        assertUsage("Unmatched argument at index 0: 'extra'", "extra");
        assertUsage("--batch must be 1..500", "--batch", "0");
        assertUsage("--fever-share must be 0..1", "--fever-share", "1.5");
        assertUsage("--fever-share must be 0..1", "--fever-share", "-0.1");
        assertUsage("--fever-share must be 0..1", "--fever-share", "NaN");
        assertUsage("--batch must be 1..500", "--batch", "501");
        assertUsage("--devices must be at least 1", "--devices", "0");
        assertUsage("--patients must not be negative", "--patients", "-1");
        assertUsage("--rate must be 0", "--rate", "-1");
        assertUsage("'--connections': not a whole number: many", "--connections", "many");
        assertUsage("'--rate': not a number: fast", "--rate", "fast");
        assertUsage("--connections must be 1..10000", "--connections", "10001");
        assertUsage("--threads must be 1..64", "--threads", "65");
        assertUsage("--duration must be positive", "--duration", "0s");
        assertUsage("'--warmup': not a duration: -1s", "--warmup", "-1s");
        assertUsage("at most 30 minutes", "--duration", "25m", "--warmup", "6m");
        assertUsage("--timeout must be positive", "--timeout", "0");
        assertUsage("--url must be an http:// URL", "--url", "https://127.0.0.1:8443");
        assertUsage("Invalid value for option '--json': 'yes' is not a boolean", "--json=yes");
    }

    @Test
    void helpIsNotAnError() {
        assertThatThrownBy(() -> Options.parse("--devices", "3", "--help")).isInstanceOf(Options.HelpRequested.class);
        assertThatThrownBy(() -> Options.parse("-h")).isInstanceOf(Options.HelpRequested.class);
    }

    @Test
    void usageIsGeneratedFromTheOptionsWithTheirDefaults() {
        assertThat(Options.USAGE).startsWith("Usage: java -jar load-generator.jar")
                .contains("--batch=B", "readings per request, 1..500 (default 1)")
                .contains("--connections=C", "(default 64)")
                .contains("--duration=D", "(default 30s)")
                .contains("--credentials=FILE", "(default .local/credentials.json)")
                .contains("--rate=R", "--warmup=D", "--timeout=D", "--progress=D", "--json", "--nio", "--help")
                .contains("Load goes to loopback addresses only");
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
