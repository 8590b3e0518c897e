package org.portwatch.infra.testing;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.KeyPair;
import java.util.function.Consumer;

import org.portwatch.infra.DevJwksServer;
import org.portwatch.infra.DevJwtIssuer;
import org.portwatch.infra.EmbeddedKafka;
import org.portwatch.infra.EmbeddedPostgresServer;

/**
 * One Kafka broker, one PostgreSQL server and one JWT issuer per test JVM, started on first use
 * and stopped by JVM shutdown hooks. The broker and server are the in-process ones, or under
 * {@code -Pcontainers} those of an {@link InfraProvider} (Testcontainers), behind the same types.
 *
 * <p>Why: starting a broker costs ~3 s and a PostgreSQL server ~1–2 s on the 2-core CI machine;
 * every {@code @QuarkusTest} of every service goes through the test resources of this package,
 * and they all share these instances (tests isolate themselves by keys, consumer groups and
 * database names instead).
 *
 * <p>Why the class-loader bridging below: Quarkus creates a new application, with new class
 * loaders, for each distinct test profile / test-resource combination, and loads the test
 * resources (hence this class) inside it. Plain static fields would then start one broker per
 * application. So the instances are owned by the copy of this class in the system class loader
 * (which the test JVM's class path always provides), and a copy in any other loader asks the
 * owner for a handle made only of JDK types (strings, {@link Runnable}, {@link Consumer},
 * {@link AutoCloseable}, {@link KeyPair}) and wraps it in its own {@link EmbeddedKafka},
 * {@link EmbeddedPostgresServer} or {@link DevJwtIssuer}. Where the system class loader cannot
 * see this class, each loader falls back to its own instances.
 *
 * <p>Do not {@code close()} the shared instances; {@link EmbeddedKafka#stopBroker()} and
 * {@link EmbeddedKafka#restartBroker()} are fine, and so are
 * {@link EmbeddedPostgresServer#stopServer()} / {@link EmbeddedPostgresServer#restartServer()},
 * but a test that stops the broker or the database must restart it before it ends.
 */
public final class SharedInfra {

    /** The {@code iss} of tokens minted by {@link #jwt()} and expected by {@link JwtTestResource}. */
    public static final String JWT_ISSUER = "https://idp.portwatch.test";

    private static EmbeddedKafka kafka;
    private static EmbeddedPostgresServer postgres;
    private static DevJwtIssuer jwt;
    private static DevJwksServer jwks;

    /**
     * How long the services may keep {@link #jwks()}'s key set: a second, so a test that publishes another set
     * (a key rotation) sees every service use it within a second or two.
     */
    public static final java.time.Duration JWKS_MAX_AGE = java.time.Duration.ofSeconds(1);

    private SharedInfra() {
    }

    /** The shared broker, with every topic of {@code Topics.ALL} created. */
    public static synchronized EmbeddedKafka kafka() {
        if (kafka == null) {
            Object[] handle = fromOwner("kafkaHandle");
            if (handle == null) {
                kafka = InfraProvider.requested().map(InfraProvider::kafka).orElseGet(EmbeddedKafka::start);
                EmbeddedKafka started = kafka;
                onExit("shared-embedded-kafka-stop", started::close);
            } else {
                kafka = construct(EmbeddedKafka.class,
                        new Class<?>[] {String.class, Runnable.class, Runnable.class, AutoCloseable.class}, handle);
            }
        }
        return kafka;
    }

    /** The shared PostgreSQL server; create your own database in it with {@code createDatabase}. */
    public static synchronized EmbeddedPostgresServer postgres() {
        if (postgres == null) {
            Object[] handle = fromOwner("postgresHandle");
            if (handle == null) {
                postgres = InfraProvider.requested().map(InfraProvider::postgres)
                        .orElseGet(EmbeddedPostgresServer::start);
                EmbeddedPostgresServer started = postgres;
                onExit("shared-embedded-postgres-stop", started::close);
            } else {
                postgres = construct(EmbeddedPostgresServer.class,
                        new Class<?>[] {int.class, Consumer.class, Runnable.class, Runnable.class,
                            AutoCloseable.class}, handle);
            }
        }
        return postgres;
    }

