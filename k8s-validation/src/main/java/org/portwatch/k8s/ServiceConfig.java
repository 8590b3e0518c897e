package org.portwatch.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The configuration a service really reads, from its sources: the keys of its {@code application.properties}
 * (profile prefixes removed), the environment variables that file references as {@code ${NAME}}, the keys of its
 * {@code @ConfigMapping} interfaces ({@code prefix} + each method in kebab case), and Kafka Streams' own settings
 * under {@code kafka-streams.} (Quarkus hands them to Streams as they are): its own, its clients' (bare, as Streams
 * hands them to every client, or under a client prefix such as {@code main.consumer.}), client tags, and the keys of
 * a RocksDB config setter of the project (its {@code *_CONFIG} constants). A method annotated
 * {@code @WithParentName} is the mapping's prefix itself. An environment variable names a key
 * when it is the MicroProfile Config form of that key: upper case, every other character than a letter or a
 * digit replaced by '_'.
 */
public final class ServiceConfig {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)[:}]");
    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"\\s*\\)");
    private static final Pattern MAPPING_METHOD = Pattern.compile("^\\s+[\\w<>,.? \\[\\]]+\\s+(\\w+)\\(\\);",
            Pattern.MULTILINE);
    private static final String STREAMS_PREFIX = "kafka-streams.";
    /** Streams' prefixes for one kind of client, and the settings of that kind. */
    private static final java.util.Map<String, Set<String>> CLIENT_PREFIXES = java.util.Map.of(
            StreamsConfig.MAIN_CONSUMER_PREFIX, ConsumerConfig.configNames(),
            StreamsConfig.RESTORE_CONSUMER_PREFIX, ConsumerConfig.configNames(),
            StreamsConfig.GLOBAL_CONSUMER_PREFIX, ConsumerConfig.configNames(),
            StreamsConfig.CONSUMER_PREFIX, ConsumerConfig.configNames(),
            StreamsConfig.PRODUCER_PREFIX, ProducerConfig.configNames(),
            StreamsConfig.ADMIN_CLIENT_PREFIX, AdminClientConfig.configNames());
    private static final Pattern CONFIG_SETTER = Pattern.compile("implements\\s+RocksDBConfigSetter");
    private static final Pattern CONFIG_CONSTANT = Pattern.compile("static final String \\w+_CONFIG = \"([^\"]+)\";");

    private final String service;
    private final Set<String> keys = new TreeSet<>();
    private final Set<String> profiles = new TreeSet<>();
    private final Set<String> referencedEnv = new TreeSet<>();
    private final Set<String> configSetterKeys = new TreeSet<>();

    private ServiceConfig(String service) {
        this.service = service;
    }

    /** Reads {@code <root>/<service>/src/main}. */
    public static ServiceConfig of(Path root, String service) {
        ServiceConfig config = new ServiceConfig(service);
        Path main = root.resolve(service).resolve("src/main");
        try {
            for (String line : Files.readAllLines(main.resolve("resources/application.properties"))) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                int eq = trimmed.indexOf('=');
                if (eq > 0) {
                    String key = trimmed.substring(0, eq).strip();
                    config.keys.add(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key);
                    if (key.startsWith("%")) {
                        config.profiles.add(key.substring(1, key.indexOf('.')));
                    }
                }
                Matcher m = PLACEHOLDER.matcher(trimmed);
                while (m.find()) {
                    config.referencedEnv.add(m.group(1));
                }
            }
            try (Stream<Path> sources = Files.walk(main.resolve("java"))) {
                for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(source);
                    Matcher mapping = MAPPING.matcher(text);
                    if (mapping.find()) {
                        String prefix = mapping.group(1);
                        String body = text.substring(mapping.end());
                        Matcher method = MAPPING_METHOD.matcher(body);
                        int previous = 0;
                        while (method.find()) {
                            boolean parentName = body.substring(previous, method.start()).contains("@WithParentName");
                            config.keys.add(parentName ? prefix : prefix + "." + kebab(method.group(1)));
                            previous = method.end();
                        }
                    }
                }
            }
            // RocksDB config setters the Streams configuration may name (any module: the service runs them).
            try (Stream<Path> modules = Files.list(root)) {
                for (Path module : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                    try (Stream<Path> sources = Files.walk(module)) {
                        for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                            String text = Files.readString(source);
                            if (CONFIG_SETTER.matcher(text).find()) {
                                Matcher constant = CONFIG_CONSTANT.matcher(text);
                                while (constant.find()) {
                                    config.configSetterKeys.add(constant.group(1));
                                }
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }

    /** Adds keys the service will read that its sources do not show yet (see the caller for why). */
    public ServiceConfig withPendingKeys(Set<String> pending) {
        keys.addAll(pending);
        return this;
    }

    public String service() {
        return service;
    }

    /** The profiles ({@code %name.} prefixes) the service's application.properties configures. */
    public Set<String> profiles() {
        return profiles;
    }

    public Set<String> keys() {
        return keys;
    }

    /** Whether an environment variable reaches a configuration key of the service. */
    public boolean readsEnv(String name) {
        // Quarkus itself reads the active profiles; which ones a manifest may name is profiles()' concern.
        if (referencedEnv.contains(name) || name.equals("QUARKUS_PROFILE")) {
            return true;
        }
        return keys.stream().anyMatch(key -> envForm(key).equals(name));
    }

    /** Whether a key of a properties file mounted into the service is one it reads. */
    public boolean readsKey(String key) {
        if (keys.contains(key)) {
            return true;
        }
        if (!key.startsWith(STREAMS_PREFIX)) {
            return false;
        }
        String streams = key.substring(STREAMS_PREFIX.length());
        if (StreamsConfig.configDef().names().contains(streams) || configSetterKeys.contains(streams)
                || ConsumerConfig.configNames().contains(streams) || ProducerConfig.configNames().contains(streams)) {
            return true;
        }
        if (streams.startsWith(StreamsConfig.CLIENT_TAG_PREFIX)) {
            return streams.length() > StreamsConfig.CLIENT_TAG_PREFIX.length();
        }
        return CLIENT_PREFIXES.entrySet().stream().anyMatch(prefix -> streams.startsWith(prefix.getKey())
                && prefix.getValue().contains(streams.substring(prefix.getKey().length())));
    }

    /** MicroProfile Config's environment form of a property name. */
    public static String envForm(String key) {
        return key.replaceAll("[^a-zA-Z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
