package org.portwatch.ingest.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.portwatch.ingest.support.Devices;
import org.portwatch.ingest.support.Tokens;

/**
 * Every operation of the published API (read from /q/openapi, so nothing can be left out) against every kind of
 * caller, each with the status it must get. An operation in the OpenAPI document but not in {@link #MATRIX}
 * fails: a new endpoint cannot ship before someone decided who may call it. Ingest has no care-team scoping
 * (it holds devices, not patients' data), so "clinician of the team / of another team" is one column here.
 */
@QuarkusTest
class AuthorizationMatrixTest {

    /** Who calls. */
    enum Caller {
        NONE, DEVICE, ADMIN, CLINICIAN, EXPIRED, WRONG_AUDIENCE, OTHER_KEY, TOO_OLD, TOO_LONG_LIVED;

        String authorization(Devices.Registered device) {
            return switch (this) {
                case NONE -> null;
                case DEVICE -> device.token();
                case ADMIN -> Tokens.admin();
                case CLINICIAN -> Tokens.clinician();
                case EXPIRED -> Tokens.expiredAdmin();
                case WRONG_AUDIENCE -> Tokens.otherAudienceAdmin();
                case OTHER_KEY -> Tokens.otherKeyAdmin();
                case TOO_OLD -> Tokens.tooOldAdmin();
                case TOO_LONG_LIVED -> Tokens.weekLongAdmin();
            };
        }
    }

    /** What an operation needs besides the caller: a body, a path to an existing device. */
    private record Operation(Supplier<RequestSpecification> request, String path, Map<Caller, Integer> expected) {
    }

    /** Every token a person's identity provider could send that is not a valid admin's or clinician's. */
    private static final Map<Caller, Integer> PEOPLE_REFUSED = Map.of(Caller.NONE, 401, Caller.DEVICE, 401,
            Caller.EXPIRED, 401, Caller.WRONG_AUDIENCE, 401, Caller.OTHER_KEY, 401, Caller.TOO_OLD, 401,
            Caller.TOO_LONG_LIVED, 401);

    private static Map<Caller, Integer> adminOnly(int adminStatus) {
        Map<Caller, Integer> expected = new EnumMap<>(PEOPLE_REFUSED);
        expected.put(Caller.ADMIN, adminStatus);
        expected.put(Caller.CLINICIAN, 403);
        return expected;
    }

    /** "METHOD /path" as in the OpenAPI document → who gets what. */
    private final Map<String, Operation> MATRIX = rows(
            "POST /api/v1/readings", new Operation(() -> given().contentType(ContentType.JSON)
                    .body(Map.of("readings", List.of(Map.of("type", "HEART_RATE", "value", 72, "unit", "/min",
                            "measuredAt", Instant.now().toString())))), "/api/v1/readings",
                    // Only a device token: a person's JWT, however valid, is not a device credential.
                    Map.of(Caller.NONE, 401, Caller.DEVICE, 202, Caller.ADMIN, 401, Caller.CLINICIAN, 401,
                            Caller.EXPIRED, 401, Caller.WRONG_AUDIENCE, 401, Caller.OTHER_KEY, 401,
                            Caller.TOO_OLD, 401, Caller.TOO_LONG_LIVED, 401)),
            "POST /api/v1/symptoms", new Operation(() -> given().contentType(ContentType.JSON)
                    .body(Map.of("symptoms", List.of("CHILLS"), "reportedAt", Instant.now().toString())),
                    "/api/v1/symptoms",
                    // As readings: the patient's app or phone with its device token, never a person's JWT.
                    Map.of(Caller.NONE, 401, Caller.DEVICE, 202, Caller.ADMIN, 401, Caller.CLINICIAN, 401,
                            Caller.EXPIRED, 401, Caller.WRONG_AUDIENCE, 401, Caller.OTHER_KEY, 401,
                            Caller.TOO_OLD, 401, Caller.TOO_LONG_LIVED, 401)),
            "POST /api/v1/devices", new Operation(() -> given().contentType(ContentType.JSON)
                    .body(Map.of("deviceId", "matrix-" + UUID.randomUUID().toString().substring(0, 8),
                            "patientId", "patient-matrix")), "/api/v1/devices", adminOnly(201)),
            "GET /api/v1/devices/{deviceId}", new Operation(RestAssured::given, "/api/v1/devices/%s", adminOnly(200)),
            "DELETE /api/v1/devices/{deviceId}", new Operation(RestAssured::given, "/api/v1/devices/%s",
                    adminOnly(204)),
            "GET /api/v1/audit", new Operation(RestAssured::given, "/api/v1/audit", adminOnly(200)),
            "POST /fhir/r4", new Operation(() -> given().contentType("application/fhir+json")
                    .body(Map.of("resourceType", "Bundle", "type", "batch", "entry", List.of(Map.of(
                            "resource", observation(), "request", Map.of("method", "POST", "url", "Observation"))))),
                    "/fhir/r4", deviceOnly(200)),
            "POST /fhir/r4/Observation", new Operation(() -> given().contentType("application/fhir+json")
                    .body(observation()), "/fhir/r4/Observation", deviceOnly(201)),
            "POST /api/v1/omh/dataPoints", new Operation(() -> given().contentType(ContentType.JSON)
                    .body(Map.of("header", Map.of("id", UUID.randomUUID().toString(), "creation_date_time",
                                    Instant.now().toString(), "schema_id", Map.of("namespace", "omh", "name", "heart-rate",
                                            "version", "3.0")),
                            "body", Map.of("heart_rate", Map.of("value", 72, "unit", "beats/min"),
                                    "effective_time_frame", Map.of("date_time", Instant.now().toString())))),
                    "/api/v1/omh/dataPoints", deviceOnly(202)),
            // What the FHIR endpoint speaks is public: clients read it before they have a token to send.
            "GET /fhir/r4/metadata", new Operation(RestAssured::given, "/fhir/r4/metadata", everyone(200)));

