package org.portwatch.alert.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    /*
     * The published test vector of the Standard Webhooks reference libraries: standard-webhooks/standard-webhooks,
     * libraries/java/src/test/java/com/standardwebhooks/WebhookTest.java, verifyWebhookSignWorks()
     * (commit 14ae328070656be4fc19c75998cabda8eddbbe29); the other languages' tests use the same values.
     */
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String MESSAGE_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final String PAYLOAD = "{\"test\": 2432232314}";
    private static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static final Instant AT_SIGNING = Instant.ofEpochSecond(TIMESTAMP);
    private static final Duration TOLERANCE = WebhookSignature.DEFAULT_TOLERANCE;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldSignThePublishedTestVectorExactly() {
        assertThat(WebhookSignature.sign(SECRET, MESSAGE_ID, TIMESTAMP, PAYLOAD)).isEqualTo(EXPECTED);
        // The reference libraries accept the secret without its prefix too.
        assertThat(WebhookSignature.sign(SECRET.substring("whsec_".length()), MESSAGE_ID, TIMESTAMP, PAYLOAD))
                .isEqualTo(EXPECTED);
    }

    @Test
    void shouldVerifyThePublishedTestVector() {
        assertThat(WebhookSignature.verify(SECRET, MESSAGE_ID, Long.toString(TIMESTAMP), bytes(PAYLOAD), EXPECTED,
                AT_SIGNING, TOLERANCE)).isTrue();
    }

    @Test
    void shouldRefuseATamperedBodyIdOrTimestamp() {
        String ts = Long.toString(TIMESTAMP);
        assertThat(WebhookSignature.verify(SECRET, MESSAGE_ID, ts, bytes("{\"test\": 2432232315}"), EXPECTED,
                AT_SIGNING, TOLERANCE)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, "msg_other", ts, bytes(PAYLOAD), EXPECTED, AT_SIGNING, TOLERANCE))
                .isFalse();
        // A timestamp moved by one second, still within the tolerance: the signature no longer matches.
        assertThat(WebhookSignature.verify(SECRET, MESSAGE_ID, Long.toString(TIMESTAMP + 1), bytes(PAYLOAD), EXPECTED,
                AT_SIGNING, TOLERANCE)).isFalse();
    }

    @Test
    void shouldRefuseAnotherSecret() {
        String other = WebhookSignature.newSecret();
        assertThat(WebhookSignature.verify(other, MESSAGE_ID, Long.toString(TIMESTAMP), bytes(PAYLOAD), EXPECTED,
                AT_SIGNING, TOLERANCE)).isFalse();
    }

    @Test
    void shouldRefuseATimestampOutsideTheToleranceEitherWay() {
        String ts = Long.toString(TIMESTAMP);
        assertThat(WebhookSignature.verify(SECRET, MESSAGE_ID, ts, bytes(PAYLOAD), EXPECTED,
                AT_SIGNING.plus(TOLERANCE), TOLERANCE)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, MESSAGE_ID, ts, bytes(PAYLOAD), EXPECTED,
                AT_SIGNING.plus(TOLERANCE).plusSeconds(1), TOLERANCE)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, MESSAGE_ID, ts, bytes(PAYLOAD), EXPECTED,
                AT_SIGNING.minus(TOLERANCE).minusSeconds(1), TOLERANCE)).isFalse();
    }

    @Test
    void shouldAcceptAnyOfSeveralSignaturesButOnlyVersionOne() {
        String ts = Long.toString(TIMESTAMP);
        String signature = EXPECTED.substring(3);
        assertThat(WebhookSignature.verify(SECRET, MESSAGE_ID, ts, bytes(PAYLOAD),
                "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= " + EXPECTED, AT_SIGNING, TOLERANCE)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, MESSAGE_ID, ts, bytes(PAYLOAD), "v2," + signature, AT_SIGNING,
                TOLERANCE)).isFalse();
        for (String malformed : new String[] {"", "garbage", "v1,", "v1,not base64!", signature}) {
            assertThat(WebhookSignature.verify(SECRET, MESSAGE_ID, ts, bytes(PAYLOAD), malformed, AT_SIGNING, TOLERANCE))
                    .as(malformed).isFalse();
        }
        assertThat(WebhookSignature.verify(SECRET, MESSAGE_ID, "not-a-number", bytes(PAYLOAD), EXPECTED, AT_SIGNING,
                TOLERANCE)).isFalse();
    }

    @Test
    void shouldIssueSecretsOfThirtyTwoRandomBytesInWhsecFormat() {
        String first = WebhookSignature.newSecret();
        String second = WebhookSignature.newSecret();
        assertThat(first).startsWith("whsec_").isNotEqualTo(second);
        assertThat(Base64.getDecoder().decode(first.substring("whsec_".length()))).hasSize(32);
        long now = Instant.now().getEpochSecond();
        String signature = WebhookSignature.sign(first, "n-1", now, bytes("{}"));
        assertThat(WebhookSignature.verify(first, "n-1", Long.toString(now), bytes("{}"), signature)).isTrue();
    }
}
