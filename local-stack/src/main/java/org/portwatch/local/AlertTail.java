package org.portwatch.local;

import java.io.PrintStream;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.Topics;
import org.portwatch.model.serde.AlertEventSerde;

/**
 * Shows the alerts the detector writes on {@code vitals.alerts} in the launcher's console, so a person
 * trying the stack sees the simulated patients' fevers and racing hearts arrive. Local use only: the
 * simulated patients are not real people.
 */
final class AlertTail implements AutoCloseable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final KafkaConsumer<String, AlertEvent> consumer;
    private final Thread thread;
    private final Map<String, String> careTeams;
    private final PrintStream out;

    AlertTail(String bootstrapServers, Map<String, String> careTeamByPatient, PrintStream out) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "local-stack-console-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new AlertEventSerde.Deserializer());
        this.careTeams = careTeamByPatient;
        this.out = out;
        this.thread = new Thread(this::run, "alert-tail");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.VITALS_ALERTS));
            while (!Thread.currentThread().isInterrupted()) {
                consumer.poll(Duration.ofSeconds(1)).forEach(record -> {
                    AlertEvent e = record.value();
                    if (e == null) {
                        return;
                    }
                    out.printf("%s  ALERT %-11s %-9s %-8s %s (%s)%s%n", TIME.format(e.detectedAt()), e.condition(),
                            e.transition(), e.severity(), e.patientId(),
                            careTeams.getOrDefault(e.patientId(), "no care team"), e.late() ? "  [late]" : "");
                });
            }
        } catch (WakeupException stopping) {
            // close() woke us up
        } catch (RuntimeException e) {
            out.println("  alert console stopped: " + e.getClass().getSimpleName());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() {
        consumer.wakeup();
    }
}
