package org.portwatch.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Kafka topics of the system. Every topic is keyed by patientId so that one patient's
 * whole history lives on one partition and one Streams task owns it (ARCHITECTURE.md).
 */
public final class Topics {

    /** Accepted readings, canonical units, keyed by patientId. */
    public static final String VITALS_READINGS = "vitals.readings";
    /** Patient profiles with per-patient thresholds; compacted, tombstone on discharge. */
    public static final String PATIENT_PROFILES = "patients.profiles";
    /** Alert lifecycle events (RAISED / ESCALATED / RESOLVED). */
    public static final String VITALS_ALERTS = "vitals.alerts";
    /**
     * Symptom check-ins ({@link SymptomCheckIn}) keyed by patientId, read by the detector with the readings: a topic of
     * its own because a check-in is a report, not a measurement (other readers of {@code vitals.readings} never see
     * one), and co-partitioned with {@code vitals.readings} (same key, same partition count) so one Streams task owns
     * a patient's readings, check-ins and state.
     */
    public static final String PATIENT_SYMPTOMS = "patients.symptoms";
    /** Records the detector could not read, with the reason in headers. */
    public static final String VITALS_READINGS_DLQ = "vitals.readings.dlq";
    /** Alert events the alert-service could not read at all, with the reason in headers (never dropped silently). */
    public static final String VITALS_ALERTS_DLQ = "vitals.alerts.dlq";

    /** The shape of a topic as production creates it (Strimzi KafkaTopic) and local runs mirror it. */
    public record TopicSpec(String name, int partitions, Map<String, String> configs) {
    }

    /** Partitions locally and in tests; production sets its own count (the unit of scale). */
    public static final int LOCAL_PARTITIONS = 6;

    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(VITALS_READINGS, LOCAL_PARTITIONS, Map.of(
                    "cleanup.policy", "delete",
                    "retention.ms", Long.toString(Duration.ofDays(7).toMillis()))),
            new TopicSpec(PATIENT_PROFILES, LOCAL_PARTITIONS, Map.of(
                    "cleanup.policy", "compact")),
            new TopicSpec(VITALS_ALERTS, LOCAL_PARTITIONS, Map.of(
                    "cleanup.policy", "delete",
                    "retention.ms", Long.toString(Duration.ofDays(30).toMillis()))),
            new TopicSpec(PATIENT_SYMPTOMS, LOCAL_PARTITIONS, Map.of(
                    "cleanup.policy", "delete",
                    "retention.ms", Long.toString(Duration.ofDays(7).toMillis()))),
            new TopicSpec(VITALS_READINGS_DLQ, 1, Map.of(
                    "cleanup.policy", "delete",
                    "retention.ms", Long.toString(Duration.ofDays(30).toMillis()))),
            new TopicSpec(VITALS_ALERTS_DLQ, 1, Map.of(
                    "cleanup.policy", "delete",
                    "retention.ms", Long.toString(Duration.ofDays(30).toMillis()))));

    private Topics() {
    }
}
