package org.portwatch.alert.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookUrlTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "'', REQUIRED",
        "ftp://example.org/hook, INVALID_URL",
        "/relative/hook, INVALID_URL",
        "mailto:ops@example.org, INVALID_URL",
        "'http://exa mple.org/', INVALID_URL",
        "https://user:pw@example.org/hook, USERINFO_NOT_ALLOWED",
        "https://token@example.org/hook, USERINFO_NOT_ALLOWED",
        "http:///no-host, HOST_REQUIRED",
        "https://under_score.example.org/, HOST_REQUIRED",
    })
    void shouldRefuseUrlsWeDoNotSendTo(String url, String reason) {
        WebhookUrl.Parsed parsed = WebhookUrl.parse(url);
        assertThat(parsed.url()).isNull();
        assertThat(parsed.error().field()).isEqualTo("url");
        assertThat(parsed.error().reason()).isEqualTo(reason);
    }

    @Test
    void shouldRefuseUrlsLongerThanTwoThousandCharacters() {
        String base = "https://example.org/";
        assertThat(WebhookUrl.parse(base + "a".repeat(2000 - base.length())).url()).isNotNull();
        assertThat(WebhookUrl.parse(base + "a".repeat(2001 - base.length())).error().reason()).isEqualTo("TOO_LONG");
    }

    @Test
    void shouldKnowPortHostAndRequestTarget() {
        WebhookUrl https = WebhookUrl.parse("HTTPS://Pager.example.org/hooks/a%20b?team=x&y=1").url();
        assertThat(https.tls()).isTrue();
        assertThat(https.port()).isEqualTo(443);
        assertThat(https.requestUri()).isEqualTo("/hooks/a%20b?team=x&y=1");

        WebhookUrl plain = WebhookUrl.parse("http://[::1]:8089").url();
        assertThat(plain.tls()).isFalse();
        assertThat(plain.port()).isEqualTo(8089);
        assertThat(plain.host()).isEqualTo("[::1]");
        assertThat(plain.hostName()).isEqualTo("::1");
        assertThat(plain.requestUri()).isEqualTo("/");
    }
}
