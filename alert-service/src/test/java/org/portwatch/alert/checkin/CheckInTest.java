package org.portwatch.alert.checkin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.alerts.AlertEvents;
import org.portwatch.infra.testing.SharedInfra;
import org.portwatch.model.Antipyretic;
import org.portwatch.model.Symptom;
import org.portwatch.model.SymptomCheckIn;
import org.portwatch.model.Topics;
import org.portwatch.model.serde.SymptomCheckInSerde;

/**
 * A check-in travels to the detector (a SYMPTOM alert per symptom, carrying only the length of the patient's text)
 * and, in its own group, into the check-in store: the alert's detail shows the team's clinician the patient's own
 * words. A redelivered check-in is stored once, and so is the antipyretic it reports, as the patient app's dose.
 */
@QuarkusTest
class CheckInTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    Pool pool;

    private static void publish(SymptomCheckIn... checkIns) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedInfra.kafka().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, SymptomCheckIn> producer = new KafkaProducer<>(config, new StringSerializer(),
                new SymptomCheckInSerde.Serializer())) {
            for (SymptomCheckIn c : checkIns) {
                producer.send(new ProducerRecord<>(Topics.PATIENT_SYMPTOMS, c.patientId(), c));
            }
            producer.flush();
        }
    }

    private long stored(String patientId) {
        return pool.preparedQuery("SELECT count(*) AS n FROM alerts.check_in WHERE patient_id = $1")
                .execute(Tuple.of(patientId)).await().atMost(WAIT).iterator().next().getLong("n");
    }

    @Test
    void shouldShowThePatientsOwnWordsOnTheSymptomAlertToTheTeamOnly() {
        String team = AlertEvents.team();
        String patient = AlertEvents.enrol(team);
        String token = AlertEvents.clinician("nurse-words", team);
        Instant reported = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
        String words = "it hurts under the port when I cough";
        SymptomCheckIn checkIn = new SymptomCheckIn(SymptomCheckIn.deriveCheckInId("app-" + patient, reported), patient,
                "app-" + patient, List.of(Symptom.OTHER, Symptom.CHILLS), words, reported, Instant.now(),
                new SymptomCheckIn.AntipyreticTaken(Antipyretic.PARACETAMOL, reported.minus(Duration.ofMinutes(30))));

        publish(checkIn, checkIn);

        List<String> alerts = await().atMost(WAIT).until(() -> given().auth().oauth2(token)
                .queryParam("patientId", patient).when().get("/api/v1/alerts").then().statusCode(200).extract()
                .jsonPath().<String>getList("items.alertId"), ids -> ids.size() == 2);
        await().atMost(WAIT).until(() -> stored(patient) == 1);
        for (String alertId : alerts) {
            JsonPath detail = given().auth().oauth2(token).when().get("/api/v1/alerts/" + alertId).then()
                    .statusCode(200).extract().jsonPath();
            assertThat(detail.getString("alert.condition")).isEqualTo("SYMPTOM");
            assertThat(detail.getString("rule")).as("the alert itself carries no text").doesNotContain("cough");
            assertThat(detail.getString("checkIn.otherText")).isEqualTo(words);
            assertThat(detail.getList("checkIn.symptoms")).containsExactly("CHILLS", "OTHER");
            assertThat(detail.getString("checkIn.checkInId")).isEqualTo(checkIn.checkInId());
        }
        String stranger = AlertEvents.clinician("nurse-elsewhere", AlertEvents.team());
        given().auth().oauth2(stranger).when().get("/api/v1/alerts/" + alerts.get(0)).then().statusCode(404);
        assertThat(stored(patient)).as("the redelivered check-in stored once").isEqualTo(1);
        // The paracetamol the patient reported is a dose of record, once, as the app's.
        JsonPath doses = given().auth().oauth2(token).when().get("/api/v1/patients/" + patient + "/medications")
                .then().statusCode(200).extract().jsonPath();
        assertThat(doses.getList("source")).containsExactly("PATIENT_APP");
        assertThat(doses.getString("[0].recordedBy")).isEqualTo("app-" + patient);
        assertThat(Instant.parse(doses.getString("[0].takenAt"))).isEqualTo(reported.minus(Duration.ofMinutes(30)));
    }
}
