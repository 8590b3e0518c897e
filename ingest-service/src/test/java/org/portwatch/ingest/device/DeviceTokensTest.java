package org.portwatch.ingest.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeviceTokensTest {

    @Test
    void shouldIssueDistinctWellFormedTokensOf256Bits() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = DeviceTokens.newToken();
            assertThat(DeviceTokens.wellFormed(token)).isTrue();
            tokens.add(token);
        }
        assertThat(tokens).hasSize(1000);
    }

    @Test
    void shouldHashDeterministicallyToSha256Hex() {
        assertThat(DeviceTokens.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void shouldRefuseStringsThatCannotBeTokens() {
        assertThat(DeviceTokens.wellFormed(null)).isFalse();
        assertThat(DeviceTokens.wellFormed("")).isFalse();
        assertThat(DeviceTokens.wellFormed("eyJhbGciOiJSUzI1NiJ9.e30.sig")).isFalse();
        assertThat(DeviceTokens.wellFormed(DeviceTokens.PREFIX + "ä".repeat(43))).isFalse();
        assertThat(DeviceTokens.wellFormed(DeviceTokens.newToken() + "x")).isFalse();
    }
}
