package org.portwatch.faults;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.Severity;
import org.portwatch.model.Topics;
import org.portwatch.model.serde.AlertEventSerde;

/**
 * A burst of alert events as the detector writes them when a ward's phone gateway goes silent and comes back: for each
 * patient a NO_DATA alert RAISED (LOW, so nobody is paged: docs/clinical-rules.md escalates LOW never) and RESOLVED when readings
 * arrive again. Well-formed by the detector's contract (derived alertId and eventId), keyed by patientId, written in
 * one Kafka transaction as the detector's exactly-once producer commits. The CI form raises far fewer alert events
 * than the SRE rules' value thresholds ("more than 100 notifications waiting"), which are not scaled; this is the
 * cheapest honest way to reach them with production settings and rules. Each alert ends resolved: nothing is left
 * open for later scenarios.
 */
final class NoDataFlood {

    private NoDataFlood() {
    }

    /** {@code patients} NO_DATA alerts, raised and resolved: two events each. Answers the events published. */
    static List<AlertEvent> publish(String bootstrap, List<String> patientIds) {
        Instant silentSince = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MILLIS);
        List<AlertEvent> events = new ArrayList<>();
        for (String patientId : patientIds) {
            String alertId = AlertEvent.alertId(patientId, AlertCondition.NO_DATA, silentSince);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            events.add(event(alertId, patientId, silentSince, AlertTransition.RAISED, "No live reading for 30 min",
                    now));
            events.add(event(alertId, patientId, silentSince, AlertTransition.RESOLVED, "Readings are arriving again",
                    now));
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "fault-injection-flood-" + UUID.randomUUID());
        try (KafkaProducer<String, AlertEvent> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new AlertEventSerde.Serializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            // One commit: a read_committed consumer sees the whole burst at once, as it sees a detector's transaction.
            events.forEach(e -> producer.send(new ProducerRecord<>(Topics.VITALS_ALERTS, e.patientId(), e)));
            producer.commitTransaction();
        }
        return events;
    }

    private static AlertEvent event(String alertId, String patientId, Instant silentSince, AlertTransition transition,
                                    String rule, Instant detectedAt) {
        return new AlertEvent(AlertEvent.eventId(alertId, transition, Severity.LOW), alertId, patientId,
                AlertCondition.NO_DATA, Severity.LOW, transition, silentSince, detectedAt, false, rule,
                Map.of("noDataMinutes", 30.0), List.of(), silentSince, null);
    }
}
