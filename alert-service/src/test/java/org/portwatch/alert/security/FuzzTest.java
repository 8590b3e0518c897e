package org.portwatch.alert.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.portwatch.infra.testing.JsonFuzz;
import org.portwatch.infra.testing.JsonFuzz.Answer;
import org.portwatch.infra.testing.JsonFuzz.Body;
import org.portwatch.infra.testing.JsonFuzz.Case;
import org.portwatch.infra.testing.JsonFuzz.Mutation;
import org.portwatch.infra.testing.SharedInfra;

/**
 * Random and mutated input against every operation of alert-service that takes any: its JSON body (a value replaced
 * by a wrong type, a huge number or exotic unicode; a field removed or added; a value buried deep; the root
 * replaced; the text truncated or a byte corrupted; the wrong content type; no body at all), its path parameters and
 * its query parameters (hostile text, percent-encoded, or raw escapes such as {@code %00} and {@code %FF}). Whatever
 * comes in: never a 5xx, every 4xx is problem+json, and a rejected request changes nothing: a snapshot of every row a
 * client can reach (all patients; the fuzzed team's alerts, timelines, webhooks and escalation policy; the fuzzing
 * clinician's push subscriptions; the fuzzing callers' audit rows) is the same after a 4xx as before it. Cases come
 * from jqwik's generators with a fixed seed per operation (reproducible); their number per operation is
 * {@code portwatch.fuzz.cases} (the pom's figure for every build; 100,000 with {@code -Pfuzz-long}).
 */
@QuarkusTest
@TestProfile(FuzzTest.Unthrottled.class)
class FuzzTest {

    private static final long SEED = 20_261_130L;
    private static final int CASES = Integer.getInteger("portwatch.fuzz.cases", 300);
    /** Sent as they are, not encoded: escapes of a NUL, of a slash, of dots, and of bytes that are not UTF-8. */
    private static final List<String> RAW_SEGMENTS = List.of("%00", "..", "%2e%2e", "a%2Fb", "%C0%AF", "%FF", "%E2%80%AE",
            "%20", "~", "%3B", "%7B%7D");
    /**
     * Longest path or query value sent. Vert.x refuses a request line over 4 KiB itself (414, before any route, so
     * not problem+json); the fuzzer is after what the application does with what reaches it.
     */
    private static final int MAX_PARAMETER = 1000;

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String TEAM = "team-fuzz-" + RUN;
    private static final String CLINICIAN = "dr-fuzz-" + RUN;
    private static final String ADMIN = "admin-fuzz-" + RUN;

    /** Every row a client can change, hashed: what a rejected request must leave as it was. */
    private static final String SNAPSHOT = """
            SELECT concat_ws(' ',
              (SELECT count(*) || md5(coalesce(string_agg(p::text, '|' ORDER BY p.patient_id), '')) FROM patient p),
              (SELECT count(*) || md5(coalesce(string_agg(a::text, '|' ORDER BY a.alert_id), ''))
                 FROM alert a WHERE a.care_team_id = $1),
              (SELECT count(*) || md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), ''))
                 FROM alert_timeline t WHERE t.alert_id IN (SELECT alert_id FROM alert WHERE care_team_id = $1)),
              (SELECT count(*) || md5(coalesce(string_agg(c::text, '|' ORDER BY c.id), ''))
                 FROM alert_comment c WHERE c.alert_id IN (SELECT alert_id FROM alert WHERE care_team_id = $1)),
              (SELECT count(*) || md5(coalesce(string_agg(w::text, '|' ORDER BY w.id), ''))
                 FROM webhook w WHERE w.care_team_id = $1),
              (SELECT count(*) || md5(coalesce(string_agg(e::text, '|' ORDER BY e.care_team_id), ''))
                 FROM escalation_policy e WHERE e.care_team_id = $1),
              (SELECT count(*) || md5(coalesce(string_agg(g::text, '|' ORDER BY g.care_team_id), ''))
                 FROM care_team_grouping g WHERE g.care_team_id = $1),
              (SELECT count(*) || md5(coalesce(string_agg(o::text, '|' ORDER BY o.care_team_id), ''))
                 FROM on_call_schedule o WHERE o.care_team_id = $1),
              (SELECT count(*) || md5(coalesce(string_agg(s::text, '|' ORDER BY s.id), ''))
                 FROM push_subscription s WHERE s.subject = $2),
              (SELECT count(*) || md5(coalesce(string_agg(i::text, '|' ORDER BY i.silence_id), ''))
                 FROM alert_silence i WHERE i.care_team_id = $1),
              (SELECT count(*) FROM audit_entry WHERE actor IN ($2, $3)))""";