    /** The shared token issuer, named {@value #JWT_ISSUER}. */
    public static synchronized DevJwtIssuer jwt() {
        if (jwt == null) {
            Object[] handle = fromOwner("jwtHandle");
            if (handle == null) {
                jwt = DevJwtIssuer.generate(JWT_ISSUER);
            } else {
                jwt = construct(DevJwtIssuer.class, new Class<?>[] {String.class, KeyPair.class}, handle);
            }
        }
        return jwt;
    }

    /**
     * The key set (JWKS) of the shared identity provider, served over HTTP on loopback: {@link JwtTestResource}
     * points the services at it, as production points them at the hospital's provider. It publishes
     * {@link #jwt()}'s key; a test may publish others beside it ({@link DevJwksServer#publish}) to rotate keys,
     * and must leave {@link #jwt()}'s key in the set.
     */
    public static synchronized DevJwksServer jwks() {
        if (jwks == null) {
            Object[] handle = fromOwner("jwksHandle");
            if (handle == null) {
                jwks = DevJwksServer.start(JWKS_MAX_AGE, jwt());
                DevJwksServer started = jwks;
                onExit("shared-jwks-stop", started::close);
            } else {
                jwks = construct(DevJwksServer.class,
                        new Class<?>[] {com.sun.net.httpserver.HttpServer.class,
                            java.util.concurrent.atomic.AtomicReference.class}, handle);
            }
        }
        return jwks;
    }

    // --- Handles, called reflectively on the owner copy; JDK types only. ---

    @SuppressWarnings("unused")
    private static synchronized Object[] jwksHandle() {
        DevJwksServer server = jwks();
        try {
            var http = DevJwksServer.class.getDeclaredField("server");
            var keySet = DevJwksServer.class.getDeclaredField("keySet");
            http.setAccessible(true);
            keySet.setAccessible(true);
            return new Object[] {http.get(server), keySet.get(server)};
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("DevJwksServer no longer keeps server and keySet fields", e);
        }
    }

    @SuppressWarnings("unused")
    private static synchronized Object[] kafkaHandle() {
        EmbeddedKafka k = kafka();
        return new Object[] {k.bootstrapServers(), (Runnable) k::stopBroker, (Runnable) k::restartBroker,
            (AutoCloseable) k::close};
    }

    @SuppressWarnings("unused")
    private static synchronized Object[] postgresHandle() {
        EmbeddedPostgresServer pg = postgres();
        return new Object[] {pg.port(), (Consumer<String>) pg::createDatabase, (Runnable) pg::stopServer,
            (Runnable) pg::restartServer, (AutoCloseable) pg::close};
    }

    @SuppressWarnings("unused")
    private static synchronized Object[] jwtHandle() {
        DevJwtIssuer issuer = jwt();
        return new Object[] {issuer.issuer(), keyPairOf(issuer)};
    }

    private static KeyPair keyPairOf(DevJwtIssuer issuer) {
        try {
            var field = DevJwtIssuer.class.getDeclaredField("keyPair");
            field.setAccessible(true);
            return (KeyPair) field.get(issuer);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("DevJwtIssuer no longer keeps a keyPair field", e);
        }
    }

    /**
     * The handle from the system-class-loader copy of this class, or {@code null} when this copy
     * is that owner (or no owner can be loaded) and must start the instance itself.
     */
    private static Object[] fromOwner(String handleMethod) {
        Class<?> owner = owner();
        if (owner == SharedInfra.class) {
            return null;
        }
        try {
            Method method = owner.getDeclaredMethod(handleMethod);
            method.setAccessible(true);
            return (Object[]) method.invoke(null);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot reach the shared " + handleMethod, e);
        }
    }

    private static Class<?> owner() {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        if (SharedInfra.class.getClassLoader() == system) {
            return SharedInfra.class;
        }
        try {
            return Class.forName(SharedInfra.class.getName(), true, system);
        } catch (ClassNotFoundException | LinkageError notOnTheSystemClassPath) {
            return SharedInfra.class;
        }
    }

    private static <T> T construct(Class<T> type, Class<?>[] parameterTypes, Object[] arguments) {
        try {
            Constructor<T> constructor = type.getDeclaredConstructor(parameterTypes);
            constructor.setAccessible(true);
            return constructor.newInstance(arguments);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot wrap the shared " + type.getSimpleName(), e);
        }
    }

    private static void onExit(String name, Runnable close) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                close.run();
            } catch (RuntimeException e) {
                System.err.println(name + ": " + e);
            }
        }, name));
    }
}