    /** "METHOD /path", row, "METHOD /path", row, ...: more rows than Map.of takes. */
    private static Map<String, Operation> rows(Object... pairs) {
        Map<String, Operation> rows = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            rows.put((String) pairs[i], (Operation) pairs[i + 1]);
        }
        return rows;
    }

    /** Only a device token: a person's JWT, however valid, is not a device credential. */
    private static Map<Caller, Integer> deviceOnly(int deviceStatus) {
        Map<Caller, Integer> expected = new EnumMap<>(PEOPLE_REFUSED);
        expected.put(Caller.DEVICE, deviceStatus);
        expected.put(Caller.ADMIN, 401);
        expected.put(Caller.CLINICIAN, 401);
        return expected;
    }

    private static Map<Caller, Integer> everyone(int status) {
        Map<Caller, Integer> expected = new EnumMap<>(Caller.class);
        for (Caller caller : Caller.values()) {
            expected.put(caller, status);
        }
        return expected;
    }

    /** A heart rate as a FHIR R4 Observation, a new one each time (a re-sent one is answered 200). */
    private static Map<String, Object> observation() {
        return Map.of("resourceType", "Observation", "status", "final",
                "code", Map.of("coding", List.of(Map.of("system", "http://loinc.org", "code", "8867-4"))),
                "valueQuantity", Map.of("value", 72, "system", "http://unitsofmeasure.org", "code", "/min"),
                "effectiveDateTime", Instant.now().toString(),
                "identifier", List.of(Map.of("value", "matrix-" + UUID.randomUUID())));
    }

    @Test
    void shouldAnswerEveryOperationOfTheOpenApiDocumentAsTheMatrixSaysForEveryCaller() {
        List<String> published = publishedOperations();
        assertThat(published).as("operations in /q/openapi").isNotEmpty();
        assertThat(new TreeSet<>(MATRIX.keySet()))
                .as("every published operation has a row in the authorization matrix, and every row is published")
                .isEqualTo(new TreeSet<>(published));

        // The device whose token is the DEVICE column; revocations in the matrix hit a device of their own.
        Devices.Registered caller = Devices.register();
        List<String> failures = new ArrayList<>();
        MATRIX.forEach((operation, row) -> {
            assertThat(row.expected().keySet()).as(operation + " has a status for every caller")
                    .containsExactlyInAnyOrder(Caller.values());
            row.expected().forEach((who, status) -> {
                String target = row.path().contains("%s") ? row.path().formatted(Devices.register().deviceId()) : row.path();
                RequestSpecification request = row.request().get();
                String authorization = who.authorization(caller);
                if (authorization != null) {
                    request.header("Authorization", "Bearer " + authorization);
                }
                String method = operation.substring(0, operation.indexOf(' '));
                Response response = request.when().request(method, target);
                if (response.statusCode() != status) {
                    failures.add(operation + " as " + who + ": expected " + status + ", got " + response.statusCode());
                }
                if (response.statusCode() >= 400) {
                    assertThat(response.contentType()).as(operation + " as " + who).startsWith(
                            target.startsWith("/fhir/") ? "application/fhir+json" : "application/problem+json");
                }
                if (response.statusCode() == 401) {
                    assertThat(response.header("WWW-Authenticate")).as(operation + " as " + who).isNotNull();
                }
            });
        });
        assertThat(failures).isEmpty();
    }

    @Test
    void shouldAcceptATokenValidAsLongAsTheLocalRunsTokens() {
        given().auth().oauth2(Tokens.dayLongAdmin()).when().get("/api/v1/audit").then().statusCode(200);
    }

    /** "METHOD /path" of every operation the OpenAPI document publishes. */
    private static List<String> publishedOperations() {
        JsonPath openApi = given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = openApi.getMap("paths");
        List<String> operations = new ArrayList<>();
        paths.forEach((path, methods) -> methods.keySet().stream()
                .filter(method -> List.of("get", "put", "post", "delete", "patch", "head", "options").contains(method))
                .forEach(method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path)));
        return operations;
    }
}
