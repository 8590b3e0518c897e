package org.portwatch.detection;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.portwatch.model.Activity;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.HeartRhythm;
import org.portwatch.model.Symptom;
import org.portwatch.model.SymptomCheckIn;
import org.portwatch.model.MeasurementSite;
import org.portwatch.model.PatientProfile;
import org.portwatch.model.PortSite;
import org.portwatch.model.SensorStatus;
import org.portwatch.model.Thresholds;
import org.portwatch.model.Topics;
import org.portwatch.model.Units;
import org.portwatch.model.VitalReading;
import org.portwatch.model.VitalType;
import org.portwatch.model.serde.AlertEventSerde;
import org.portwatch.model.serde.PatientProfileSerde;
import org.portwatch.model.serde.SymptomCheckInSerde;
import org.portwatch.model.serde.VitalReadingSerde;

/**
 * The detection topology on Kafka's TopologyTestDriver: no broker, no sleeps, a wall clock we move.
 * Times in scenarios are minutes after {@link #T0}.
 */
final class DetectorHarness implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-11-28T08:00:00Z");

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final TopologyTestDriver driver;
    private final TestInputTopic<String, VitalReading> readings;
    private final TestInputTopic<String, PatientProfile> profiles;
    private final TestInputTopic<byte[], byte[]> rawReadings;
    private final TestInputTopic<String, SymptomCheckIn> symptoms;
    private final TestInputTopic<byte[], byte[]> rawSymptoms;
    private final TestOutputTopic<String, AlertEvent> alerts;
    private final TestOutputTopic<byte[], byte[]> deadLetters;
    private final Path stateDir;
    /** The driver's wall clock, which it does not expose: it starts at T0 and only we move it. */
    private Instant wallClock = T0;

    DetectorHarness() {
        try {
            stateDir = Files.createTempDirectory("detector-test");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "detector-test-" + UUID.randomUUID());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(DetectionTopology.build(new DetectionMetrics(registry), Duration.ofSeconds(30),
                DetectionTopology.DetectionTopics.DEFAULT),
                props, T0);
        readings = driver.createInputTopic(Topics.VITALS_READINGS, new StringSerializer(),
                new VitalReadingSerde.Serializer());
        rawReadings = driver.createInputTopic(Topics.VITALS_READINGS, new ByteArraySerializer(),
                new ByteArraySerializer());
        symptoms = driver.createInputTopic(Topics.PATIENT_SYMPTOMS, new StringSerializer(),
                new SymptomCheckInSerde.Serializer());
        rawSymptoms = driver.createInputTopic(Topics.PATIENT_SYMPTOMS, new ByteArraySerializer(),
                new ByteArraySerializer());
        profiles = driver.createInputTopic(Topics.PATIENT_PROFILES, new StringSerializer(),
                new PatientProfileSerde.Serializer());
        alerts = driver.createOutputTopic(Topics.VITALS_ALERTS, new StringDeserializer(),
                new AlertEventSerde.Deserializer());
        deadLetters = driver.createOutputTopic(Topics.VITALS_READINGS_DLQ, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    static Instant at(double minutes) {
        return T0.plusMillis(Math.round(minutes * 60_000));
    }

    /** A reading of one patient; received 10 s after it was measured unless said otherwise. */
    record R(String patientId, VitalType type, double minute, double value, MeasurementSite site, Activity activity,
            SensorStatus status, Duration delay, String readingId, String device) {

        R site(MeasurementSite s) {
            return new R(patientId, type, minute, value, s, activity, status, delay, readingId, device);
        }

        R activity(Activity a) {
            return new R(patientId, type, minute, value, site, a, status, delay, readingId, device);
        }

        R offBody() {
            return new R(patientId, type, minute, value, site, activity, SensorStatus.OFF_BODY, delay, readingId,
                    device);
        }

        R delayed(Duration d) {
            return new R(patientId, type, minute, value, site, activity, status, d, readingId, device);
        }

        R of(String patient) {
            return new R(patient, type, minute, value, site, activity, status, delay, readingId, device);
        }

        /** The same measurement under the device's own id (devices number their readings as they like). */
        R id(String id) {
            return new R(patientId, type, minute, value, site, activity, status, delay, id, device);
        }

        /** Sent by another device of the same patient. */
        R from(String deviceId) {
            return new R(patientId, type, minute, value, site, activity, status, delay, readingId, deviceId);
        }

        VitalReading reading() {
            Instant measured = at(minute);
            String id = readingId != null ? readingId : patientId + "-" + type + "-" + measured.toEpochMilli();
            String deviceId = device != null ? device : "device-" + patientId;
            return new VitalReading(id, patientId, deviceId, type, value, type.canonicalUnit(),
                    type.canonicalUnit(), measured, measured.plus(delay), site, activity, status);
        }
    }

    static final String PATIENT = "patient-1";

    static R temp(double minute, double celsius) {
        return new R(PATIENT, VitalType.BODY_TEMPERATURE, minute, celsius, MeasurementSite.SKIN, null,
                SensorStatus.ON_BODY, Duration.ofSeconds(10), null, null);
    }

    static R fahrenheit(double minute, double fahrenheit) {
        return temp(minute, Units.toCanonical(VitalType.BODY_TEMPERATURE, fahrenheit, Units.FAHRENHEIT));
    }

    static R hr(double minute, double bpm) {
        return new R(PATIENT, VitalType.HEART_RATE, minute, bpm, MeasurementSite.WRIST, Activity.RESTING,
                SensorStatus.ON_BODY, Duration.ofSeconds(10), null, null);
    }

    /** Readings every {@code everySeconds} from minute {@code from} to {@code to} (a continuous sensor). */
    static List<R> every(double everySeconds, double from, double to, java.util.function.DoubleFunction<R> at) {
        List<R> out = new ArrayList<>();
        for (double m = from; m <= to + 1e-9; m += everySeconds / 60.0) {
            out.add(at.apply(m));
        }
        return out;
    }

    /** Pipes readings in the given order, the wall clock following each reading's arrival. */
    List<AlertEvent> send(List<R> rs) {
        for (R r : rs) {
            send(r.reading());
        }
        return alerts();
    }

    void send(VitalReading reading) {
        if (reading.receivedAt().isAfter(wallClock)) {
            advanceWallClock(Duration.between(wallClock, reading.receivedAt()));
        }
        readings.pipeInput(new TestRecord<>(reading.patientId(), reading, reading.receivedAt()));
    }

    /** A check-in of {@link #PATIENT} reported at {@code minute}, received 10 s later, its id derived. */
    static SymptomCheckIn checkIn(double minute, Symptom... reported) {
        return checkIn(minute, Duration.ofSeconds(10), null, reported);
    }

    static SymptomCheckIn checkIn(double minute, Duration delay, String otherText, Symptom... reported) {
        Instant at = at(minute);
        return new SymptomCheckIn(SymptomCheckIn.deriveCheckInId("app-" + PATIENT, at), PATIENT, "app-" + PATIENT,
                List.of(reported), otherText, at, at.plus(delay), null);
    }

    /** A heart-rhythm reading of {@link #PATIENT} from their watch, received 10 s after it was measured. */
    static VitalReading rhythm(double minute, HeartRhythm rhythm) {
        return rhythm(minute, rhythm, Duration.ofSeconds(10), SensorStatus.ON_BODY);
    }

    static VitalReading rhythm(double minute, HeartRhythm rhythm, Duration delay, SensorStatus status) {
        Instant measured = at(minute);
        return VitalReading.rhythm("watch-" + measured.toEpochMilli(), PATIENT, "watch-" + PATIENT, rhythm, measured,
                measured.plus(delay), status);
    }

    /** Pipes check-ins in the given order, the wall clock following each one's arrival; returns the alerts. */
    List<AlertEvent> sendCheckIns(List<SymptomCheckIn> checkIns) {
        for (SymptomCheckIn checkIn : checkIns) {
            if (checkIn.receivedAt().isAfter(wallClock)) {
                advanceWallClock(Duration.between(wallClock, checkIn.receivedAt()));
            }
            symptoms.pipeInput(new TestRecord<>(checkIn.patientId(), checkIn, checkIn.receivedAt()));
        }
        return alerts();
    }

    /** Pipes readings as they are (rhythms among them), the wall clock following; returns the alerts. */
    List<AlertEvent> sendReadings(List<VitalReading> rs) {
        rs.forEach(this::send);
        return alerts();
    }

    void sendRawCheckIn(String key, String value) {
        rawSymptoms.pipeInput(key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    void sendRaw(String key, String value) {
        rawReadings.pipeInput(key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    void profile(String patientId, Thresholds thresholds, boolean monitoring, Instant updatedAt) {
        profiles.pipeInput(patientId, new PatientProfile(patientId, "team-a", PortSite.CHEST, monitoring,
                thresholds, updatedAt), updatedAt);
    }

    void discharge(String patientId) {
        profiles.pipeInput(patientId, null);
    }

    void advanceWallClock(Duration by) {
        wallClock = wallClock.plus(by);
        driver.advanceWallClockTime(by);
    }

    Instant wallClock() {
        return wallClock;
    }

    List<AlertEvent> alerts() {
        List<AlertEvent> out = new ArrayList<>();
        alerts.readRecordsToList().forEach(r -> out.add(r.value()));
        return out;
    }

    List<TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    /**
     * What the care team is left with: "CONDITION SEVERITY" for every alert still open after these events,
     * with the highest severity it reached, sorted.
     */
    static List<String> openAlerts(List<AlertEvent> events) {
        java.util.Map<String, AlertEvent> last = new java.util.LinkedHashMap<>();
        java.util.Map<String, org.portwatch.model.Severity> highest = new java.util.HashMap<>();
        java.util.Set<String> resolved = new java.util.HashSet<>();
        for (AlertEvent e : events) {
            last.put(e.alertId(), e);
            highest.merge(e.alertId(), e.severity(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
            if (e.transition() == org.portwatch.model.AlertTransition.RESOLVED) {
                resolved.add(e.alertId());
            }
        }
        return last.values().stream()
                .filter(e -> !resolved.contains(e.alertId()))
                .map(e -> e.condition() + " " + highest.get(e.alertId()))
                .sorted().toList();
    }

    @Override
    public void close() {
        driver.close();
    }
}
