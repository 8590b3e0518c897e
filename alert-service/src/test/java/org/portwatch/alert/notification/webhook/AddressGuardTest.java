package org.portwatch.alert.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.notification.webhook.AddressGuard.Reason;

class AddressGuardTest {

    private static final AddressGuard STRICT = new AddressGuard(false, List.of());

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** An IPv6 address built from its 16 bytes, so the JDK cannot turn ::ffff:a.b.c.d into IPv4 on parsing. */
    private static InetAddress v4Mapped(int a, int b, int c, int d) throws UnknownHostException {
        byte[] bytes = new byte[16];
        bytes[10] = (byte) 0xFF;
        bytes[11] = (byte) 0xFF;
        bytes[12] = (byte) a;
        bytes[13] = (byte) b;
        bytes[14] = (byte) c;
        bytes[15] = (byte) d;
        return java.net.Inet6Address.getByAddress(null, bytes, -1);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // IPv4
        "127.0.0.1, LOOPBACK",
        "127.255.255.254, LOOPBACK",
        "10.0.0.1, PRIVATE",
        "10.255.255.255, PRIVATE",
        "172.16.0.1, PRIVATE",
        "172.31.255.255, PRIVATE",
        "192.168.1.1, PRIVATE",
        "169.254.169.254, LINK_LOCAL",
        "169.254.0.1, LINK_LOCAL",
        "100.64.0.1, SHARED",
        "100.127.255.255, SHARED",
        "0.0.0.0, UNSPECIFIED",
        "0.1.2.3, UNSPECIFIED",
        "224.0.0.1, MULTICAST",
        "239.255.255.250, MULTICAST",
        "240.0.0.1, RESERVED",
        "255.255.255.255, RESERVED",
        "198.18.0.1, RESERVED",
        "192.0.0.8, RESERVED",
        // Issue 10: the IANA special-purpose blocks the guard used to miss
        "192.0.2.1, DOCUMENTATION",
        "198.51.100.7, DOCUMENTATION",
        "203.0.113.255, DOCUMENTATION",
        "192.88.99.1, TRANSITION",
        "198.19.255.255, RESERVED",
        // IPv6
        "::1, LOOPBACK",
        "::, UNSPECIFIED",
        "fc00::1, PRIVATE",
        "fd12:3456:789a::1, PRIVATE",
        "fec0::1, PRIVATE",
        "fe80::1, LINK_LOCAL",
        "febf:ffff::1, LINK_LOCAL",
        "ff02::1, MULTICAST",
        "ff05::1:3, MULTICAST",
        // IPv6 that carries IPv4: IPv4-compatible, NAT64, 6to4
        "::127.0.0.1, LOOPBACK",
        "::10.1.2.3, PRIVATE",
        "64:ff9b::169.254.169.254, LINK_LOCAL",
        "64:ff9b::a9fe:a9fe, LINK_LOCAL",
        "2002:0a00:0001::1, PRIVATE",
        "2002:7f00:0001::1, LOOPBACK",
        "2002:c000:0201::1, DOCUMENTATION",
        "::ffff:0:10.0.0.1, PRIVATE",
        // Teredo (its IPv4 end is obfuscated and behind a relay), NAT64 local-use, documentation, benchmarking, ORCHID,
        // SRv6, discard-only and anything outside 2000::/3
        "2001::1, TRANSITION",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2, TRANSITION",
        "64:ff9b:1::a00:1, TRANSITION",
        "64:ff9b:1:ffff::808:808, TRANSITION",
        "2001:db8::1, DOCUMENTATION",
        "3fff::1, DOCUMENTATION",
        "3fff:fff::1, DOCUMENTATION",
        "2001:2::1, RESERVED",
        "2001:10::1, RESERVED",
        "2001:2f::1, RESERVED",
        "5f00::1, RESERVED",
        "100::1, RESERVED",
        "4000::1, RESERVED",
        "fbff::1, RESERVED",
        "fe7f::1, RESERVED",
        "64:ff9b:2::1, RESERVED",
        // IPv4-mapped, as the JDK parses it (already IPv4)
        "::ffff:127.0.0.1, LOOPBACK",
        "::ffff:169.254.169.254, LINK_LOCAL",
        "::ffff:10.0.0.1, PRIVATE",
    })
    void shouldRefuseAddressesThatAreNotPublic(String address, Reason expected) {
        assertThat(STRICT.check(ip(address))).contains(expected);
    }

    @ParameterizedTest(name = "{0} is public")
    @CsvSource({
        "8.8.8.8", "1.1.1.1", "93.184.216.34", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1",
        "169.253.255.255", "192.169.0.1", "11.0.0.1", "223.255.255.255", "198.17.255.255", "198.20.0.1",
        "2001:4860:4860::8888", "2606:4700:4700::1111", "64:ff9b::8.8.8.8", "2002:0808:0808::1",
        "::ffff:8.8.8.8", "192.0.3.1", "198.51.101.1", "203.0.114.1", "192.88.98.1", "2001:1::5:1",
        "2001:30::1", "2001:4::1", "3fff:1000::1", "2001:200::1",
    })
    void shouldAllowPublicAddresses(String address) {
        assertThat(STRICT.check(ip(address))).isEmpty();
    }

    @Test
    void shouldSeeThroughIpv4MappedIpv6BuiltFromBytes() throws UnknownHostException {
        assertThat(STRICT.check(v4Mapped(127, 0, 0, 1))).contains(Reason.LOOPBACK);
        assertThat(STRICT.check(v4Mapped(169, 254, 169, 254))).contains(Reason.LINK_LOCAL);
        assertThat(STRICT.check(v4Mapped(192, 168, 0, 10))).contains(Reason.PRIVATE);
        assertThat(STRICT.check(v4Mapped(8, 8, 4, 4))).isEmpty();
    }

    @Test
    void shouldAllowLoopbackOnlyWhenConfiguredAndNothingElse() throws UnknownHostException {
        AddressGuard loopback = new AddressGuard(true, List.of());
        assertThat(loopback.check(ip("127.0.0.1"))).isEmpty();
        assertThat(loopback.check(ip("::1"))).isEmpty();
        assertThat(loopback.check(v4Mapped(127, 0, 0, 1))).isEmpty();
        assertThat(loopback.check(ip("10.0.0.1"))).contains(Reason.PRIVATE);
        assertThat(loopback.check(ip("169.254.169.254"))).contains(Reason.LINK_LOCAL);
        assertThat(loopback.check(ip("0.0.0.0"))).contains(Reason.UNSPECIFIED);
    }

    @Test
    void shouldAllowAddressesInsideAllowedNetworksOnly() throws UnknownHostException {
        AddressGuard opened = new AddressGuard(false, List.of("10.20.0.0/16", "fd00:1::/64", " 192.168.7.7/32 "));
        assertThat(opened.check(ip("10.20.3.4"))).isEmpty();
        assertThat(opened.check(v4Mapped(10, 20, 255, 255))).isEmpty();
        assertThat(opened.check(ip("10.21.0.1"))).contains(Reason.PRIVATE);
        assertThat(opened.check(ip("fd00:1::5"))).isEmpty();
        assertThat(opened.check(ip("fd00:2::5"))).contains(Reason.PRIVATE);
        assertThat(opened.check(ip("192.168.7.7"))).isEmpty();
        assertThat(opened.check(ip("192.168.7.8"))).contains(Reason.PRIVATE);
        assertThat(opened.check(ip("127.0.0.1"))).contains(Reason.LOOPBACK);
    }

    @Test
    void shouldRefuseInvalidAllowedNetworksAtStartup() {
        for (String invalid : new String[] {"10.0.0.0", "10.0.0.0/33", "fd00::/129", "intranet.local/16", "10.0.0.0/x", "/8"}) {
            assertThatThrownBy(() -> new AddressGuard(false, List.of(invalid))).as(invalid)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void shouldResolveLiteralsAndRefuseHostsThatDoNotResolve() {
        AddressGuard.Resolution loopback = STRICT.resolveBlocking("127.0.0.1");
        assertThat(loopback.allowed()).isFalse();
        assertThat(loopback.refusal()).isEqualTo(Reason.LOOPBACK);
        // The client learns that the address is not public, not which address nor what kind: a name refused is no
        // oracle for the internal network. The operator's log says both.
        assertThat(loopback.detail())
                .isEqualTo("The host 127.0.0.1 resolves to a non-public address; webhooks may only reach public addresses.");
        AddressGuard.Resolution named = STRICT.resolveBlocking("localhost");
        assertThat(named.allowed()).isFalse();
        assertThat(named.detail()).contains("localhost").contains("non-public")
                .doesNotContain("127.0.0.1").doesNotContain("::1").doesNotContain("loopback");
        assertThat(named.operatorDetail()).contains("loopback").containsAnyOf("127.0.0.1", "0:0:0:0:0:0:0:1");

        AddressGuard.Resolution bracketed = new AddressGuard(true, List.of()).resolveBlocking("[::1]");
        assertThat(bracketed.allowed()).isTrue();
        assertThat(bracketed.address()).isEqualTo(ip("::1"));

        // RFC 6761: .invalid never resolves.
        AddressGuard.Resolution unresolved = STRICT.resolveBlocking("webhook.invalid");
        assertThat(unresolved.refusal()).isEqualTo(Reason.UNRESOLVED);
        assertThat(unresolved.detail()).contains("does not resolve");
        assertThat(Optional.ofNullable(unresolved.refused())).isEmpty();
    }
}
