package org.portwatch.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes the keys of dev issuers ({@link DevJwtIssuer}) as a JSON Web Key Set over HTTP on loopback, as a
 * hospital's identity provider publishes its JWKS, so the local run and the tests verify tokens the way production
 * does: by {@code kid} from a key set fetched and cached by smallrye-jwt ({@code mp.jwt.verify.publickey.location} =
 * {@link #url()}). The set can be replaced while the services run ({@link #publish}): a key rotation.
 *
 * <p>Every answer says {@code Cache-Control: max-age} of the given duration; smallrye-jwt (jose4j) keeps the set
 * that long before it fetches it again, and fetches at once when a token names a key id it does not hold.
 */
public final class DevJwksServer implements AutoCloseable {

    /** The path of the key set, as OpenID Connect providers commonly serve it. */
    public static final String PATH = "/.well-known/jwks.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final AtomicReference<byte[]> keySet;

    /**
     * Only JDK types cross this constructor, so a copy of this class in another class loader can wrap the same
     * server (see {@code org.portwatch.infra.testing.SharedInfra}).
     */
    private DevJwksServer(HttpServer server, AtomicReference<byte[]> keySet) {
        this.server = server;
        this.keySet = keySet;
    }

    /**
     * Serves the keys of {@code issuers} on a free loopback port, each answer cacheable for {@code maxAge}
     * (whole seconds, at least 1).
     */
    public static DevJwksServer start(Duration maxAge, DevJwtIssuer... issuers) {
        return start(0, maxAge, issuers);
    }

    /** As {@link #start(Duration, DevJwtIssuer...)} on {@code port} (0: any free one). */
    public static DevJwksServer start(int port, Duration maxAge, DevJwtIssuer... issuers) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            DevJwksServer jwks = new DevJwksServer(http, new AtomicReference<>());
            jwks.publish(issuers);
            String cacheControl = "max-age=" + Math.max(1, maxAge.toSeconds());
            http.createContext(PATH, exchange -> {
                try (exchange) {
                    if (!"GET".equals(exchange.getRequestMethod())) {
                        exchange.sendResponseHeaders(405, -1);
                        return;
                    }
                    byte[] body = jwks.keySet.get();
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.getResponseHeaders().set("Cache-Control", cacheControl);
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            });
            http.start();
            return jwks;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the JWKS server", e);
        }
    }

    /** Replaces the published key set with the keys of {@code issuers} (in this order). */
    public void publish(DevJwtIssuer... issuers) {
        List<Map<String, String>> keys = java.util.Arrays.stream(issuers).map(DevJwtIssuer::jwk).toList();
        try {
            keySet.set(JSON.writeValueAsString(Map.of("keys", keys)).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** e.g. {@code http://127.0.0.1:41234/.well-known/jwks.json}: the services' {@code mp.jwt.verify.publickey.location}. */
    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort() + PATH;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    @Override
    public String toString() {
        return "DevJwksServer[" + url() + "]";
    }
}
