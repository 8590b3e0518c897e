package org.portwatch.ingest.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.portwatch.infra.testing.JsonFuzz;
import org.portwatch.infra.testing.JsonFuzz.Answer;
import org.portwatch.infra.testing.JsonFuzz.Body;
import org.portwatch.infra.testing.JsonFuzz.Case;
import org.portwatch.infra.testing.JsonFuzz.Mutation;
import org.portwatch.ingest.support.Devices;
import org.portwatch.ingest.support.Marker;
import org.portwatch.ingest.support.ReadingsTopic;
import org.portwatch.ingest.support.SymptomsTopic;
import org.portwatch.ingest.support.Tokens;
import org.portwatch.model.VitalReading;

/**
 * Random and mutated JSON against every operation that takes a body (readings, FHIR Bundles, Open mHealth data
 * points, symptom check-ins, registrations). Each case starts from a valid body and
 * applies one to three mutations (a value replaced by a wrong type, a huge number or exotic unicode; a field
 * removed or added; a value buried under deep nesting; the readings list blown up; the text truncated or a byte
 * corrupted; the wrong content type). Whatever comes in: never a 5xx, every 4xx is problem+json, and a rejected
 * request changes nothing: the topics hold exactly the readings the 202s counted and the check-ins they accepted,
 * the registry exactly the devices the 201s created. jqwik generates the cases from a fixed seed (reproducible); the number per
 * operation is {@code portwatch.fuzz.cases}: 1,000 in every build, 100,000 with {@code -Pfuzz-long}.
 */
@QuarkusTest
@TestProfile(FuzzTest.Unthrottled.class)
class FuzzTest {

    private static final long SEED = 20_261_129L;
    private static final int CASES = Integer.getInteger("portwatch.fuzz.cases", 1000);
    /** What a body can suffer here: everything but the request line's mutations (the paths take no parameter). */
    private static final Set<Mutation> MUTATIONS = EnumSet.range(Mutation.REPLACE_VALUE, Mutation.WRONG_CONTENT_TYPE);
    /** This API's own words, where a well-typed value belongs. */
    private static final List<String> SPECIALS = List.of("Cel", "[degF]", "/min", "°F", "HEART_RATE",
            "BODY_TEMPERATURE", Instant.now().toString());
    private static final List<String> FIELDS = List.of("patientId", "deviceId", "value", "readings", "resourceType",
            "type", "status", "valueQuantity", "dataAbsentReason");
    /** The check-ins' words, where a well-typed value belongs. */
    private static final List<String> CHECK_IN_SPECIALS = List.of("CHILLS", "OTHER", "HEART_FLUTTER", "SHOULDER_PAIN",
            "chills", "PORT_WILL_NOT_FLUSH", "IRREGULAR", "REGULAR", "HEART_RHYTHM", Instant.now().toString());
    /** Open mHealth's words, where a well-typed value belongs. */
    private static final List<String> OMH_SPECIALS = List.of("omh", "body-temperature", "heart-rate", "4.0", "3.0",
            "9.9", "C", "F", "K", "beats/min", "at rest", "after exercise", "axillary", "average", "during sleep");
    /** FHIR's words, where a well-typed value belongs. */
    private static final List<String> FHIR_SPECIALS = List.of("Bundle", "Observation", "batch", "transaction",
            "collection", "final", "entered-in-error", "8310-5", "8867-4", "http://loinc.org", "Cel", "[degF]", "/min",
            "2026-11-30", "2026-11-30T10:15:30+01:00", Instant.now().toString(), "POST", "GET");

    @TestHTTPResource("/")
    URI base;

