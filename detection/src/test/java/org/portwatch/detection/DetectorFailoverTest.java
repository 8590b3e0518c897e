package org.portwatch.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.portwatch.detection.DetectionTopology.DetectionTopics;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.MeasurementSite;
import org.portwatch.model.SensorStatus;
import org.portwatch.model.VitalReading;
import org.portwatch.model.VitalType;

/**
 * The detector role scaled out as k8s/ runs it (a StatefulSet): two members of one Streams application with static
 * membership ({@code group.instance.id} from the pod name), {@code num.standby.replicas=1}, zones as client tags, and
 * the bounded RocksDB memory of {@link BoundedRocksDb}, on the real broker. They split the partitions; when one dies,
 * the survivor takes its tasks over from the standbys it already holds, and no patient's alert is missed or doubled.
 */
class DetectorFailoverTest {

    private static final int PARTITIONS = 4;
    /** The broker's minimum: a member that stops heart-beating is declared dead after this. */
    private static final int SESSION_TIMEOUT_MS = 6000;

    private DetectionTopics topics;
    private String applicationId;
    private final List<Path> stateDirs = new ArrayList<>();
    private final List<KafkaStreams> detectors = new ArrayList<>();

    @BeforeEach
    void createTopics() throws Exception {
        topics = OnBroker.createTopics("f", PARTITIONS);
        applicationId = topics.readings().substring(0, topics.readings().indexOf('.') + 1) + "detector";
    }

    @AfterEach
    void stop() throws Exception {
        for (KafkaStreams detector : detectors) {
            detector.close(Duration.ofSeconds(10));
        }
        OnBroker.delete(stateDirs);
    }

    private static String bootstrap() {
        return OnBroker.bootstrap();
    }

    /** One pod of the StatefulSet: its name is its static member id, its node's zone its client tag. */
    private KafkaStreams detector(String podName, String zone) throws Exception {
        Path stateDir = Files.createTempDirectory("detector-" + podName);
        stateDirs.add(stateDir);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
        props.put(StreamsConfig.RACK_AWARE_ASSIGNMENT_TAGS_CONFIG, "zone");
        props.put(StreamsConfig.clientTagPrefix("zone"), zone);
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
        props.put(BoundedRocksDb.TOTAL_BYTES_CONFIG, String.valueOf(32L * 1024 * 1024));
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), podName);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), SESSION_TIMEOUT_MS);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        KafkaStreams detector = new KafkaStreams(DetectionTopology.build(new DetectionMetrics(new SimpleMeterRegistry()),
                Duration.ofSeconds(30), topics), props);
        detectors.add(detector);
        return detector;
    }

    private static Set<TaskId> tasks(KafkaStreams detector, Function<ThreadMetadata, Set<TaskMetadata>> kind) {
        return detector.metadataForLocalThreads().stream().flatMap(thread -> kind.apply(thread).stream())
                .map(TaskMetadata::taskId).collect(Collectors.toSet());
    }

    /** Patient ids on every partition of the readings topic, two per partition, as the producer places keys. */
    private static List<String> patientsOnEveryPartition(String prefix) {
        Map<Integer, List<String>> byPartition = new TreeMap<>();
        for (int i = 0; byPartition.values().stream().mapToInt(List::size).sum() < 2 * PARTITIONS; i++) {
            String patient = prefix + i;
            int partition = Utils.toPositive(Utils.murmur2(patient.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            List<String> onIt = byPartition.computeIfAbsent(partition, p -> new ArrayList<>());
            if (onIt.size() < 2) {
                onIt.add(patient);
            }
        }
        return byPartition.values().stream().flatMap(List::stream).toList();
    }

    /** An oral 38.6 °C: a fever by itself (docs/clinical-rules.md), one RAISED per patient. */
    private static VitalReading fever(String patient, Instant at) {
        return new VitalReading("oral-" + patient, patient, "thermometer-" + patient, VitalType.BODY_TEMPERATURE, 38.6,
                "Cel", "Cel", at, at, MeasurementSite.ORAL, null, SensorStatus.ON_BODY);
    }

    private void produce(List<VitalReading> readings) {
        OnBroker.produce(topics, readings);
    }

    private List<AlertEvent> committedAlerts() {
        return OnBroker.committedAlerts(topics);
    }

    @Test
    void shouldSplitThePartitionsAndMoveADeadMembersTasksToItsStandbyWithoutMissingAnAlert() throws Exception {
        KafkaStreams first = detector("alert-service-detector-0", "zone-a");
        KafkaStreams second = detector("alert-service-detector-1", "zone-b");
        first.start();
        second.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> first.state() == KafkaStreams.State.RUNNING
                && second.state() == KafkaStreams.State.RUNNING
                && !tasks(first, ThreadMetadata::activeTasks).isEmpty()
                && !tasks(second, ThreadMetadata::activeTasks).isEmpty()
                && !tasks(second, ThreadMetadata::standbyTasks).isEmpty());

        Set<TaskId> firstActive = tasks(first, ThreadMetadata::activeTasks);
        Set<TaskId> secondActive = tasks(second, ThreadMetadata::activeTasks);
        assertThat(firstActive).as("the two members split the tasks").doesNotContainAnyElementsOf(secondActive);
        Set<TaskId> all = new HashSet<>(firstActive);
        all.addAll(secondActive);
        assertThat(all).extracting(TaskId::partition).containsOnly(0, 1, 2, 3).hasSizeGreaterThanOrEqualTo(PARTITIONS);
        assertThat(tasks(second, ThreadMetadata::standbyTasks))
                .as("the second member keeps a warm copy of the first member's tasks (standby, another zone)")
                .containsExactlyInAnyOrderElementsOf(firstActive);

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> before = patientsOnEveryPartition("before-");
        produce(before.stream().map(p -> fever(p, now)).toList());
        await().atMost(Duration.ofSeconds(30)).until(() -> committedAlerts().size() == before.size());

        // The first member dies: a static member leaves no group on its way out, so, as after a crash, the group
        // learns of it only when its session times out, and then gives its tasks to the survivor.
        first.close(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(30)).until(() -> second.state() == KafkaStreams.State.RUNNING
                && tasks(second, ThreadMetadata::activeTasks).containsAll(all));

        // The devices resend what they sent before the death (the same readings: nothing new to alert), then
        // other patients on every partition run a fever.
        List<String> after = patientsOnEveryPartition("after-");
        produce(before.stream().map(p -> fever(p, now)).toList());
        produce(after.stream().map(p -> fever(p, now.plusSeconds(60))).toList());
        await().atMost(Duration.ofSeconds(30)).until(() -> committedAlerts().size() >= before.size() + after.size());

        List<AlertEvent> alerts = committedAlerts();
        List<String> everyone = Stream.concat(before.stream(), after.stream()).toList();
        assertThat(alerts).extracting(AlertEvent::patientId).containsExactlyInAnyOrderElementsOf(everyone);
        assertThat(alerts).extracting(AlertEvent::alertId).doesNotHaveDuplicates();
        assertThat(alerts).allSatisfy(alert -> {
            assertThat(alert.condition()).isEqualTo(AlertCondition.FEVER);
            assertThat(alert.transition()).isEqualTo(AlertTransition.RAISED);
        });
        assertThat(BoundedRocksDb.budget()).as("every store opened under the one shared budget")
                .isEqualTo(32L * 1024 * 1024);
    }
}
