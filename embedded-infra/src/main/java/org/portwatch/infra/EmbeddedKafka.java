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
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.function.ToIntBiFunction;
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
 * <p>Why {@link #startCluster(int)}: what a hospital asks first is what happens when one broker
 * dies. A cluster of three brokers (and one separate KRaft controller) replicates every topic
 * three times with {@code min.insync.replicas=2}, as production does, so a test can kill the
 * leader of a partition ({@link #leaderOf}, {@link #stopBroker(int)}) and watch the clients fail
 * over, then bring it back ({@link #restartBroker(int)}). Its brokers stop WITHOUT a controlled
 * shutdown: the controller learns of the loss only when the broker's session expires, as after a
 * crash, and leadership moves the hard way.
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
    private final Supplier<int[]> brokerIds;
    private final IntConsumer stopOne;
    private final IntConsumer restartOne;
    private final ToIntBiFunction<String, Integer> leaderOf;

    /**
     * Wraps the operations of a running node. Only JDK types cross this constructor, so a
     * broker started by one class loader can be driven from a copy of this class in another
     * (see {@code org.portwatch.infra.testing.SharedInfra}). Such a copy drives one broker only.
     */
    private EmbeddedKafka(String bootstrapServers, Runnable stopBroker, Runnable restartBroker,
            AutoCloseable closer) {
        this(bootstrapServers, stopBroker, restartBroker, closer, () -> new int[0],
                id -> {
                    throw new UnsupportedOperationException("a shared single broker has no broker ids");
                },
                id -> {
                    throw new UnsupportedOperationException("a shared single broker has no broker ids");
                },
                (topic, partition) -> {
                    throw new UnsupportedOperationException("a shared single broker has no broker ids");
                });
    }

    private EmbeddedKafka(String bootstrapServers, Runnable stopBroker, Runnable restartBroker,
            AutoCloseable closer, Supplier<int[]> brokerIds, IntConsumer stopOne, IntConsumer restartOne,
            ToIntBiFunction<String, Integer> leaderOf) {
        this.bootstrapServers = bootstrapServers;
        this.stopBroker = stopBroker;
        this.restartBroker = restartBroker;
        this.closer = closer;
        this.brokerIds = brokerIds;
        this.stopOne = stopOne;
        this.restartOne = restartOne;
        this.leaderOf = leaderOf;
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
        return start(1);
    }

    /**
     * Formats and starts a KRaft controller and {@code brokers} brokers (at least 3) in a fresh
     * temporary directory, and creates every topic of {@link Topics#ALL} with replication factor
     * 3 and {@code min.insync.replicas=2}: one broker may die without a producer using
     * {@code acks=all} noticing more than a leader change. Internal topics (offsets,
     * transactions) are replicated the same way.
     *
     * @throws IllegalArgumentException if {@code brokers} is less than 3
     * @throws IllegalStateException if the cluster fails to start, or its partitions have no
     *         leader 60 seconds after the topics were created
     */
    public static EmbeddedKafka startCluster(int brokers) {
        if (brokers < Node.CLUSTER_REPLICATION) {
            throw new IllegalArgumentException("a replicated cluster needs at least "
                    + Node.CLUSTER_REPLICATION + " brokers, not " + brokers);
        }
        return start(brokers);
    }

    private static EmbeddedKafka start(int brokers) {
        QuietLogging.quiet(QuietLogging.KAFKA_SERVER_CATEGORIES);
        Node node = new Node(brokers);
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
                    node.stopBrokers();
                    return null;
                }),
                () -> withOwnContextClassLoader(() -> {
                    node.restartBrokers();
                    return null;
                }),
                () -> withOwnContextClassLoader(() -> {
                    node.close();
                    return null;
                }),
                node::brokerIds,
                id -> withOwnContextClassLoader(() -> {
                    node.stopBroker(id);
                    return null;
                }),
                id -> withOwnContextClassLoader(() -> {
                    node.restartBroker(id);
                    return null;
                }),
                (topic, partition) -> withOwnContextClassLoader(() -> node.leaderOf(topic, partition)));
    }

    /**
     * A broker this class did not start (one node, e.g. a Testcontainers container, see
     * {@code org.portwatch.infra.testing.InfraProvider}), made ready as {@link #start()} makes its own: every topic
     * of {@link Topics#ALL} created with replication factor 1 and a leader for each partition. The operations are
     * the caller's: {@code stopBroker} must keep the address (a paused container does), {@code close} frees it.
     *
     * @throws IllegalStateException if the topics cannot be created within 60 seconds
     */
    public static EmbeddedKafka attach(String bootstrapServers, Runnable stopBroker, Runnable restartBroker,
            AutoCloseable close) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "portwatch-attached-kafka-admin");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
        withOwnContextClassLoader(() -> {
            try (Admin admin = Admin.create(props)) {
                Node.createTopics(admin, Topics.ALL, (short) 1);
            }
            return null;
        });
        return new EmbeddedKafka(bootstrapServers, stopBroker, restartBroker, close);
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
     * Shuts every broker down (listeners closed, logs flushed) while the controller keeps
     * running. Until {@link #restartBroker()} producers and consumers cannot reach Kafka.
     * Calling it with every broker stopped does nothing.
     */
    public void stopBroker() {
        stopBroker.run();
    }

    /**
     * Starts every stopped broker again on its own listener port with the data it had, and
     * returns once they are unfenced and every partition of every topic has a leader again.
     * Calling it with every broker running does nothing.
     */
    public void restartBroker() {
        restartBroker.run();
    }

    /** The ids of the brokers of a cluster from {@link #startCluster(int)}, ascending. */
    public int[] brokerIds() {
        return brokerIds.get();
    }

    /**
     * Stops broker {@code brokerId} of a cluster (no controlled shutdown: its partitions lose
     * their leader until the controller sees its session expire). Does nothing if it is stopped.
     */
    public void stopBroker(int brokerId) {
        stopOne.accept(brokerId);
    }

    /**
     * Starts broker {@code brokerId} of a cluster again on its own port with its data, and
     * returns once it is unfenced and every partition has a leader. Does nothing if it runs.
     */
    public void restartBroker(int brokerId) {
        restartOne.accept(brokerId);
    }

    /**
     * The id of the broker that leads {@code partition} of {@code topic} now, as the controller
     * says; -1 while it has none.
     */
    public int leaderOf(String topic, int partition) {
        return leaderOf.applyAsInt(topic, partition);
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

        /** Replication of a cluster's topics; a write needs all but one replica in sync. */
        static final int CLUSTER_REPLICATION = 3;

        private final int brokerCount;
        private final Set<Integer> running = new java.util.TreeSet<>();
        private KafkaClusterTestKit cluster;
        private Path baseDirectory;
        private String bootstrapServers;
        private boolean closed;

        Node(int brokerCount) {
            this.brokerCount = brokerCount;
        }

        private boolean single() {
            return brokerCount == 1;
        }

        private short replication() {
            return (short) (single() ? 1 : CLUSTER_REPLICATION);
        }

        /**
         * One node is broker and controller at once; a cluster keeps its controller apart, so
         * that killing a broker never takes the quorum with it.
         */
        private TestKitNodes.Builder nodesBuilder() {
            return new TestKitNodes.Builder(productionBootstrapMetadata())
                    .setCombined(single())
                    .setNumControllerNodes(1)
                    .setNumBrokerNodes(brokerCount)
                    .setBaseDirectory(baseDirectory);
        }

        synchronized void start() throws Exception {
            baseDirectory = Files.createTempDirectory("portwatch-kafka-");
            TestKitNodes layout = nodesBuilder().build();
            String brokerListener = layout.brokerListenerName().value();
            String controllerListener = layout.controllerListenerName().value();
            // Bind to the IPv4 loopback explicitly so the advertised address is the same one
            // clients are given, whatever "localhost" resolves to on the machine. Per node: a
            // separate controller may only list its own listener.
            Map<Integer, Map<String, String>> listeners = new TreeMap<>();
            for (int id : layout.brokerNodes().keySet()) {
                listeners.put(id, Map.of("listeners", single()
                        ? brokerListener + "://127.0.0.1:0," + controllerListener + "://127.0.0.1:0"
                        : brokerListener + "://127.0.0.1:0"));
            }
            for (int id : layout.controllerNodes().keySet()) {
                listeners.putIfAbsent(id, Map.of("listeners", controllerListener + "://127.0.0.1:0"));
            }
            TestKitNodes nodes = nodesBuilder().setPerServerProperties(listeners).build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            brokerConfig(replication()).forEach(builder::setConfigProp);
            if (!single()) {
                // A killed broker, not a polite one: see the class comment.
                builder.setConfigProp("controlled.shutdown.enable", "false");
            }
            cluster = builder.build();
            cluster.format();
            cluster.startup();
            running.addAll(cluster.brokers().keySet());
            cluster.waitForReadyBrokers();
            bootstrapServers = cluster.brokers().values().stream()
                    .map(b -> "127.0.0.1:" + b.boundPort(nodes.brokerListenerName()))
                    .collect(Collectors.joining(","));
        }

        /**
         * A single node cannot replicate, so every internal topic gets replication factor 1; a
         * cluster replicates them as its own topics (3, min.insync 2). The rest keeps a 2-core
         * machine responsive: few threads, few internal partitions, small segments, indexes and
         * cleaner buffer.
         */
        private static Map<String, String> brokerConfig(short replication) {
            String factor = Short.toString(replication);
            String minIsr = Integer.toString(Math.max(1, replication - 1));
            Map<String, String> config = new TreeMap<>();
            config.put("offsets.topic.replication.factor", factor);
            config.put("offsets.topic.num.partitions", "5");
            config.put("transaction.state.log.replication.factor", factor);
            config.put("transaction.state.log.min.isr", minIsr);
            config.put("transaction.state.log.num.partitions", "5");
            config.put("share.coordinator.state.topic.replication.factor", factor);
            config.put("share.coordinator.state.topic.min.isr", minIsr);
            config.put("share.coordinator.state.topic.num.partitions", "5");
            // Kafka Streams' changelogs and repartition topics take the broker default.
            config.put("default.replication.factor", factor);
            config.put("min.insync.replicas", minIsr);
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

        private BrokerServer broker(int id) {
            BrokerServer broker = cluster.brokers().get(id);
            if (broker == null) {
                throw new IllegalArgumentException("no broker " + id + "; brokers are "
                        + cluster.brokers().keySet());
            }
            return broker;
        }

        synchronized int[] brokerIds() {
            return cluster.brokers().keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        }

        void createTopics(List<Topics.TopicSpec> specs) throws Exception {
            try (Admin admin = admin()) {
                createTopics(admin, specs, replication());
            }
        }

        /** Creates {@code specs} (those that exist already are left as they are) and waits for their leaders. */
        static void createTopics(Admin admin, List<Topics.TopicSpec> specs, short replication) throws Exception {
            List<NewTopic> newTopics = specs.stream()
                    .map(spec -> new NewTopic(spec.name(), spec.partitions(), replication).configs(spec.configs()))
                    .toList();
            for (Map.Entry<String, KafkaFuture<Void>> created : admin.createTopics(newTopics).values().entrySet()) {
                try {
                    created.getValue().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Could not create topic " + created.getKey(), e.getCause());
                    }
                }
            }
            awaitLeaders(admin);
        }

        synchronized void stopBrokers() {
            checkOpen();
            // All at once, as a power cut would: one at a time would move every leader around.
            List<Integer> ids = List.copyOf(running);
            ids.forEach(id -> broker(id).shutdown());
            ids.forEach(id -> broker(id).awaitShutdown());
            running.clear();
        }

        synchronized void stopBroker(int id) {
            checkOpen();
            if (!running.contains(id)) {
                return;
            }
            broker(id).shutdown();
            broker(id).awaitShutdown();
            running.remove(id);
        }

        synchronized void restartBrokers() {
            checkOpen();
            List<Integer> stopped = cluster.brokers().keySet().stream()
                    .filter(id -> !running.contains(id)).toList();
            if (stopped.isEmpty()) {
                return;
            }
            // In parallel: each startup() blocks until its broker is unfenced, and a partition
            // whose replicas all died may need more than one of them back to elect a leader.
            List<Thread> starting = new java.util.ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            for (int id : stopped) {
                Thread t = new Thread(() -> {
                    try {
                        broker(id).startup();
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "embedded-kafka-restart-" + id);
                t.setContextClassLoader(loader);
                t.start();
                starting.add(t);
            }
            for (Thread t : starting) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while restarting the brokers", e);
                }
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException("Brokers did not come back: " + failures.get(0), failures.get(0));
            }
            running.addAll(stopped);
            awaitReady();
        }

        synchronized void restartBroker(int id) {
            checkOpen();
            if (running.contains(id)) {
                return;
            }
            // Blocks until the broker has caught up with the metadata log, is unfenced and its
            // acceptor listens again; the prebound socket factory rebinds the old port.
            broker(id).startup();
            running.add(id);
            awaitReady();
        }

        private void awaitReady() {
            try {
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

        synchronized int leaderOf(String topic, int partition) throws Exception {
            checkOpen();
            try (Admin admin = admin()) {
                TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get()
                        .get(topic);
                TopicPartitionInfo info = description.partitions().get(partition);
                return info.leader() == null || info.leader().isEmpty() ? -1 : info.leader().id();
            }
        }

        private Admin admin() {
            Properties props = new Properties();
            // Running brokers only: a stopped one's port does not answer.
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, running.stream()
                    .map(id -> "127.0.0.1:" + broker(id).boundPort(cluster.nodes().brokerListenerName()))
                    .collect(Collectors.joining(",")));
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
