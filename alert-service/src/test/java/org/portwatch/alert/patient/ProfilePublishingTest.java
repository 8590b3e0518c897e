package org.portwatch.alert.patient;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.portwatch.alert.patient.Patients.ONCOLOGY;
import static org.portwatch.alert.patient.Patients.admin;
import static org.portwatch.alert.patient.Patients.discharge;
import static org.portwatch.alert.patient.Patients.newPatientId;
import static org.portwatch.alert.patient.Patients.profile;
import static org.portwatch.alert.patient.Patients.put;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.portwatch.infra.testing.SharedInfra;
import org.portwatch.model.Json;
import org.portwatch.model.PatientProfile;
import org.portwatch.model.PortSite;
import org.portwatch.model.Thresholds;

/**
 * What the detector sees: every profile change the database took arrives on the compacted topic
 * {@code patients.profiles}, keyed by patientId, in order, with the thresholds in force — also when the broker
 * was down at the time.
 */
@QuarkusTest
class ProfilePublishingTest {

    private static final Pattern DEPTH =
            Pattern.compile("(?m)^portwatch_profiles_outbox_depth(?:\\{[^}]*})? (\\S+)$");

    private static final Pattern FAILURES =
            Pattern.compile("(?m)^portwatch_profiles_publish_failures_total\\{[^}]*} (\\S+)$");

    @Inject
    Pool pool;

