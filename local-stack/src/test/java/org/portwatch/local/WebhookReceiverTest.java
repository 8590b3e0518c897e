package org.portwatch.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

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
}
