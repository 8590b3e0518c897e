package org.portwatch.detection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.portwatch.detection.DetectionTopology.DetectionTopics;
import org.portwatch.infra.testing.SharedInfra;
import org.portwatch.infra.testing.TopicReader;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.VitalReading;
import org.portwatch.model.serde.AlertEventSerde;
import org.portwatch.model.serde.VitalReadingSerde;

/** The detector's topics on the shared real broker, for the tests that run the topology there. */
final class OnBroker {

    private OnBroker() {
    }

    static String bootstrap() {
        return SharedInfra.kafka().bootstrapServers();
    }

    /** Topics of their own (a random prefix), so the service's own detector stays out of the test. */
    static DetectionTopics createTopics(String letter, int partitions) throws Exception {
        DetectionTopics topics = DetectionTopics.prefixed(letter + UUID.randomUUID().toString().substring(0, 8) + ".");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            admin.createTopics(Stream.of(topics.readings(), topics.profiles(), topics.alerts(), topics.deadLetters(),
                    topics.symptoms())
                    .map(name -> new NewTopic(name, partitions, (short) 1)).toList()).all().get(30, TimeUnit.SECONDS);
        }
        return topics;
    }

    static void produce(DetectionTopics topics, List<VitalReading> readings) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, VitalReading> producer = new KafkaProducer<>(config, new StringSerializer(),
                new VitalReadingSerde.Serializer())) {
            readings.forEach(r -> producer.send(new ProducerRecord<>(topics.readings(), r.patientId(), r)));
            producer.flush();
        }
    }

    /** Everything committed on the alerts topic so far. */
    static List<AlertEvent> committedAlerts(DetectionTopics topics) {
        return TopicReader.readToEnd(bootstrap(), topics.alerts(), new StringDeserializer(),
                new AlertEventSerde.Deserializer()).stream().map(ConsumerRecord::value).toList();
    }

    static void delete(List<Path> dirs) throws Exception {
        for (Path dir : dirs) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
