package org.portwatch.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class WebhookReceiverTest {

    // The example of the Standard Webhooks specification and its reference libraries' tests.
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String TIMESTAMP = "1614265330";
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final Instant THEN = Instant.ofEpochSecond(1614265330);

    private final WebhookReceiver receiver = new WebhookReceiver(SECRET,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    @Test
    void shouldAcceptTheSpecificationsExampleSignature() {
        assertThat(receiver.verify(ID, TIMESTAMP, BODY, SIGNATURE, THEN)).isTrue();
        assertThat(receiver.verify(ID, TIMESTAMP, BODY, "v1,bm90IGl0 " + SIGNATURE, THEN)).isTrue();
    }

    @Test
    void shouldRefuseATamperedBodyIdOrTimestamp() {
        assertThat(receiver.verify(ID, TIMESTAMP, "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8), SIGNATURE,
                THEN)).isFalse();
        assertThat(receiver.verify("msg_other", TIMESTAMP, BODY, SIGNATURE, THEN)).isFalse();
        assertThat(receiver.verify(ID, "1614265331", BODY, SIGNATURE, THEN)).isFalse();
        assertThat(receiver.verify(ID, TIMESTAMP, BODY, null, THEN)).isFalse();
    }

    @Test
    void shouldRefuseADeliveryOutsideTheToleranceAsAReplay() {
        assertThat(receiver.verify(ID, TIMESTAMP, BODY, SIGNATURE, THEN.plusSeconds(301))).isFalse();
        assertThat(receiver.verify(ID, TIMESTAMP, BODY, SIGNATURE, THEN.plusSeconds(299))).isTrue();
    }

    @Test
    void shouldTakeTheScriptsOptions() {
        WebhookReceiver.Cli cli = new WebhookReceiver.Cli();
        new CommandLine(cli).parseArgs("--care-team", "team-a", "--port", "9100", "--escalation");
        assertThat(cli.port).isEqualTo(9100);
        assertThat(cli.careTeam).isEqualTo("team-a");
        assertThat(cli.escalation).isTrue();

        WebhookReceiver.Cli defaults = new WebhookReceiver.Cli();
        new CommandLine(defaults).parseArgs();
        assertThat(defaults.port).isEqualTo(9099);
        assertThat(defaults.careTeam).isNull();
        assertThat(defaults.escalation).isFalse();
    }

    @Test
    void shouldAnswerABadCommandLineWithItsUsageAndExitCode2() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new WebhookReceiver.Cli()).setErr(new PrintWriter(err));
        assertThat(commandLine.execute("--port", "many")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--port': 'many' is not an int")
                .contains("Usage: ./webhook-receiver.sh", "--care-team=ID", "--escalation");
        assertThat(new CommandLine(new WebhookReceiver.Cli()).setErr(new PrintWriter(new StringWriter()))
                .execute("--bogus")).isEqualTo(2);
    }
}