    /** The fuzzer is one client and one device sending thousands of requests: no limit may answer instead of the code under test. */
    public static class Unthrottled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ingest.address-requests-per-second", "100000000",
                    "ingest.address-requests-burst", "100000000",
                    "ingest.device-requests-per-second", "100000000",
                    "ingest.device-readings-per-second", "100000000",
                    "ingest.device-readings-burst", "100000000");
        }
    }

    @Test
    void shouldNeverFailOrStoreAnythingForMutatedReadings() {
        Devices.Registered device = Devices.register();
        long accepted = fuzz(SEED, SPECIALS, FuzzTest::validReadings, device.token(), "/api/v1/readings",
                answer -> answer.status() == 202 ? answer.json().path("accepted").asLong() : 0);
        assertThat(readingsOf(device)).as("the topic holds exactly the readings the 202s counted").hasSize((int) accepted);
    }

    @Test
    void shouldNeverFailOrStoreAnythingForMutatedFhirBundles() {
        Devices.Registered device = Devices.register();
        long created = fuzz(SEED + 2, FHIR_SPECIALS, FuzzTest::validBundle, device.token(), "/fhir/r4", answer -> {
            long entries = 0;
            if (answer.status() == 200) {
                for (JsonNode entry : answer.json().path("entry")) {
                    entries += entry.path("response").path("status").asText().startsWith("201") ? 1 : 0;
                }
            }
            return entries;
        });
        assertThat(readingsOf(device)).as("the topic holds exactly the Observations answered 201").hasSize((int) created);
    }

    @Test
    void shouldNeverFailOrStoreAnythingForMutatedOpenMHealthDataPoints() {
        Devices.Registered device = Devices.register();
        long accepted = fuzz(SEED + 3, OMH_SPECIALS, FuzzTest::validDataPoints, device.token(), "/api/v1/omh/dataPoints",
                answer -> answer.status() == 202 ? answer.json().path("accepted").asLong() : 0);
        assertThat(readingsOf(device)).as("the topic holds exactly the data points the 202s counted")
                .hasSize((int) accepted);
    }

    @Test
    void shouldNeverFailOrStoreAnythingForMutatedCheckIns() {
        Devices.Registered device = Devices.register();
        long accepted = fuzz(SEED + 4, CHECK_IN_SPECIALS, FuzzTest::validCheckIn, device.token(), "/api/v1/symptoms",
                answer -> answer.status() == 202 ? 1 : 0);
        assertThat(SymptomsTopic.checkInsBefore(device.patientId()))
                .as("the topic holds exactly the check-ins the 202s accepted").hasSize((int) accepted);
    }

    /**
     * Sends {@link #CASES} mutated copies of a valid body to {@code path}, checks every answer, and sums what
     * {@code accepted} counts in each (the items the service said it took).
     */
    private long fuzz(long seed, List<String> specials, Supplier<JsonNode> valid, String token, String path,
            ToLongFunction<Answer> accepted) {
        long total = 0;
        Iterator<Case> cases = JsonFuzz.seeded(seed, MUTATIONS, specials);
        for (int i = 0; i < CASES; i++) {
            Case fuzz = cases.next();
            Answer answer = send(fuzz, valid.get(), token, path);
            check(fuzz, answer);
            total += accepted.applyAsLong(answer);
        }
        return total;
    }

    /** The device's patient's readings on the topic, up to a marker sent after the fuzzing. */
    private static List<VitalReading> readingsOf(Devices.Registered device) {
        try (ReadingsTopic topic = new ReadingsTopic()) {
            return Marker.readingsBefore(topic, device.patientId());
        }
    }

    @Test
    void shouldNeverFailOrRegisterAnythingForMutatedRegistrations() {
        String admin = "fuzz-admin-" + UUID.randomUUID().toString().substring(0, 8);
        String token = Tokens.admin(admin);
        int created = 0;
        Iterator<Case> cases = JsonFuzz.seeded(SEED + 1, MUTATIONS, SPECIALS);
        for (int i = 0; i < CASES; i++) {
            Case fuzz = cases.next();
            ObjectNode registration = JsonFuzz.NODES.objectNode()
                    .put("deviceId", "fuzz-" + UUID.randomUUID().toString().substring(0, 12))
                    .put("patientId", "patient-fuzz")
                    .put("model", "ThermoPatch 2");
            Answer answer = send(fuzz, registration, token, "/api/v1/devices");
            check(fuzz, answer);
            if (answer.status() == 201) {
                created++;
            }
        }
        long registered = given().auth().oauth2(Tokens.admin()).queryParam("actor", admin)
                .queryParam("action", "device.register").queryParam("size", 1)
                .when().get("/api/v1/audit").then().statusCode(200).extract().jsonPath().getLong("total");
        assertThat(registered).as("the registry holds exactly the devices the 201s created").isEqualTo(created);
    }

    private static void check(Case fuzz, Answer answer) {
        assertThat(answer.failure()).as("%s answered %d %s", fuzz, answer.status(), answer.body()).isNull();
    }

    private Answer send(Case fuzz, JsonNode valid, String token, String path) {
        Random pick = new Random(fuzz.pickSeed());
        Body body = new Body(valid, pick, FIELDS);
        String contentType = "application/json";
        Iterator<JsonNode> values = fuzz.values().iterator();
        for (Mutation mutation : fuzz.mutations()) {
            JsonNode value = values.hasNext() ? values.next().deepCopy() : JsonFuzz.NODES.nullNode();
            if (mutation == Mutation.WRONG_CONTENT_TYPE) {
                contentType = fuzz.contentType();
            } else {
                body.apply(mutation, value);
            }
        }
        return JsonFuzz.send(HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
                .build());
    }

    private static ObjectNode validCheckIn() {
        ObjectNode checkIn = JsonFuzz.NODES.objectNode().put("checkInId", "fuzz-" + UUID.randomUUID())
                .put("otherText", "it itches").put("reportedAt", Instant.now().minusSeconds(30).toString());
        checkIn.putArray("symptoms").add("CHILLS").add("OTHER");
        return checkIn;
    }

    /** A batch of a temperature and a heart rate, as FHIR R4 Observations of the vital-signs profile. */
    private static ObjectNode validBundle() {
        ObjectNode bundle = JsonFuzz.NODES.objectNode().put("resourceType", "Bundle").put("type", "batch");
        ArrayNode entries = bundle.putArray("entry");
        Instant now = Instant.now();
        String[][] vitals = {{"8310-5", "38.4", "Cel"}, {"8867-4", "104", "/min"}};
        for (String[] vital : vitals) {
            ObjectNode entry = entries.addObject();
            ObjectNode observation = entry.putObject("resource").put("resourceType", "Observation").put("status", "final");
            observation.putArray("identifier").addObject().put("system", "urn:example:patch")
                    .put("value", "fuzz-" + UUID.randomUUID());
            observation.putObject("code").putArray("coding").addObject().put("system", "http://loinc.org")
                    .put("code", vital[0]);
            observation.putObject("valueQuantity").put("value", Double.parseDouble(vital[1]))
                    .put("system", "http://unitsofmeasure.org").put("code", vital[2]);
            observation.put("effectiveDateTime", now.minusSeconds(60).toString());
            observation.putObject("bodySite").putArray("coding").addObject().put("system", "http://snomed.info/sct")
                    .put("code", "91470000");
            entry.putObject("request").put("method", "POST").put("url", "Observation");
        }
        return bundle;
    }

    /** A temperature and a heart rate as current Open mHealth data points. */
    private static ArrayNode validDataPoints() {
        ArrayNode points = JsonFuzz.NODES.arrayNode();
        Instant now = Instant.now();
        ObjectNode temperature = points.addObject();
        temperature.putObject("header").put("id", UUID.randomUUID().toString()).put("creation_date_time", now.toString())
                .putObject("schema_id").put("namespace", "omh").put("name", "body-temperature").put("version", "4.0");
        ObjectNode body = temperature.putObject("body");
        body.putObject("body_temperature").put("value", 38.3).put("unit", "C");
        body.putObject("effective_time_frame").put("date_time", now.minusSeconds(60).toString());
        body.put("measurement_location", "axillary");
        ObjectNode heart = points.addObject();
        heart.putObject("header").put("id", UUID.randomUUID().toString()).put("creation_date_time", now.toString())
                .putObject("schema_id").put("namespace", "omh").put("name", "heart-rate").put("version", "3.0");
        ObjectNode heartBody = heart.putObject("body");
        heartBody.putObject("heart_rate").put("value", 112).put("unit", "beats/min");
        heartBody.putObject("effective_time_frame").putObject("time_interval")
                .put("start_date_time", now.minusSeconds(120).toString()).put("end_date_time", now.minusSeconds(60).toString());
        heartBody.put("temporal_relationship_to_physical_activity", "at rest");
        return points;
    }

    private static ObjectNode validReadings() {
        ArrayNode readings = JsonFuzz.NODES.arrayNode();
        Instant now = Instant.now();
        readings.addObject().put("readingId", "fuzz-" + UUID.randomUUID()).put("type", "BODY_TEMPERATURE")
                .put("value", 100.4).put("unit", "[degF]").put("measuredAt", now.minusSeconds(60).toString())
                .put("site", "SKIN").put("activity", "RESTING").put("sensorStatus", "ON_BODY");
        readings.addObject().put("type", "HEART_RATE").put("value", 88).put("unit", "/min")
                .put("measuredAt", now.minus(Duration.ofMinutes(2)).toString());
        ObjectNode batch = JsonFuzz.NODES.objectNode();
        batch.set("readings", readings);
        return batch;
    }
}
