package org.portwatch.ingest.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.engine.SourceOfRandomness;
import org.junit.jupiter.api.Test;
import org.portwatch.ingest.support.Devices;
import org.portwatch.ingest.support.Marker;
import org.portwatch.ingest.support.ReadingsTopic;
import org.portwatch.ingest.support.SymptomsTopic;
import org.portwatch.ingest.support.Tokens;

/**
 * Random and mutated JSON against every operation that takes a body. Each case starts from a valid body and
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
    /** Writes what the server's reader must refuse: nesting far past Jackson's default of 1,000. */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(100_000).build()).build());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

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

    enum Mutation {
        REPLACE_VALUE, REMOVE_FIELD, ADD_FIELD, BURY_DEEP, MULTIPLY_READINGS, REPLACE_ROOT, TRUNCATE_TEXT, CORRUPT_BYTE,
        WRONG_CONTENT_TYPE
    }

    /** One case: what to do, with which hostile values, where (the pick seed chooses positions), as which type. */
    record Case(List<Mutation> mutations, List<JsonNode> values, long pickSeed, String contentType) {
    }

    @Test
    void shouldNeverFailOrStoreAnythingForMutatedReadings() {
        Devices.Registered device = Devices.register();
        long accepted = 0;
        Iterator<Case> cases = seeded(SEED);
        for (int i = 0; i < CASES; i++) {
            Case fuzz = cases.next();
            Answer answer = send(fuzz, validReadings(), device.token(), "/api/v1/readings");
            check(fuzz, answer);
            if (answer.status() == 202) {
                accepted += answer.json().path("accepted").asLong();
            }
        }
        try (ReadingsTopic topic = new ReadingsTopic()) {
            assertThat(Marker.readingsBefore(topic, device.patientId()))
                    .as("the topic holds exactly the readings the 202s counted").hasSize((int) accepted);
        }
    }

    @Test
    void shouldNeverFailOrStoreAnythingForMutatedCheckIns() {
        Devices.Registered device = Devices.register();
        int accepted = 0;
        Iterator<Case> cases = seeded(SEED + 2);
        for (int i = 0; i < CASES; i++) {
            Case fuzz = cases.next();
            Answer answer = send(fuzz, validCheckIn(), device.token(), "/api/v1/symptoms");
            check(fuzz, answer);
            if (answer.status() == 202) {
                accepted++;
            }
        }
        assertThat(SymptomsTopic.checkInsBefore(device.patientId()))
                .as("the topic holds exactly the check-ins the 202s accepted").hasSize(accepted);
    }

    @Test
    void shouldNeverFailOrRegisterAnythingForMutatedRegistrations() {
        String admin = "fuzz-admin-" + UUID.randomUUID().toString().substring(0, 8);
        String token = Tokens.admin(admin);
        int created = 0;
        Iterator<Case> cases = seeded(SEED + 1);
        for (int i = 0; i < CASES; i++) {
            Case fuzz = cases.next();
            ObjectNode registration = NODES.objectNode()
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

    /**
     * The cases, from jqwik's generators outside a jqwik property (the app under test needs @QuarkusTest's
     * lifecycle, which jqwik's engine does not run): jqwik draws from its thread's random, which this seeds, so a
     * failing case comes back on every run.
     */
    private static Iterator<Case> seeded(long seed) {
        SourceOfRandomness.create(Long.toString(seed));
        return cases().sampleStream().iterator();
    }

    private static void check(Case fuzz, Answer answer) {
        int status = answer.status();
        assertThat(status).as("%s answered %s", fuzz, answer.body()).isBetween(200, 499);
        if (status >= 400) {
            assertThat(answer.contentType()).as("%s", fuzz).startsWith("application/problem+json");
            assertThat(answer.json().path("type").asText()).as("%s", fuzz).startsWith("urn:portwatch:problem:");
            assertThat(answer.json().path("status").asInt()).as("%s", fuzz).isEqualTo(status);
        }
    }

    private Answer send(Case fuzz, ObjectNode valid, String token, String path) {
        Random pick = new Random(fuzz.pickSeed());
        JsonNode body = valid;
        byte[] text = null;
        String contentType = "application/json";
        Iterator<JsonNode> values = fuzz.values().iterator();
        for (Mutation mutation : fuzz.mutations()) {
            // A copy: the generators hand out the same node instances again, and a mutation that adds a field to one
            // would change every later case that draws it, until one held itself (a StackOverflowError at 10,000 cases).
            JsonNode value = values.hasNext() ? values.next().deepCopy() : NODES.nullNode();
            if (text != null && mutation.ordinal() < Mutation.TRUNCATE_TEXT.ordinal()) {
                continue; // the body is no longer JSON to walk
            }
            switch (mutation) {
                case REPLACE_VALUE -> body = replaceSomewhere(body, pick, node -> value);
                case REMOVE_FIELD -> removeSomewhere(body, pick);
                case ADD_FIELD -> addSomewhere(body, pick, value);
                case BURY_DEEP -> body = replaceSomewhere(body, pick, node -> bury(node, 1 + pick.nextInt(1500)));
                case MULTIPLY_READINGS -> multiply(body, pick);
                case REPLACE_ROOT -> body = value;
                case TRUNCATE_TEXT -> {
                    byte[] bytes = text != null ? text : bytes(body);
                    text = java.util.Arrays.copyOf(bytes, pick.nextInt(bytes.length + 1));
                }
                case CORRUPT_BYTE -> {
                    byte[] bytes = text != null ? text : bytes(body);
                    if (bytes.length > 0) {
                        bytes[pick.nextInt(bytes.length)] = (byte) pick.nextInt(256);
                    }
                    text = bytes;
                }
                case WRONG_CONTENT_TYPE -> contentType = fuzz.contentType();
            }
        }
        // java.net.http, not RestAssured: the exact bytes and content type go out, whatever they are.
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(text != null ? text : bytes(body)))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the service answered. */
    record Answer(int status, String contentType, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode validReadings() {
        ArrayNode readings = NODES.arrayNode();
        Instant now = Instant.now();
        readings.addObject().put("readingId", "fuzz-" + UUID.randomUUID()).put("type", "BODY_TEMPERATURE")
                .put("value", 100.4).put("unit", "[degF]").put("measuredAt", now.minusSeconds(60).toString())
                .put("site", "SKIN").put("activity", "RESTING").put("sensorStatus", "ON_BODY");
        readings.addObject().put("type", "HEART_RATE").put("value", 88).put("unit", "/min")
                .put("measuredAt", now.minus(Duration.ofMinutes(2)).toString());
        ObjectNode batch = NODES.objectNode();
        batch.set("readings", readings);
        return batch;
    }

    private static ObjectNode validCheckIn() {
        ObjectNode checkIn = NODES.objectNode().put("checkInId", "fuzz-" + UUID.randomUUID())
                .put("otherText", "it itches").put("reportedAt", Instant.now().minusSeconds(30).toString());
        checkIn.putArray("symptoms").add("CHILLS").add("OTHER");
        return checkIn;
    }

    /** Every node of the tree, root first. */
    private static List<JsonNode> nodes(JsonNode root) {
        List<JsonNode> all = new ArrayList<>();
        List<JsonNode> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            JsonNode node = todo.remove(todo.size() - 1);
            all.add(node);
            node.elements().forEachRemaining(todo::add);
        }
        return all;
    }

    private static JsonNode replaceSomewhere(JsonNode root, Random pick, Function<JsonNode, JsonNode> replacement) {
        List<JsonNode> containers = nodes(root).stream().filter(n -> n.isContainerNode() && n.size() > 0).toList();
        if (containers.isEmpty()) {
            return replacement.apply(root);
        }
        JsonNode container = containers.get(pick.nextInt(containers.size()));
        if (container instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.get(pick.nextInt(names.size()));
            object.set(name, replacement.apply(object.get(name)));
        } else if (container instanceof ArrayNode array) {
            int index = pick.nextInt(array.size());
            array.set(index, replacement.apply(array.get(index)));
        }
        return root;
    }

    private static void removeSomewhere(JsonNode root, Random pick) {
        List<ObjectNode> objects = nodes(root).stream().filter(n -> n instanceof ObjectNode o && o.size() > 0)
                .map(ObjectNode.class::cast).toList();
        if (!objects.isEmpty()) {
            ObjectNode object = objects.get(pick.nextInt(objects.size()));
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            object.remove(names.get(pick.nextInt(names.size())));
        }
    }

    private static void addSomewhere(JsonNode root, Random pick, JsonNode value) {
        List<ObjectNode> objects = nodes(root).stream().filter(ObjectNode.class::isInstance)
                .map(ObjectNode.class::cast).toList();
        if (!objects.isEmpty()) {
            String[] names = {"patientId", "deviceId", "value", "__proto__", "readings", "x\u0000y", "\uD83D\uDE00", "$where"};
            objects.get(pick.nextInt(objects.size())).set(names[pick.nextInt(names.length)], value);
        }
    }

    private static JsonNode bury(JsonNode node, int depth) {
        JsonNode buried = node;
        for (int i = 0; i < depth; i++) {
            buried = i % 2 == 0 ? NODES.arrayNode().add(buried) : NODES.objectNode().set("a", buried);
        }
        return buried;
    }

    private static void multiply(JsonNode root, Random pick) {
        // The list of the operation: a batch's readings, a check-in's symptoms.
        JsonNode readings = root.has("readings") ? root.get("readings") : root.get("symptoms");
        if (readings instanceof ArrayNode array && array.size() > 0) {
            JsonNode one = array.get(0);
            int copies = pick.nextInt(700);
            for (int i = 0; i < copies; i++) {
                array.add(one); // the same node again: a copy of a deeply buried one would overflow the stack
            }
        }
    }

    /** Values a careless or hostile client sends where a well-typed one belongs. */
    private static Arbitrary<JsonNode> hostileValues() {
        Arbitrary<JsonNode> numbers = Arbitraries.of(
                NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(Long.MIN_VALUE), NODES.numberNode(-0.0),
                NODES.numberNode(Double.MAX_VALUE), NODES.numberNode(Double.MIN_VALUE), NODES.numberNode(1e308),
                NODES.numberNode(new BigDecimal("1e400")), NODES.numberNode(new BigDecimal("-1e-400")),
                NODES.numberNode(new BigInteger("9".repeat(400))), NODES.numberNode(37.5), NODES.numberNode(0));
        Arbitrary<JsonNode> doubles = Arbitraries.doubles().map(NODES::numberNode);
        Arbitrary<JsonNode> strings = Arbitraries.strings().all().ofMaxLength(40).map(NODES::textNode);
        Arbitrary<JsonNode> special = Arbitraries.of("", " ", "NaN", "Infinity", "-0", "\u0000", "Cel", "[degF]", "/min",
                "°F", "HEART_RATE", "BODY_TEMPERATURE", "2026-13-45T99:99:99Z", "+999999999-12-31T23:59:59Z",
                "1970-01-01T00:00:00Z", Instant.now().toString(), "\u202Eevil", "\uD800", "\uDFFF\uD800",
                "x".repeat(10_000), "../../etc/passwd", "' OR 1=1 --", "<script>alert(1)</script>")
                .map(NODES::textNode);
        Arbitrary<JsonNode> shapes = Arbitraries.of(NODES.nullNode(), NODES.booleanNode(true), NODES.booleanNode(false),
                NODES.arrayNode(), NODES.objectNode(), NODES.arrayNode().add(1).add("two").addNull(),
                NODES.objectNode().put("readings", "none"));
        return Arbitraries.oneOf(numbers, doubles, strings, special, shapes);
    }

    private static Arbitrary<Case> cases() {
        Arbitrary<List<Mutation>> mutations = Arbitraries.of(Mutation.class).list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<List<JsonNode>> values = hostileValues().list().ofSize(3);
        Arbitrary<String> contentTypes = Arbitraries.of("text/plain", "application/xml", "application/octet-stream",
                "application/json; charset=UTF-16", "application/problem+json", "multipart/form-data; boundary=x",
                "application/x-www-form-urlencoded", "application/json;;;", "*/*");
        return Combinators.combine(mutations, values, Arbitraries.longs(), contentTypes).as(Case::new);
    }
}
