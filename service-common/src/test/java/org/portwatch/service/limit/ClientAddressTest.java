package org.portwatch.service.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    /** An ingress controller's pod network and a load balancer's address. */
    private final ClientAddress behindProxies = new ClientAddress(List.of("10.42.0.0/16", "192.0.2.10"));
    private final ClientAddress direct = new ClientAddress(List.of());

    @Test
    void shouldUseTheConnectionsAddressAndIgnoreForwardedForFromAnyoneElse() {
        assertThat(direct.key("203.0.113.7", List.of())).isEqualTo("203.0.113.7");
        assertThat(direct.key("203.0.113.7", List.of("198.51.100.1"))).isEqualTo("203.0.113.7");
        // A client that is not a trusted proxy cannot pick its address by header.
        assertThat(behindProxies.key("203.0.113.7", List.of("198.51.100.1"))).isEqualTo("203.0.113.7");
    }

    @Test
    void shouldTakeTheRightMostAddressNoTrustedProxyWrote() {
        assertThat(behindProxies.key("10.42.3.4", List.of("198.51.100.1"))).isEqualTo("198.51.100.1");
        // The client wrote 1.2.3.4 itself; the load balancer and the ingress appended what they saw.
        assertThat(behindProxies.key("10.42.3.4", List.of("1.2.3.4, 198.51.100.1, 192.0.2.10")))
                .isEqualTo("198.51.100.1");
        assertThat(behindProxies.key("10.42.3.4", List.of("1.2.3.4", "198.51.100.1"))).isEqualTo("198.51.100.1");
        // Only proxies in the chain: the left-most is the best anyone can say.
        assertThat(behindProxies.key("10.42.3.4", List.of("10.42.9.9"))).isEqualTo("10.42.9.9");
        // No header: the proxy itself.
        assertThat(behindProxies.key("10.42.3.4", List.of())).isEqualTo("10.42.3.4");
    }

    @Test
    void shouldNeverResolveNamesAndStopAtGarbage() {
        assertThat(behindProxies.key("10.42.3.4", List.of("evil.example.com"))).isEqualTo("10.42.3.4");
        assertThat(behindProxies.key("10.42.3.4", List.of("198.51.100.1, unknown, 192.0.2.10"))).isEqualTo("192.0.2.10");
        assertThat(behindProxies.key("10.42.3.4", List.of("[2001:db8::1]"))).isEqualTo("2001:db8::/64");
    }

    @Test
    void shouldKeyAnIpv6ClientByItsSlash64AndAMappedIpv4ByItsIpv4() {
        assertThat(direct.key("2001:db8:1:2:aaaa::1", List.of())).isEqualTo(direct.key("2001:db8:1:2:ffff::9", List.of()));
        assertThat(direct.key("2001:db8:1:2::1", List.of())).isNotEqualTo(direct.key("2001:db8:1:3::1", List.of()));
        assertThat(direct.key("::ffff:203.0.113.7", List.of())).isEqualTo("203.0.113.7");
    }

    @Test
    void shouldRefuseATrustedProxyListItCannotRead() {
        assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/33"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientAddress(List.of("proxy.internal"))).isInstanceOf(IllegalArgumentException.class);
    }
}