    private static double outboxDepth() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = DEPTH.matcher(metrics);
        assertThat(matcher.find()).as("the outbox depth gauge is exported").isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    /** Failed publish attempts so far, whatever the cause. */
    private static double publishFailures() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = FAILURES.matcher(metrics);
        double failures = 0;
        while (matcher.find()) {
            failures += Double.parseDouble(matcher.group(1));
        }
        return failures;
    }

    @Test
    void shouldPublishTheProfileWithTheThresholdsInForce() {
        String patientId = newPatientId();
        try (ProfilesTopic topic = new ProfilesTopic()) {
            put(admin(), patientId, profile(ONCOLOGY, Map.of("heartRateHigh", 110))).then().statusCode(201);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(topic.valuesOf(patientId)).hasSize(1));
            PatientProfile published = topic.valuesOf(patientId).get(0);
            assertThat(published.patientId()).isEqualTo(patientId);
            assertThat(published.careTeamId()).isEqualTo(ONCOLOGY);
            assertThat(published.portSite()).isEqualTo(PortSite.CHEST);
            assertThat(published.monitoring()).isTrue();
            assertThat(published.updatedAt()).isNotNull();
            assertThat(published.thresholds().heartRateHigh()).isEqualTo(110.0);
            assertThat(published.thresholds())
                    .usingRecursiveComparison().ignoringFields("heartRateHigh").isEqualTo(Thresholds.DEFAULTS);
        }
    }

    @Test
    void shouldPublishTheProfileWithoutTheDisplayName() throws Exception {
        String patientId = newPatientId();
        try (ProfilesTopic topic = new ProfilesTopic()) {
            Map<String, Object> body = new java.util.HashMap<>(profile(ONCOLOGY, null));
            body.put("displayName", "Ottoline Quennell-Vasquez (bed 4)");
            put(admin(), patientId, body).then().statusCode(201);
            body.put("portSite", "ARM");
            put(admin(), patientId, body).then().statusCode(200);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(topic.rawValuesOf(patientId)).hasSize(2));
            // The record as the detector (and the topic's replicas, and its changelog) gets it: no name in any form.
            for (String record : topic.rawValuesOf(patientId)) {
                assertThat(Json.mapper().readTree(record).has("displayName")).isFalse();
                assertThat(record).doesNotContain("Ottoline").doesNotContain("Quennell").doesNotContain("bed 4");
            }
        }
    }

    @Test
    void shouldPublishEveryChangeOfAPatientInOrder() {
        String patientId = newPatientId();
        try (ProfilesTopic topic = new ProfilesTopic()) {
            put(admin(), patientId, profile(ONCOLOGY, null)).then().statusCode(201);
            put(admin(), patientId, profile(ONCOLOGY, Map.of("heartRateHigh", 120))).then().statusCode(200);
            put(admin(), patientId, profile(ONCOLOGY, Map.of("noDataMinutes", 15))).then().statusCode(200);
            // Nothing changed: nothing to publish.
            put(admin(), patientId, profile(ONCOLOGY, Map.of("noDataMinutes", 15))).then().statusCode(200);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(topic.valuesOf(patientId)).hasSize(3));
            List<PatientProfile> values = topic.valuesOf(patientId);
            assertThat(values).extracting(p -> p.thresholds().heartRateHigh()).containsExactly(100.0, 120.0, 120.0);
            assertThat(values).extracting(p -> p.thresholds().noDataMinutes()).containsExactly(30, 30, 15);
            assertThat(values).extracting(PatientProfile::updatedAt).isSorted();
            assertThat(topic.recordsOf(patientId)).extracting(ConsumerRecord::partition).containsOnly(
                    topic.recordsOf(patientId).get(0).partition());
        }
    }

    @Test
    void shouldPublishATombstoneWhenAPatientIsDischarged() {
        String patientId = newPatientId();
        try (ProfilesTopic topic = new ProfilesTopic()) {
            put(admin(), patientId, profile(ONCOLOGY, null)).then().statusCode(201);
            discharge(admin(), patientId).then().statusCode(204);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(topic.recordsOf(patientId)).hasSize(2));
            List<ConsumerRecord<String, PatientProfile>> records = topic.recordsOf(patientId);
            assertThat(records.get(0).value()).isNotNull();
            assertThat(records.get(1).value()).as("a tombstone").isNull();
            assertThat(records.get(1).key()).isEqualTo(patientId);

            // Admitted again: a profile follows the tombstone.
            put(admin(), patientId, profile(ONCOLOGY, null)).then().statusCode(200);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(topic.recordsOf(patientId)).hasSize(3));
            assertThat(topic.valuesOf(patientId).get(2).monitoring()).isTrue();
        }
    }

    @Test
    void shouldDrainTheOutboxAndCountWhatWasPublished() {
        String patientId = newPatientId();
        try (ProfilesTopic topic = new ProfilesTopic()) {
            put(admin(), patientId, profile(ONCOLOGY, null)).then().statusCode(201);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(topic.recordsOf(patientId)).hasSize(1));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(outboxDepth()).isZero());
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("portwatch_profiles_published_total{kind=\"profile\"}")
                .contains("portwatch_profiles_published_total{kind=\"tombstone\"}")
                .contains("portwatch_profiles_publish_failures_total{cause=\"timeout\"}")
                .doesNotContain(patientId);
    }

    @Test
    void shouldDeliverAProfileTheDatabaseTookWhileTheBrokerWasDown() {
        String patientId = newPatientId();
        double failuresBefore = publishFailures();
        SharedInfra.kafka().stopBroker();
        try {
            // The database took it: the answer does not wait for the broker.
            put(admin(), patientId, profile(ONCOLOGY, Map.of("heartRateHigh", 125))).then().statusCode(201);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(outboxDepth()).isGreaterThanOrEqualTo(1));
            // A send the broker never acknowledged is rolled back and counted; the row stays for the next try.
            await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> assertThat(publishFailures()).isGreaterThan(failuresBefore));
            assertThat(outboxDepth()).isGreaterThanOrEqualTo(1);
        } finally {
            SharedInfra.kafka().restartBroker();
        }
        try (ProfilesTopic topic = new ProfilesTopic()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(topic.valuesOf(patientId)).isNotEmpty());
            assertThat(topic.valuesOf(patientId)).last()
                    .satisfies(p -> assertThat(p.thresholds().heartRateHigh()).isEqualTo(125.0));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(outboxDepth()).isZero());
    }
    @Test
    void shouldPublishWhatAnEarlierProcessLeftInTheOutbox() throws Exception {
        // A row committed by a process that died before publishing: nobody wakes the publisher, its poll finds it.
        String patientId = newPatientId();
        PatientProfile profile = new PatientProfile(patientId, ONCOLOGY, PortSite.ARM, true,
                Thresholds.DEFAULTS, Instant.now());
        pool.preparedQuery("INSERT INTO alerts.profile_outbox (patient_id, payload) VALUES ($1, $2)")
                .execute(Tuple.of(patientId, Json.mapper().writeValueAsString(profile)))
                .await().atMost(Duration.ofSeconds(10));
        try (ProfilesTopic topic = new ProfilesTopic()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(topic.valuesOf(patientId)).hasSize(1));
            assertThat(topic.valuesOf(patientId).get(0).portSite()).isEqualTo(PortSite.ARM);
        }
    }

    @Test
    void shouldLeaveTheOutboxToTheReplicaThatHoldsItsLock() {
        String patientId = newPatientId();
        // Another replica draining: it holds the outbox's advisory lock for the length of its transaction.
        SqlConnection otherReplica = pool.getConnection().await().atMost(Duration.ofSeconds(10));
        Transaction transaction = otherReplica.begin().await().atMost(Duration.ofSeconds(10));
        try (ProfilesTopic topic = new ProfilesTopic()) {
            try {
                otherReplica.query("SELECT pg_advisory_xact_lock(" + ProfileOutboxPublisher.LOCK_KEY + ")").execute()
                        .await().atMost(Duration.ofSeconds(10));
                put(admin(), patientId, profile(ONCOLOGY, null)).then().statusCode(201);
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                        .untilAsserted(() -> assertThat(topic.recordsOf(patientId)).isEmpty());
            } finally {
                transaction.rollback().await().atMost(Duration.ofSeconds(10));
                otherReplica.close().await().atMost(Duration.ofSeconds(10));
            }
            // Lock released: the next poll publishes it, once.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(topic.recordsOf(patientId)).hasSize(1));
        }
    }
}