    @TestHTTPResource("/")
    URI base;

    @Inject
    Pool pool;

    /** The fuzzer is one client sending thousands of requests: no address limit may answer instead of the code under test. */
    public static class Unthrottled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("alerts.limits.address-requests-per-second", "100000000",
                    "alerts.limits.address-requests-burst", "100000000");
        }
    }

    /** Every body mutation but the readings list's, which no body here has. */
    private static final Set<Mutation> BODY_MUTATIONS = EnumSet.complementOf(
            EnumSet.of(Mutation.MULTIPLY_ARRAY, Mutation.PATH_VALUE, Mutation.QUERY_VALUE));
    /** This API's own words and favourite targets, where a well-typed value belongs. */
    private static final List<String> SPECIALS = List.of("OPEN", "open,RESOLVED", "CRITICAL", "CARE_TEAM",
            "ESCALATION", "CHEST", "PT0S", "P-1D", "PT999999999999H", "P1Y", "-PT5M", Instant.now().toString(),
            "00000000-0000-0000-0000-000000000000", UUID.randomUUID().toString(),
            "http://169.254.169.254/latest/meta-data", "http://[::1]:9/x", "https://127.0.0.1:9/", "javascript:alert(1)",
            "file:///etc/passwd", "http://user:pass@127.0.0.1:9/", "team-" + "y".repeat(70), "patient-\n-injected");
    private static final List<String> FIELDS = List.of("careTeamId", "patientId", "subject", "secret", "status");

    /**
     * An operation as a legitimate caller makes it: its path parameters, query and body are valid, so what the
     * service refuses is the mutation's doing.
     */
    private record Target(String method, String template, Map<String, String> path, Map<String, String> query,
            Supplier<JsonNode> body, String token) {

        String operation() {
            return method + " " + template;
        }

        Set<Mutation> mutations() {
            Set<Mutation> mutations = EnumSet.of(Mutation.QUERY_VALUE);
            if (body != null) {
                mutations.addAll(BODY_MUTATIONS);
            }
            if (!path.isEmpty()) {
                mutations.add(Mutation.PATH_VALUE);
            }
            return mutations;
        }
    }

    /**
     * Operations that take input but are not fuzzed here, with the reason. The live feed's only input is the
     * Last-Event-ID header, and any accepted request is an endless stream: FeedLimitsTest and LiveFeedTest cover it.
     */
    private static final Set<String> NOT_FUZZED = Set.of("GET /api/v1/alerts/stream");

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static Supplier<JsonNode> body(Supplier<Object> valid) {
        return () -> JsonFuzz.JSON.valueToTree(valid.get());
    }

    private List<Target> targets() {
        String clinician = SharedInfra.jwt().clinicianToken(CLINICIAN, Set.of(TEAM), Duration.ofMinutes(30));
        String admin = SharedInfra.jwt().token(ADMIN, Set.of("admin"), Set.of(), Duration.ofMinutes(30));
        String patient = Fixtures.patient(TEAM);
        String toDischarge = Fixtures.patient(TEAM);
        List<String> alerts = Fixtures.alerts(TEAM, 6);
        Fixtures.snoozed(alerts.get(4), clinician); // so that the valid DELETE of its snooze is accepted once
        String webhook = Fixtures.webhook(TEAM);
        String toDelete = Fixtures.webhook(TEAM);
        String subscription = Fixtures.subscribed(clinician);
        Map<String, String> alertFilter = ordered("status", "OPEN", "severity", "LOW", "patientId", patient, "page", "0",
                "size", "50");
        Map<String, String> none = Map.of();
        String webhooks = "/api/v1/care-teams/{careTeamId}/webhooks";
        return List.of(
                new Target("GET", "/api/v1/alerts", none, alertFilter, null, clinician),
                new Target("GET", "/api/v1/alerts/unassigned", none, alertFilter, null, admin),
                new Target("GET", "/api/v1/alerts/{alertId}", ordered("alertId", alerts.get(0)), none, null, clinician),
                new Target("POST", "/api/v1/alerts/{alertId}/acknowledge", ordered("alertId", alerts.get(1)), none,
                        body(() -> Map.of("note", "on my way")), clinician),
                new Target("POST", "/api/v1/alerts/{alertId}/resolve", ordered("alertId", alerts.get(2)), none,
                        body(() -> Map.of("note", "paracetamol given")), clinician),
                new Target("PUT", "/api/v1/alerts/{alertId}/assignee", ordered("alertId", alerts.get(5)), none,
                        body(() -> Map.of("assignee", CLINICIAN)), clinician),
                new Target("DELETE", "/api/v1/alerts/{alertId}/assignee", ordered("alertId", alerts.get(5)), none, null,
                        clinician),
                new Target("POST", "/api/v1/alerts/{alertId}/comments", ordered("alertId", alerts.get(5)), none,
                        body(() -> Map.of("text", "called the patient")), clinician),
                new Target("GET", "/api/v1/alerts/{alertId}/comments", ordered("alertId", alerts.get(5)), none, null,
                        clinician),
                new Target("POST", "/api/v1/alerts/{alertId}/snooze", ordered("alertId", alerts.get(3)), none,
                        body(() -> Map.of("duration", "PT30M", "reason", "in the shower")), clinician),
                new Target("DELETE", "/api/v1/alerts/{alertId}/snooze", ordered("alertId", alerts.get(4)), none, null,
                        clinician),
                new Target("POST", "/api/v1/patients/{patientId}/silences", ordered("patientId", patient), none,
                        body(() -> Map.of("duration", "PT24H", "reason", "device charging")), clinician),
                new Target("GET", "/api/v1/patients/{patientId}/silences", ordered("patientId", patient), none, null,
                        clinician),
                new Target("DELETE", "/api/v1/patients/{patientId}/silences/{silenceId}",
                        ordered("patientId", patient, "silenceId", Fixtures.silence(patient, clinician)
                                .substring(("/api/v1/patients/" + patient + "/silences/").length())), none, null,
                        clinician),
                new Target("GET", "/api/v1/patients", none,
                        ordered("careTeamId", TEAM, "includeDischarged", "false", "page", "0", "size", "50"), null, clinician),
                new Target("GET", "/api/v1/patients/{patientId}", ordered("patientId", patient), none, null, clinician),
                new Target("GET", "/api/v1/patients/{patientId}/readings", ordered("patientId", patient),
                        ordered("from", "2026-11-29T08:00:00Z", "to", "2026-11-30T08:00:00Z", "type", "HEART_RATE"), null,
                        clinician),
                new Target("POST", "/api/v1/patients/{patientId}/medications", ordered("patientId", patient), none,
                        body(() -> Map.of("medication", "IBUPROFEN", "takenAt", Instant.now().minusSeconds(600).toString())),
                        clinician),
                new Target("GET", "/api/v1/patients/{patientId}/medications", ordered("patientId", patient),
                        ordered("days", "7"), null, clinician),
                new Target("GET", "/fhir/r4/Observation", none, ordered("patient", "Patient/" + patient, "code",
                        "http://loinc.org|8310-5", "date", "ge2026-11-29", "_count", "50", "_offset", "0"), null, clinician),
                new Target("GET", "/fhir/r4/Flag", none, ordered("patient", patient, "status", "active", "_count", "50"),
                        null, clinician),
                new Target("PUT", "/api/v1/patients/{patientId}", ordered("patientId", patient), none,
                        body(() -> Map.of("displayName", "Jane Doe (bed 12)", "careTeamId", TEAM, "portSite", "CHEST",
                                "monitoring", true, "thresholds", Map.of("heartRateHigh", 110, "feverCelsius", 38.0))),
                        clinician),
                new Target("DELETE", "/api/v1/patients/{patientId}", ordered("patientId", toDischarge), none, null,
                        clinician),
                new Target("POST", webhooks, ordered("careTeamId", TEAM), none,
                        body(() -> Map.of("url", "http://127.0.0.1:9/hooks/" + UUID.randomUUID(), "audience", "ESCALATION")),
                        admin),
                new Target("GET", webhooks, ordered("careTeamId", TEAM), none, null, admin),
                new Target("GET", webhooks + "/{webhookId}", ordered("careTeamId", TEAM, "webhookId", webhook), none, null,
                        admin),
                new Target("DELETE", webhooks + "/{webhookId}", ordered("careTeamId", TEAM, "webhookId", toDelete), none,
                        null, admin),
                new Target("POST", webhooks + "/{webhookId}/secret/rotate",
                        ordered("careTeamId", TEAM, "webhookId", webhook), none, null, admin),
                new Target("GET", webhooks + "/{webhookId}/attempts", ordered("careTeamId", TEAM, "webhookId", webhook),
                        ordered("limit", "50"), null, admin),
                new Target("GET", "/api/v1/care-teams/{careTeamId}/escalation-policy", ordered("careTeamId", TEAM), none,
                        null, admin),
                new Target("PUT", "/api/v1/care-teams/{careTeamId}/escalation-policy", ordered("careTeamId", TEAM), none,
                        body(() -> Map.of("highAfter", "PT5M", "mediumAfter", "PT15M", "repeatEvery", "PT5M",
                                "contacts", List.of(CLINICIAN))), admin),
                new Target("GET", "/api/v1/care-teams/{careTeamId}/on-call-schedule", ordered("careTeamId", TEAM), none,
                        null, clinician),
                new Target("PUT", "/api/v1/care-teams/{careTeamId}/on-call-schedule", ordered("careTeamId", TEAM), none,
                        body(() -> Map.of("timeZone", "Europe/Berlin", "shifts", List.of(Map.of("name", "Night",
                                "days", List.of("MONDAY", "TUESDAY"), "start", "20:00", "end", "08:00",
                                "level1", CLINICIAN, "level2", "dr-2", "chargeNurse", "cn-1")))), admin),
                new Target("DELETE", "/api/v1/care-teams/{careTeamId}/on-call-schedule", ordered("careTeamId", TEAM), none,
                        null, admin),
                new Target("GET", "/api/v1/care-teams/{careTeamId}/on-call", ordered("careTeamId", TEAM), none, null,
                        clinician),
                new Target("GET", "/api/v1/care-teams/{careTeamId}/grouping", ordered("careTeamId", TEAM), none, null,
                        admin),
                new Target("PUT", "/api/v1/care-teams/{careTeamId}/grouping", ordered("careTeamId", TEAM), none,
                        body(() -> Map.of("enabled", true)), admin),
                new Target("POST", "/api/v1/push/subscriptions", none, none, body(Fixtures::subscription), clinician),
                new Target("DELETE", "/api/v1/push/subscriptions/{id}", ordered("id", subscription), none, null, clinician),
                new Target("GET", "/api/v1/audit", none, ordered("actor", ADMIN, "action", "webhook.create",
                        "targetType", "webhook", "targetId", webhook, "page", "0", "size", "50"), null, admin));
    }

    @Test
    void shouldNeverFailNorChangeAnythingOnRejectionWhateverAnOperationIsSent() {
        List<Target> targets = targets();
        Set<String> fuzzed = new TreeSet<>(targets.stream().map(Target::operation).toList());
        assertThat(fuzzed)
                .as("every published operation that takes input is fuzzed, or said why not")
                .isEqualTo(operationsTakingInput());

        List<String> summary = new ArrayList<>();
        // Every failing case of every operation, not only the first: one run shows all there is to fix.
        List<String> failures = new ArrayList<>();
        long seed = SEED;
        for (Target target : targets) {
            long started = System.nanoTime();
            int rejected = 0;
            int failed = 0;
            String before = snapshot();
            Iterator<Case> cases = JsonFuzz.seeded(seed++, target.mutations(), SPECIALS);
            for (int i = 0; i < CASES; i++) {
                Case fuzz = cases.next();
                Sent sent = send(target, fuzz);
                String after = snapshot();
                String failure = sent.answer().failure();
                if (failure == null && sent.answer().status() >= 400 && !after.equals(before)) {
                    failure = "a rejected request changed stored state";
                }
                if (sent.answer().status() >= 400) {
                    rejected++;
                }
                if (failure != null && ++failed <= 5) { // a few examples per operation; the count says the rest
                    failures.add("%s (case %d, %s %s): %s; answered %d %s".formatted(target.operation(), i,
                            target.method(), sent.uri(), failure, sent.answer().status(), abbreviate(sent.answer().body())));
                }
                before = after;
            }
            summary.add("%s: %d cases, %d rejected, %d failed, %d ms".formatted(target.operation(), CASES, rejected,
                    failed, (System.nanoTime() - started) / 1_000_000));
            if (failed > 5) {
                failures.add("%s: %d more failing cases".formatted(target.operation(), failed - 5));
            }
        }
        System.out.println("FuzzTest\n  " + String.join("\n  ", summary));
        assertThat(failures).as("cases answered 5xx, a 4xx not problem+json, or a rejection that changed state")
                .isEmpty();
    }

    /** "METHOD /path" of every published operation with a parameter or a body, but those {@link #NOT_FUZZED}. */
    private static Set<String> operationsTakingInput() {
        JsonPath openApi = given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Map<String, Object>>> paths = openApi.getMap("paths");
        Set<String> operations = new TreeSet<>();
        paths.forEach((path, methods) -> methods.forEach((method, operation) -> {
            boolean input = operation.get("requestBody") != null || operation.get("parameters") != null
                    || path.contains("{");
            String name = method.toUpperCase(Locale.ROOT) + " " + path;
            if (input && !NOT_FUZZED.contains(name)) {
                operations.add(name);
            }
        }));
        return operations;
    }

    private String snapshot() {
        return pool.preparedQuery(SNAPSHOT).execute(Tuple.of(TEAM, CLINICIAN, ADMIN)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getString(0);
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    /** A request as sent (the URI with its escapes, for the report) and its answer. */
    private record Sent(String uri, Answer answer) {
    }

    private Sent send(Target target, Case fuzz) {
        Random pick = new Random(fuzz.pickSeed());
        Map<String, String> path = new LinkedHashMap<>();
        target.path().forEach((name, value) -> path.put(name, encode(value)));
        Map<String, String> query = new LinkedHashMap<>();
        target.query().forEach((name, value) -> query.put(name, encode(value)));
        Body body = target.body() == null ? null : new Body(target.body().get(), pick, FIELDS);
        boolean noBody = target.body() == null;
        String contentType = "application/json";
        Iterator<JsonNode> values = fuzz.values().iterator();
        for (Mutation mutation : fuzz.mutations()) {
            // A copy: the generators hand out shared nodes, which a mutation must not grow from case to case.
            JsonNode value = values.hasNext() ? values.next().deepCopy() : JsonFuzz.NODES.nullNode();
            switch (mutation) {
                case WRONG_CONTENT_TYPE -> contentType = fuzz.contentType();
                case NO_BODY -> noBody = true;
                case PATH_VALUE -> {
                    List<String> names = new ArrayList<>(path.keySet());
                    path.put(names.get(pick.nextInt(names.size())), parameter(value, fuzz.raw(), pick));
                }
                case QUERY_VALUE -> {
                    List<String> names = new ArrayList<>(query.keySet());
                    names.addAll(List.of("page", "size", "limit", "status", "__proto__", "x%00y"));
                    query.put(names.get(pick.nextInt(names.size())), parameter(value, fuzz.raw(), pick));
                }
                default -> body.apply(mutation, value);
            }
        }
        String uri = target.template();
        for (Map.Entry<String, String> parameter : path.entrySet()) {
            uri = uri.replace("{" + parameter.getKey() + "}", parameter.getValue());
        }
        if (!query.isEmpty()) {
            List<String> pairs = new ArrayList<>();
            query.forEach((name, value) -> pairs.add(name + "=" + value));
            uri += "?" + String.join("&", pairs);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(uri))
                .header("Authorization", "Bearer " + target.token())
                .timeout(Duration.ofSeconds(30));
        if (noBody) {
            request.method(target.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType)
                    .method(target.method(), HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
        }
        return new Sent(uri, JsonFuzz.send(request.build()));
    }

    /** A hostile path or query value: the value's text percent-encoded, or one of the raw escapes. */
    private static String parameter(JsonNode value, boolean raw, Random pick) {
        if (raw) {
            return RAW_SEGMENTS.get(pick.nextInt(RAW_SEGMENTS.size()));
        }
        String text = value.isTextual() ? value.asText() : value.toString();
        return encode(text.length() > MAX_PARAMETER ? text.substring(0, MAX_PARAMETER) : text);
    }

    /** Percent-encodes every byte of the UTF-8 form but RFC 3986's unreserved characters. */
    private static String encode(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }
}
