package org.portwatch.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.portwatch.model.Topics;

import kafka.server.BrokerServer;

/**
 * A real Apache Kafka broker (KRaft, one combined broker+controller node) running inside this
 * JVM, with every topic of {@link Topics#ALL} created.
 *
 * <p>Why: the services' tests and the one-command local run must exercise the same broker code
 * that production runs (partitioning, compaction config, consumer-group rebalances, idempotent
 * producers, Kafka Streams internal topics), yet this project has no Docker. Kafka's own
 * {@link KafkaClusterTestKit} starts a genuine {@code BrokerServer} + {@code ControllerServer}
 * in-process from Maven Central artifacts in a few seconds.
 *
 * <p>Why {@link #stopBroker()} / {@link #restartBroker()}: tests must be able to show what the
 * services do while Kafka is unreachable (no reading silently lost) and that they recover on
 * their own when it returns. The test kit binds the broker's listener through a "prebound"
 * socket factory that remembers the port, so a restarted broker listens on the same
 * {@link #bootstrapServers()} address with its log directories intact: clients created before
 * the outage reconnect without being reconfigured.
 *
 * <p>Nothing global is registered: no shutdown hook, no system property. Whoever starts a
 * broker decides when to {@link #close()} it.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final Runnable stopBroker;
    private final Runnable restartBroker;
    private final AutoCloseable closer;

    /**
     * Wraps the operations of a running node. Only JDK types cross this constructor, so a
     * broker started by one class loader can be driven from a copy of this class in another
     * (see {@code org.portwatch.infra.testing.SharedInfra}).
     */
    private EmbeddedKafka(String bootstrapServers, Runnable stopBroker, Runnable restartBroker,
            AutoCloseable closer) {
        this.bootstrapServers = bootstrapServers;
        this.stopBroker = stopBroker;
        this.restartBroker = restartBroker;
        this.closer = closer;
    }

    /**
     * Formats and starts a single combined KRaft node in a fresh temporary directory, waits
     * until the broker is registered and unfenced, and creates every topic of
     * {@link Topics#ALL} (replication factor 1) with its partition count and configs.
     *
     * @throws IllegalStateException if the node fails to start, or its partitions have no
     *         leader 60 seconds after the topics were created
     */
    public static EmbeddedKafka start() {
        QuietLogging.quiet(QuietLogging.KAFKA_SERVER_CATEGORIES);
        Node node = new Node();
        try {
            withOwnContextClassLoader(() -> {
                node.start();
                node.createTopics(Topics.ALL);
                return null;
            });
        } catch (Exception e) {
            node.closeQuietly(e);
            throw new IllegalStateException("Embedded Kafka failed to start: " + e.getMessage(), e);
        }
        return new EmbeddedKafka(node.bootstrapServers,
                () -> withOwnContextClassLoader(() -> {
                    node.stopBroker();
                    return null;
                }),
                () -> withOwnContextClassLoader(() -> {
                    node.restartBroker();
                    return null;
                }),
                () -> withOwnContextClassLoader(() -> {
                    node.close();
                    return null;
                }));
    }

    /**
     * Runs {@code action} with this class's loader as the thread's context class loader.
     *
     * <p>Why: the broker instantiates the classes named in its configuration (principal builder,
     * share-group persister, ...) through the context class loader, and the threads it starts
     * inherit it. Under {@code @QuarkusTest} the caller's context loader is the application's,
     * which has its own copy of kafka-clients; the broker would then mix two copies of its
     * classes and fail ({@code NoSuchMethodException} on {@code DefaultStatePersister}).
     */
    private static <T> T withOwnContextClassLoader(Callable<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(EmbeddedKafka.class.getClassLoader());
        try {
            return action.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * The {@code host:port} of the broker listener, e.g. {@code 127.0.0.1:40123}; it stays the
     * same across {@link #stopBroker()} / {@link #restartBroker()}.
     */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Shuts the broker half of the node down (controlled shutdown, listener closed, logs
     * flushed) while the controller keeps running. Until {@link #restartBroker()} producers
     * and consumers cannot reach Kafka. Calling it on a stopped broker does nothing.
     */
    public void stopBroker() {
        stopBroker.run();
    }

    /**
     * Starts the broker again on the same listener port with the data it had, and returns once
     * it is unfenced and every partition of every topic has a leader again. Calling it on a
     * running broker does nothing.
     */
    public void restartBroker() {
        restartBroker.run();
    }

    /** Shuts the node down and deletes its directories. Safe to call more than once. */
    @Override
    public void close() {
        try {
            closer.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Embedded Kafka did not shut down cleanly", e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrapServers + "]";
    }

    /** The running test kit and the state that must survive a broker restart. */
    private static final class Node implements AutoCloseable {

        private KafkaClusterTestKit cluster;
        private Path baseDirectory;
        private String bootstrapServers;
        private boolean brokerRunning;
        private boolean closed;

        synchronized void start() throws Exception {
            baseDirectory = Files.createTempDirectory("portwatch-kafka-");
            TestKitNodes nodes = new TestKitNodes.Builder(productionBootstrapMetadata())
                    .setCombined(true)
                    .setNumControllerNodes(1)
                    .setNumBrokerNodes(1)
                    .setBaseDirectory(baseDirectory)
                    .build();
            String brokerListener = nodes.brokerListenerName().value();
            String controllerListener = nodes.controllerListenerName().value();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            // Bind to the IPv4 loopback explicitly so the advertised address is the same one
            // clients are given, whatever "localhost" resolves to on the machine.
            builder.setConfigProp("listeners",
                    brokerListener + "://127.0.0.1:0," + controllerListener + "://127.0.0.1:0");
            brokerConfig().forEach(builder::setConfigProp);
            cluster = builder.build();
            cluster.format();
            cluster.startup();
            brokerRunning = true;
            cluster.waitForReadyBrokers();
            int port = broker().boundPort(nodes.brokerListenerName());
            bootstrapServers = "127.0.0.1:" + port;
        }

        /**
         * A single node cannot replicate, so every internal topic gets replication factor 1;
         * the rest keeps a 2-core machine responsive: few threads, few internal partitions,
         * small segments, indexes and cleaner buffer.
         */
        private static Map<String, String> brokerConfig() {
            Map<String, String> config = new TreeMap<>();
            config.put("offsets.topic.replication.factor", "1");
            config.put("offsets.topic.num.partitions", "5");
            config.put("transaction.state.log.replication.factor", "1");
            config.put("transaction.state.log.min.isr", "1");
            config.put("transaction.state.log.num.partitions", "5");
            config.put("share.coordinator.state.topic.replication.factor", "1");
            config.put("share.coordinator.state.topic.min.isr", "1");
            config.put("share.coordinator.state.topic.num.partitions", "5");
            config.put("default.replication.factor", "1");
            config.put("min.insync.replicas", "1");
            // Consumers (and Kafka Streams) join a group at once instead of after 3 s.
            config.put("group.initial.rebalance.delay.ms", "0");
            // Topics are created explicitly from Topics.ALL, as Strimzi does in production;
            // a typo in a topic name must fail instead of silently creating a new topic.
            config.put("auto.create.topics.enable", "false");
            config.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
            config.put("log.index.size.max.bytes", Integer.toString(1024 * 1024));
            config.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
            config.put("log.cleaner.io.buffer.size", Integer.toString(256 * 1024));
            config.put("log.cleaner.threads", "1");
            config.put("num.network.threads", "2");
            config.put("num.io.threads", "2");
            config.put("background.threads", "2");
            config.put("num.recovery.threads.per.data.dir", "1");
            config.put("num.replica.fetchers", "1");
            // A restarted broker is refused (DUPLICATE_BROKER_REGISTRATION) until the session
            // of its previous incarnation expires, and registration, catch-up and unfencing
            // each take a heartbeat round trip. With the defaults (9 s session, 2 s heartbeat)
            // restartBroker() took ~6 s; a 4 s session still tolerates 7 missed heartbeats.
            config.put("broker.heartbeat.interval.ms", "500");
            config.put("broker.session.timeout.ms", "4000");
            config.put("socket.request.max.bytes", Integer.toString(100 * 1024 * 1024));
            // Behave like a released broker: no unstable metadata or API versions.
            config.put("unstable.api.versions.enable", "false");
            config.put("unstable.feature.versions.enable", "false");
            return config;
        }

        /** The latest production metadata version and the feature levels it defaults to. */
        private static BootstrapMetadata productionBootstrapMetadata() {
            MetadataVersion version = MetadataVersion.latestProduction();
            Map<String, Short> features = new TreeMap<>();
            for (Feature feature : Feature.PRODUCTION_FEATURES) {
                features.put(feature.featureName(), feature.defaultLevel(version));
            }
            return BootstrapMetadata.fromVersions(version, features, "portwatch-embedded-kafka");
        }

        private BrokerServer broker() {
            return cluster.brokers().values().iterator().next();
        }

        void createTopics(List<Topics.TopicSpec> specs) throws Exception {
            try (Admin admin = admin()) {
                List<NewTopic> newTopics = specs.stream()
                        .map(spec -> new NewTopic(spec.name(), spec.partitions(), (short) 1)
                                .configs(spec.configs()))
                        .toList();
                for (Map.Entry<String, KafkaFuture<Void>> created
                        : admin.createTopics(newTopics).values().entrySet()) {
                    try {
                        created.getValue().get();
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw new IllegalStateException(
                                    "Could not create topic " + created.getKey(), e.getCause());
                        }
                    }
                }
                awaitLeaders(admin);
            }
        }

        synchronized void stopBroker() {
            checkOpen();
            if (!brokerRunning) {
                return;
            }
            broker().shutdown();
            broker().awaitShutdown();
            brokerRunning = false;
        }

        synchronized void restartBroker() {
            checkOpen();
            if (brokerRunning) {
                return;
            }
            try {
                // Blocks until the broker has caught up with the metadata log, is unfenced and
                // its acceptor listens again; the prebound socket factory rebinds the old port.
                broker().startup();
                brokerRunning = true;
                cluster.waitForReadyBrokers();
                try (Admin admin = admin()) {
                    awaitLeaders(admin);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while restarting the broker", e);
            } catch (Exception e) {
                throw new IllegalStateException("Broker did not come back: " + e.getMessage(), e);
            }
        }

        private Admin admin() {
            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    "127.0.0.1:" + broker().boundPort(cluster.nodes().brokerListenerName()));
            props.put(AdminClientConfig.CLIENT_ID_CONFIG, "portwatch-embedded-kafka-admin");
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
            return Admin.create(props);
        }

        /**
         * Waits until every partition of every topic (internal ones included) has a leader, so
         * that a producer started right after {@link #start()} or {@link #restartBroker()}
         * never sees NOT_LEADER / UNKNOWN_TOPIC errors.
         */
        private static void awaitLeaders(Admin admin) throws Exception {
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            String missing = "";
            while (System.nanoTime() < deadline) {
                try {
                    Set<String> names = admin.listTopics(new ListTopicsOptions()
                            .listInternal(true)).names().get();
                    Map<String, TopicDescription> descriptions = admin.describeTopics(names)
                            .allTopicNames().get();
                    missing = descriptions.values().stream()
                            .flatMap(d -> d.partitions().stream()
                                    .filter(p -> p.leader() == null || p.leader().isEmpty())
                                    .map((TopicPartitionInfo p) -> d.name() + "-" + p.partition()))
                            .collect(Collectors.joining(", "));
                    if (missing.isEmpty()) {
                        return;
                    }
                } catch (ExecutionException e) {
                    // e.g. a topic deleted between list and describe, or metadata still loading
                    missing = String.valueOf(e.getCause());
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("Partitions without a leader after "
                    + READY_TIMEOUT.toSeconds() + " s: " + missing);
        }

        private void checkOpen() {
            if (closed) {
                throw new IllegalStateException("Embedded Kafka is closed");
            }
        }

        @Override
        public synchronized void close() throws Exception {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (cluster != null) {
                    cluster.close(); // also deletes baseDirectory
                }
            } finally {
                if (baseDirectory != null && Files.exists(baseDirectory)) {
                    Utils.delete(baseDirectory.toFile());
                }
            }
        }

        void closeQuietly(Exception cause) {
            try {
                close();
            } catch (Exception suppressed) {
                cause.addSuppressed(suppressed);
            }
        }
    }
}
