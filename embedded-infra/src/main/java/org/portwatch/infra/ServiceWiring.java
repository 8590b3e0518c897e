package org.portwatch.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How a packaged service (quarkus-run.jar, run as a child process) is pointed at the embedded infrastructure,
 * and kept from outliving the process that started it. Shared by the local run's launcher and the end-to-end
 * tests, so both start the services the same way.
 */
public final class ServiceWiring {

    /**
     * Where available ({@code setpriv} of util-linux), a prefix that makes the kernel send the child SIGTERM when
     * its parent dies, even by SIGKILL, so a killed launcher or test JVM leaves no service running; else empty.
     */
    public static final List<String> DIE_WITH_PARENT = detectDieWithParent();

    private ServiceWiring() {
    }

    /**
     * The system properties of a service serving its API on {@code port} and its health, metrics and OpenAPI on
     * {@code managementPort} (both loopback only), using {@code kafka}, database {@code database} of
     * {@code postgres}, and tokens of {@code issuer} verified with the keys at {@code keyLocation}: the URL of a
     * JWKS ({@link DevJwksServer#url()}, as production fetches its identity provider's) or a PEM file.
     */
    public static Map<String, String> properties(int port, int managementPort, EmbeddedKafka kafka,
            EmbeddedPostgresServer postgres, String database, String keyLocation, String issuer) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("quarkus.http.port", Integer.toString(port));
        // Dev credentials on a laptop or a CI box: listen on this machine only.
        props.put("quarkus.http.host", "127.0.0.1");
        // The packaged services serve /q/* on a management port of their own (production: never on the public one).
        props.put("quarkus.management.port", Integer.toString(managementPort));
        props.put("quarkus.management.host", "127.0.0.1");
        props.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        props.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(database));
        props.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
        props.put("quarkus.datasource.username", postgres.username());
        props.put("quarkus.datasource.password", postgres.password());
        props.put("mp.jwt.verify.publickey.location", keyLocation);
        props.put("mp.jwt.verify.issuer", issuer);
        return props;
    }

    private static List<String> detectDieWithParent() {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path setpriv = Path.of(dir, "setpriv");
            if (Files.isExecutable(setpriv)) {
                List<String> prefix = List.of(setpriv.toString(), "--pdeathsig", "TERM", "--");
                try {
                    List<String> probe = new ArrayList<>(prefix);
                    probe.add("true");
                    Process p = new ProcessBuilder(probe).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                        return prefix;
                    }
                    p.destroyForcibly();
                } catch (IOException e) {
                    return List.of();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return List.of();
                }
            }
        }
        return List.of();
    }
}
