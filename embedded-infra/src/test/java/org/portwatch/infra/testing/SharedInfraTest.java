package org.portwatch.infra.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;

/**
 * The test resources, and the promise that a test JVM starts each piece once even when Quarkus
 * loads this module again in another class loader (one per test profile).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SharedInfraTest {

    /** A stand-in for a Quarkus application class loader: same jars, nothing shared but the JDK. */
    private static URLClassLoader isolated;

    @BeforeAll
    static void isolatedLoader() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(new File(entry).toURI().toURL());
        }
        isolated = new URLClassLoader("isolated-app", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    @AfterAll
    static void closeLoader() throws Exception {
        isolated.close();
    }

    @Test
    void sameInstancesOnEveryCall() {
        assertSame(SharedInfra.jwt(), SharedInfra.jwt());
        assertSame(SharedInfra.postgres(), SharedInfra.postgres());
        assertEquals(SharedInfra.JWT_ISSUER, SharedInfra.jwt().issuer());
    }

    @Test
    void kafkaResourceHandsOutTheSharedBroker() throws Exception {
        // First use from an application class loader (as under @QuarkusTest): the broker is
        // started by the system-class-loader copy, whatever the caller's context class loader.
        Map<String, String> fromOtherLoader = startResource(KafkaTestResource.class, Map.of());

        Map<String, String> config = new KafkaTestResource().start();
        assertEquals(Map.of("kafka.bootstrap.servers", SharedInfra.kafka().bootstrapServers()), config);
        // The same broker, not a second one.
        assertEquals(config, fromOtherLoader);
    }

    @Test
    void postgresResourceCreatesTheRequestedDatabaseOnTheSharedServer() throws Exception {
        Map<String, String> config = startResource(PostgresTestResource.class, Map.of("database", "alerts_it"));
        int port = SharedInfra.postgres().port();
        assertEquals("postgresql://127.0.0.1:" + port + "/alerts_it", config.get("quarkus.datasource.reactive.url"));
        assertEquals("jdbc:postgresql://127.0.0.1:" + port + "/alerts_it", config.get("quarkus.datasource.jdbc.url"));
        assertEquals("postgres", config.get("quarkus.datasource.username"));
        assertEquals("postgres", config.get("quarkus.datasource.password"));
        try (Connection c = DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
                config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"));
                ResultSet rs = c.createStatement().executeQuery("SELECT current_database()")) {
            assertTrue(rs.next());
            assertEquals("alerts_it", rs.getString(1));
        }

        PostgresTestResource defaults = new PostgresTestResource();
        defaults.init(Map.of());
        assertTrue(defaults.start().get("quarkus.datasource.jdbc.url").endsWith("/" + PostgresTestResource.DEFAULT_DATABASE));
    }

    @Test
    void jwtResourceTrustsTheSharedIssuerFromAnyClassLoader() throws Exception {
        Map<String, String> config = startResource(JwtTestResource.class, Map.of());
        assertEquals(SharedInfra.JWT_ISSUER, config.get("mp.jwt.verify.issuer"));
        assertEquals(SharedInfra.jwks().url(), config.get("mp.jwt.verify.publickey.location"));

        // A token minted by the other loader's SharedInfra.jwt() verifies with this loader's key.
        Class<?> otherShared = isolated.loadClass(SharedInfra.class.getName());
        assertNotSame(SharedInfra.class, otherShared);
        // As in a Quarkus test, the context class loader is the application's (smallrye-jwt-build
        // finds its MicroProfile Config implementation through it).
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        String token;
        thread.setContextClassLoader(isolated);
        try {
            Object otherIssuer = otherShared.getMethod("jwt").invoke(null);
            token = (String) otherIssuer.getClass().getMethod("clinicianToken", String.class, Set.class, Duration.class)
                    .invoke(otherIssuer, "dr.wilson", Set.of("onco-1"), Duration.ofMinutes(1));
        } finally {
            thread.setContextClassLoader(previous);
        }
        JWTAuthContextInfo verify = new JWTAuthContextInfo();
        verify.setPublicKeyLocation(config.get("mp.jwt.verify.publickey.location"));
        verify.setIssuedBy(config.get("mp.jwt.verify.issuer"));
        assertEquals("dr.wilson", new DefaultJWTParser(verify).parse(token).getName());
    }

    /** Instantiates, inits and starts a test resource as a Quarkus application's loader would. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> startResource(Class<? extends QuarkusTestResourceLifecycleManager> type,
            Map<String, String> initArgs) throws Exception {
        Class<?> copy = isolated.loadClass(type.getName());
        assertNotSame(type, copy);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(isolated);
        try {
            Object resource = copy.getDeclaredConstructor().newInstance();
            copy.getMethod("init", Map.class).invoke(resource, initArgs);
            Map<String, String> config = (Map<String, String>) copy.getMethod("start").invoke(resource);
            copy.getMethod("stop").invoke(resource);
            return config;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
