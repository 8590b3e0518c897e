package org.portwatch.alert.readings;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.portwatch.infra.testing.SharedInfra;
import org.portwatch.model.MeasurementSite;
import org.portwatch.model.SensorStatus;
import org.portwatch.model.Topics;
import org.portwatch.model.VitalReading;
import org.portwatch.model.VitalType;
import org.portwatch.model.serde.VitalReadingSerde;

/** Readings as ingest puts them on {@code vitals.readings}, and the meters the readings tests look at. */
public final class Readings {

    private Readings() {
    }

    public static String patientId() {
        return "patient-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A reading of {@code patientId}'s patch, on the body, with a readingId derived as ingest derives it. */
    public static VitalReading reading(String patientId, VitalType type, Instant at, double value) {
        return reading(patientId, type, at, value, SensorStatus.ON_BODY);
    }

    public static VitalReading reading(String patientId, VitalType type, Instant at, double value, SensorStatus status) {
        Instant measured = at.truncatedTo(ChronoUnit.MILLIS);
        String device = "patch-" + patientId;
        return new VitalReading(VitalReading.deriveReadingId(device, type, measured), patientId, device, type, value,
                type.canonicalUnit(), type.canonicalUnit(), measured, Instant.now(),
                type == VitalType.HEART_RATE ? MeasurementSite.WRIST : MeasurementSite.SKIN, null, status);
    }

    /** On the topic, keyed by patient as ingest keys them, acknowledged by every replica. */
    public static void publish(List<VitalReading> readings) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedInfra.kafka().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, VitalReading> producer = new KafkaProducer<>(config, new StringSerializer(),
                new VitalReadingSerde.Serializer())) {
            readings.forEach(r -> producer.send(new ProducerRecord<>(Topics.VITALS_READINGS, r.patientId(), r)));
            producer.flush();
        }
    }

    /**
     * The sum of the series in /q/metrics of {@code series}: a meter's name (every series of it), or a name with the
     * start of its tags ({@code name{reason="x"}); 0 when absent.
     */
    public static double metric(String series) {
        String body = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        double sum = 0;
        for (String line : body.split("\n")) {
            boolean match = series.contains("{") ? line.startsWith(series)
                    : line.startsWith(series + " ") || line.startsWith(series + "{");
            if (match) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
            }
        }
        return sum;
    }
}
