package org.portwatch.alert.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.alerts.AlertEvents;
import org.portwatch.infra.DevJwtIssuer;
import org.portwatch.infra.testing.SharedInfra;

/**
 * Every operation of alert-service's published API (read from /q/openapi, so nothing can be left out) against every
 * kind of caller, each with the status the README's rules give it: another team's patient data is a 404, never a
 * 403 that would say it exists; administrators manage configuration (patients' profiles, webhooks, escalation,
 * audit), not patient data (alerts, the live feed, push); a token with both roles is scoped by its care teams
 * wherever patient data is touched. An operation in the OpenAPI document but not in the matrix fails: a new endpoint
 * cannot ship before someone decided who may call it. State-changing calls act on a fixture of their own, so the
 * caller allowed to make them gets the 2xx of a legitimate request.
 */
@QuarkusTest
class AuthorizationMatrixTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    /** The care team whose patient, alerts, webhooks and escalation policy the matrix acts on. */
    private static final String TEAM = "team-matrix-" + RUN;
    private static final String OTHER_TEAM = "team-other-" + RUN;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TestHTTPResource("/")
    URI base;

    /** Who calls. Expired and wrong-audience tokens carry every role and the team: only their validity refuses them. */
    enum Caller {
        NONE, NO_ROLES, CLINICIAN_OF_TEAM, CLINICIAN_OF_OTHER_TEAM, ADMIN, ADMIN_AND_CLINICIAN_OF_OTHER_TEAM, EXPIRED,
        WRONG_AUDIENCE;

        /** Each caller one subject for the whole run: push subscriptions belong to it. */
        String subject() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + RUN;
        }

        String token() {
            DevJwtIssuer jwt = SharedInfra.jwt();
            Instant now = Instant.now();
            return switch (this) {
                case NONE -> null;
                // What a device or a service account of the identity provider holds: a valid token, no role.
                case NO_ROLES -> jwt.token(subject(), Set.of(), Set.of(), Duration.ofMinutes(10));
                case CLINICIAN_OF_TEAM -> jwt.clinicianToken(subject(), Set.of(TEAM), Duration.ofMinutes(10));
                case CLINICIAN_OF_OTHER_TEAM -> jwt.clinicianToken(subject(), Set.of(OTHER_TEAM), Duration.ofMinutes(10));
                case ADMIN -> jwt.token(subject(), Set.of("admin"), Set.of(), Duration.ofMinutes(10));
                case ADMIN_AND_CLINICIAN_OF_OTHER_TEAM -> jwt.token(subject(), Set.of("admin", "clinician"),
                        Set.of(OTHER_TEAM), Duration.ofMinutes(10));
                case EXPIRED -> jwt.token(subject(), Set.of("admin", "clinician"), Set.of(TEAM), DevJwtIssuer.AUDIENCE,
                        now.minus(Duration.ofMinutes(20)), now.minus(Duration.ofMinutes(5)));
                case WRONG_AUDIENCE -> jwt.token(subject(), Set.of("admin", "clinician"), Set.of(TEAM), "billing-app",
                        now, now.plus(Duration.ofMinutes(10)));
            };
        }
    }

    /** What an operation needs besides the caller: its path (a fresh fixture where the call changes it) and body. */
    private record Operation(Function<Caller, String> path, Supplier<RequestSpecification> request,
            Map<Caller, Integer> expected) {
    }

    /**
     * Statuses for the five callers holding a valid token, in enum order (no roles, clinician of the team, of another
     * team, administrator, administrator and clinician of another team); no token, expired and wrong audience get 401.
     */
    private static Map<Caller, Integer> statuses(int noRoles, int clinicianOfTeam, int clinicianOfOtherTeam, int admin,
            int adminAndClinicianOfOtherTeam) {
        Map<Caller, Integer> expected = new EnumMap<>(Caller.class);
        expected.put(Caller.NONE, 401);
        expected.put(Caller.NO_ROLES, noRoles);
        expected.put(Caller.CLINICIAN_OF_TEAM, clinicianOfTeam);
        expected.put(Caller.CLINICIAN_OF_OTHER_TEAM, clinicianOfOtherTeam);
        expected.put(Caller.ADMIN, admin);
        expected.put(Caller.ADMIN_AND_CLINICIAN_OF_OTHER_TEAM, adminAndClinicianOfOtherTeam);
        expected.put(Caller.EXPIRED, 401);
        expected.put(Caller.WRONG_AUDIENCE, 401);
        return expected;
    }

    /** Configuration: administrators only, whatever else the token holds. */
    private static Map<Caller, Integer> adminOnly(int status) {
        return statuses(403, 403, 403, status, status);
    }

    /** A team's patient data: its clinicians; another team's is unknown (404); administrators are refused (403). */
    private static Map<Caller, Integer> teamsPatientData(int status) {
        return statuses(403, status, 404, 403, 404);
    }

    private static Supplier<RequestSpecification> json(Object body) {
        return () -> given().contentType(ContentType.JSON).body(body);
    }

    private static Function<Caller, String> fixed(String path) {
        return caller -> path;
    }

    /** "METHOD /path" as in the OpenAPI document → who gets what. */
    private static Map<String, Operation> matrix() {
        String patient = Fixtures.patient(TEAM);
        int callers = Caller.values().length;
        // One alert per caller for each of acknowledge and resolve (an allowed call changes it), one to read.
        // One more to assign and comment on, and one to snooze.
        Deque<String> alerts = new ArrayDeque<>(Fixtures.alerts(TEAM, 2 * callers + 3));
        String alert = alerts.pop();
        String assignable = alerts.pop();
        // Snoozing again replaces the snooze: one alert serves every caller of snooze and of its end.
        String snoozable = alerts.pop();
        String webhooks = "/api/v1/care-teams/" + TEAM + "/webhooks/";
        String webhook = Fixtures.webhook(TEAM);
        String clinicianOfTeam = Caller.CLINICIAN_OF_TEAM.token();
        Map<String, Object> profile = Map.of("displayName", "Jane Doe (bed 12)", "careTeamId", TEAM, "portSite", "CHEST",
                "monitoring", true);

        Map<String, Operation> matrix = new LinkedHashMap<>();
        matrix.put("GET /api/v1/alerts", new Operation(fixed("/api/v1/alerts"), RestAssured::given,
                statuses(403, 200, 200, 403, 200)));
        matrix.put("GET /api/v1/alerts/unassigned", new Operation(fixed("/api/v1/alerts/unassigned"), RestAssured::given,
                adminOnly(200)));
        matrix.put("GET /api/v1/alerts/{alertId}", new Operation(fixed("/api/v1/alerts/" + alert), RestAssured::given,
                teamsPatientData(200)));
        matrix.put("POST /api/v1/alerts/{alertId}/acknowledge", new Operation(
                caller -> "/api/v1/alerts/" + alerts.pop() + "/acknowledge", json(Map.of("note", "on my way")),
                teamsPatientData(200)));
        matrix.put("POST /api/v1/alerts/{alertId}/resolve", new Operation(
                caller -> "/api/v1/alerts/" + alerts.pop() + "/resolve", json(Map.of("note", "paracetamol given")),
                teamsPatientData(200)));
        // Assignment and comments are the team's, like acknowledge (the clinician of the team assigns themself).
        matrix.put("PUT /api/v1/alerts/{alertId}/assignee", new Operation(
                fixed("/api/v1/alerts/" + assignable + "/assignee"),
                json(Map.of("assignee", Caller.CLINICIAN_OF_TEAM.subject())), teamsPatientData(200)));
        matrix.put("DELETE /api/v1/alerts/{alertId}/assignee", new Operation(
                fixed("/api/v1/alerts/" + assignable + "/assignee"), RestAssured::given, teamsPatientData(200)));
        matrix.put("POST /api/v1/alerts/{alertId}/comments", new Operation(
                fixed("/api/v1/alerts/" + assignable + "/comments"), json(Map.of("text", "called the patient")),
                teamsPatientData(201)));
        matrix.put("GET /api/v1/alerts/{alertId}/comments", new Operation(
                fixed("/api/v1/alerts/" + assignable + "/comments"), RestAssured::given, teamsPatientData(200)));
        matrix.put("POST /api/v1/alerts/{alertId}/snooze", new Operation(fixed("/api/v1/alerts/" + snoozable + "/snooze"),
                json(Map.of("duration", "PT30M", "reason", "in the shower")), teamsPatientData(200)));
        matrix.put("DELETE /api/v1/alerts/{alertId}/snooze", new Operation(
                caller -> Fixtures.snoozed(snoozable, clinicianOfTeam), RestAssured::given, teamsPatientData(200)));
        matrix.put("POST /api/v1/patients/{patientId}/silences", new Operation(
                fixed("/api/v1/patients/" + patient + "/silences"),
                json(Map.of("duration", "PT24H", "reason", "device charging")), teamsPatientData(201)));
        matrix.put("GET /api/v1/patients/{patientId}/silences", new Operation(
                fixed("/api/v1/patients/" + patient + "/silences"), RestAssured::given, teamsPatientData(200)));
        matrix.put("DELETE /api/v1/patients/{patientId}/silences/{silenceId}", new Operation(
                caller -> Fixtures.silence(patient, clinicianOfTeam), RestAssured::given, teamsPatientData(204)));
        // Every clinician has a feed: of their own teams' alerts.
        matrix.put("GET /api/v1/alerts/stream", new Operation(fixed("/api/v1/alerts/stream"), RestAssured::given,
                statuses(403, 200, 200, 403, 200)));
        // Profiles are configuration: administrators manage every team's (without display names).
        matrix.put("GET /api/v1/patients", new Operation(fixed("/api/v1/patients"), RestAssured::given,
                statuses(403, 200, 200, 200, 200)));
        matrix.put("GET /api/v1/patients/{patientId}", new Operation(fixed("/api/v1/patients/" + patient),
                RestAssured::given, statuses(403, 200, 404, 200, 200)));
        // FHIR out: what it speaks is public; a search is a clinician's, and another team's patient reads as an
        // unknown one (an empty searchset), as the FHIR search semantics of "no match" have it.
        Map<Caller, Integer> everyone = new EnumMap<>(Caller.class);
        for (Caller caller : Caller.values()) {
            everyone.put(caller, 200);
        }
        matrix.put("GET /fhir/r4/metadata", new Operation(fixed("/fhir/r4/metadata"), RestAssured::given, everyone));
        matrix.put("GET /fhir/r4/Observation", new Operation(fixed("/fhir/r4/Observation?patient=" + patient),
                RestAssured::given, statuses(403, 200, 200, 403, 200)));
        matrix.put("GET /fhir/r4/Flag", new Operation(fixed("/fhir/r4/Flag?patient=" + patient), RestAssured::given,
                statuses(403, 200, 200, 403, 200)));
        // The timeline is patient data (readings, alerts): the team's clinicians only, like an alert's evidence.
        matrix.put("GET /api/v1/patients/{patientId}/readings", new Operation(
                fixed("/api/v1/patients/" + patient + "/readings"), RestAssured::given, teamsPatientData(200)));
        // Medication context is patient data, recorded and read by the team's clinicians.
        matrix.put("POST /api/v1/patients/{patientId}/medications", new Operation(
                fixed("/api/v1/patients/" + patient + "/medications"), json(Map.of("medication", "PARACETAMOL")),
                teamsPatientData(201)));
        matrix.put("GET /api/v1/patients/{patientId}/medications", new Operation(
                fixed("/api/v1/patients/" + patient + "/medications"), RestAssured::given, teamsPatientData(200)));
        // A body naming a team not in a clinician's token is 403 whether the patient exists or not (README).
        matrix.put("PUT /api/v1/patients/{patientId}", new Operation(fixed("/api/v1/patients/" + patient), json(profile),
                statuses(403, 200, 403, 200, 200)));
        matrix.put("DELETE /api/v1/patients/{patientId}", new Operation(
                caller -> "/api/v1/patients/" + Fixtures.patient(TEAM), RestAssured::given,
                statuses(403, 204, 404, 204, 204)));
        matrix.put("POST /api/v1/care-teams/{careTeamId}/webhooks", new Operation(
                fixed("/api/v1/care-teams/" + TEAM + "/webhooks"),
                () -> json(Map.of("url", "http://127.0.0.1:9/hooks/" + UUID.randomUUID(), "audience", "ESCALATION")).get(),
                adminOnly(201)));
        matrix.put("GET /api/v1/care-teams/{careTeamId}/webhooks", new Operation(
                fixed("/api/v1/care-teams/" + TEAM + "/webhooks"), RestAssured::given, adminOnly(200)));
        matrix.put("GET /api/v1/care-teams/{careTeamId}/webhooks/{webhookId}", new Operation(fixed(webhooks + webhook),
                RestAssured::given, adminOnly(200)));
        matrix.put("DELETE /api/v1/care-teams/{careTeamId}/webhooks/{webhookId}", new Operation(
                caller -> webhooks + Fixtures.webhook(TEAM), RestAssured::given, adminOnly(204)));
        matrix.put("POST /api/v1/care-teams/{careTeamId}/webhooks/{webhookId}/secret/rotate", new Operation(
                fixed(webhooks + webhook + "/secret/rotate"), RestAssured::given, adminOnly(200)));
        matrix.put("GET /api/v1/care-teams/{careTeamId}/webhooks/{webhookId}/attempts", new Operation(
                fixed(webhooks + webhook + "/attempts"), RestAssured::given, adminOnly(200)));
        matrix.put("GET /api/v1/care-teams/{careTeamId}/escalation-policy", new Operation(
                fixed("/api/v1/care-teams/" + TEAM + "/escalation-policy"), RestAssured::given, adminOnly(200)));
        matrix.put("PUT /api/v1/care-teams/{careTeamId}/escalation-policy", new Operation(
                fixed("/api/v1/care-teams/" + TEAM + "/escalation-policy"),
                json(Map.of("highAfter", "PT5M", "mediumAfter", "PT15M", "repeatEvery", "PT5M",
                        "contacts", List.of(Caller.CLINICIAN_OF_TEAM.subject()))), adminOnly(200)));
        // On-call schedule: administrators set it; the team's clinicians read it and who is on call (issue 11).
        matrix.put("GET /api/v1/care-teams/{careTeamId}/on-call-schedule", new Operation(
                fixed("/api/v1/care-teams/" + TEAM + "/on-call-schedule"), RestAssured::given,
                statuses(403, 200, 404, 200, 200)));
        matrix.put("PUT /api/v1/care-teams/{careTeamId}/on-call-schedule", new Operation(
                fixed("/api/v1/care-teams/" + TEAM + "/on-call-schedule"),
                json(Map.of("timeZone", "Europe/Berlin", "shifts", List.of(Map.of("name", "Night",
                        "days", List.of("MONDAY"), "start", "20:00", "end", "08:00",
                        "level1", Caller.CLINICIAN_OF_TEAM.subject())))), adminOnly(200)));
        matrix.put("DELETE /api/v1/care-teams/{careTeamId}/on-call-schedule", new Operation(
                fixed("/api/v1/care-teams/" + TEAM + "/on-call-schedule"), RestAssured::given, adminOnly(204)));
        matrix.put("GET /api/v1/care-teams/{careTeamId}/on-call", new Operation(
                fixed("/api/v1/care-teams/" + TEAM + "/on-call"), RestAssured::given, statuses(403, 200, 404, 200, 200)));
        matrix.put("GET /api/v1/care-teams/{careTeamId}/grouping", new Operation(
                fixed("/api/v1/care-teams/" + TEAM + "/grouping"), RestAssured::given, adminOnly(200)));
        matrix.put("PUT /api/v1/care-teams/{careTeamId}/grouping", new Operation(
                fixed("/api/v1/care-teams/" + TEAM + "/grouping"), json(Map.of("enabled", true)), adminOnly(200)));
        // The key is public by nature: any authenticated caller may fetch it.
        matrix.put("GET /api/v1/push/vapid-public-key", new Operation(fixed("/api/v1/push/vapid-public-key"),
                RestAssured::given, statuses(200, 200, 200, 200, 200)));
        // Push is a clinician's own browser: their teams' alerts, so not an administrator's.
        matrix.put("POST /api/v1/push/subscriptions", new Operation(fixed("/api/v1/push/subscriptions"),
                () -> json(Fixtures.subscription()).get(), statuses(403, 201, 201, 403, 201)));
        matrix.put("POST /api/v1/push/subscriptions/renewal", new Operation(fixed("/api/v1/push/subscriptions/renewal"),
                RestAssured::given, statuses(403, 200, 200, 403, 200)));
        matrix.put("GET /api/v1/push/subscriptions", new Operation(fixed("/api/v1/push/subscriptions"),
                RestAssured::given, statuses(403, 200, 200, 403, 200)));
        // The subscription is the team clinician's own: anyone else's DELETE finds nothing.
        matrix.put("DELETE /api/v1/push/subscriptions/{id}", new Operation(
                caller -> "/api/v1/push/subscriptions/" + Fixtures.subscribed(clinicianOfTeam), RestAssured::given,
                statuses(403, 204, 404, 403, 404)));
        matrix.put("GET /api/v1/audit", new Operation(fixed("/api/v1/audit"), RestAssured::given, adminOnly(200)));
        return matrix;
    }

    @Test
    void shouldAnswerEveryOperationOfTheOpenApiDocumentAsTheMatrixSaysForEveryCaller() {
        List<String> published = publishedOperations();
        assertThat(published).as("operations in /q/openapi").isNotEmpty();
        Map<String, Operation> matrix = matrix();
        assertThat(new TreeSet<>(matrix.keySet()))
                .as("every published operation has a row in the authorization matrix, and every row is published")
                .isEqualTo(new TreeSet<>(published));

        List<String> failures = new ArrayList<>();
        matrix.forEach((operation, row) -> {
            assertThat(row.expected().keySet()).as(operation + " has a status for every caller")
                    .containsExactlyInAnyOrder(Caller.values());
            String method = operation.substring(0, operation.indexOf(' '));
            row.expected().forEach((who, status) -> {
                Answer answer = operation.equals("GET /api/v1/alerts/stream")
                        ? openStream(who.token())
                        : call(row, method, who);
                if (answer.status() != status) {
                    failures.add(operation + " as " + who + ": expected " + status + ", got " + answer.status());
                }
                if (answer.status() >= 400) {
                    assertThat(answer.contentType()).as(operation + " as " + who).startsWith(
                            operation.contains(" /fhir/") ? "application/fhir+json" : "application/problem+json");
                }
                if (answer.status() == 401) {
                    assertThat(answer.wwwAuthenticate()).as(operation + " as " + who).isNotNull();
                }
            });
        });
        assertThat(failures).isEmpty();
    }

    private record Answer(int status, String contentType, String wwwAuthenticate) {
    }

    private static Answer call(Operation row, String method, Caller who) {
        RequestSpecification request = row.request().get();
        String token = who.token();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        io.restassured.response.Response response = request.when().request(method, row.path().apply(who));
        return new Answer(response.statusCode(), response.contentType(), response.header("WWW-Authenticate"));
    }

    /** The live feed never ends by itself: the status and headers are the answer, then the stream is closed. */
    private Answer openStream(String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/v1/alerts/stream"))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("WWW-Authenticate").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
