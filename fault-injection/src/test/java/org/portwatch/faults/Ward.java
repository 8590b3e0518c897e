package org.portwatch.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.portwatch.infra.testing.PackagedStack;
import org.portwatch.infra.testing.TopicReader;
import org.portwatch.infra.testing.WebhookRecorder;
import org.portwatch.local.simulator.EpisodeKind;
import org.portwatch.local.simulator.PatientModel;
import org.portwatch.local.simulator.SimReading;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.Json;
import org.portwatch.model.Topics;
import org.portwatch.model.VitalType;

/**
 * One scenario's patients: a care team of its own with a webhook receiver, its patients enrolled with a registered
 * device each, and their readings as the local run's simulator makes them ({@link PatientModel}; planted episodes are
 * its FEVER episodes, which began about 15 minutes before the stream's end, topped by one oral thermometer reading of
 * 38.6 °C so that each reaches HIGH). The readings cover the last {@link #SPAN_MINUTES} minutes of event time, one
 * temperature and one heart rate a minute, posted in {@link #rounds()} rounds of one request per patient, as a phone
 * would sync them.
 */
final class Ward implements AutoCloseable {

    static final int SPAN_MINUTES = 20;
    static final int MINUTES_PER_REQUEST = 2;
    static final double ORAL_FEVER = 38.6;
    /** Transitions a detector publishes, as they reach a care team's webhook. */
    static final Set<String> TRANSITION_TYPES = Set.of("alert.raised", "alert.escalated", "alert.resolved");

    private static final ObjectMapper JSON = Json.mapper();
    private static final Duration TOKEN_VALIDITY = Duration.ofHours(2);

    /** A patient with their device. */
    record Patient(String patientId, String deviceId, String token, PatientModel model) {
        boolean episode() {
            return model.episodeKind() != EpisodeKind.NONE;
        }
    }

    /** What ingest answered one request, and how long it took. */
    record Answer(int status, Duration took, String retryAfter, List<String> readingKeys) {
    }

    final PackagedStack stack;
    final String team;
    final WebhookRecorder receiver;
    private static final List<WebhookRecorder> RECEIVERS = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<Patient> patients;
    final Instant streamEnd;
    /** Device|readingId of every reading answered 202. */
    final Set<String> accepted = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final HttpClient http;
    private final ExecutorService posters;
    private volatile int alertReplica;

    private Ward(PackagedStack stack, String team, WebhookRecorder receiver, List<Patient> patients,
                 Instant streamEnd, HttpClient http, ExecutorService posters) {
        this.stack = stack;
        this.team = team;
        this.receiver = receiver;
        this.patients = patients;
        this.streamEnd = streamEnd;
        this.http = http;
        this.posters = posters;
    }

    /**
     * Enrols {@code patients} patients (of whom {@code episodes} have a fever episode) in a new care team named after
     * {@code scenario}, with a care-team webhook to a new receiver.
     */
    static Ward enrol(PackagedStack stack, String scenario, int patients, int episodes, long seed) {
        String team = scenario + "-" + UUID.randomUUID().toString().substring(0, 6);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        ExecutorService posters = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "ward-" + scenario);
            t.setDaemon(true);
            return t;
        });
        Instant streamEnd = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Random random = new Random(seed);
        List<Integer> indexes = IntStream.range(0, patients).boxed().collect(Collectors.toList());
        java.util.Collections.shuffle(indexes, random);
        Set<Integer> withEpisode = new HashSet<>(indexes.subList(0, episodes));
        WebhookRecorder receiver = new WebhookRecorder();
        RECEIVERS.add(receiver);
        Ward ward = new Ward(stack, team, receiver, List.of(), streamEnd, http, posters);
        ward.useAlertReplica(firstRunningReplica(stack));
        ward.call(ward.admin("POST", stack.alertUrl(ward.alertReplica) + "/api/v1/care-teams/" + team + "/webhooks",
                Map.of("url", receiver.url(), "audience", "CARE_TEAM")), 201);
        List<CompletableFuture<Patient>> enrolled = new ArrayList<>();
        for (int i = 0; i < patients; i++) {
            String patientId = team + "-p" + i;
            EpisodeKind kind = withEpisode.contains(i) ? EpisodeKind.FEVER : EpisodeKind.NONE;
            long patientSeed = random.nextLong();
            enrolled.add(CompletableFuture.supplyAsync(() -> ward.enrolOne(patientId, kind, patientSeed), posters));
        }
        List<Patient> list = enrolled.stream().map(CompletableFuture::join).toList();
        Ward enrolledWard = new Ward(stack, team, receiver, list, streamEnd, http, posters);
        enrolledWard.useAlertReplica(ward.alertReplica);
        return enrolledWard;
    }

    private static int firstRunningReplica(PackagedStack stack) {
        return IntStream.range(0, stack.alertReplicas()).filter(stack::alertServiceAlive).findFirst()
                .orElseThrow(() -> new IllegalStateException("no alert-service replica runs"));
    }

    private Patient enrolOne(String patientId, EpisodeKind kind, long seed) {
        call(admin("PUT", stack.alertUrl(alertReplica) + "/api/v1/patients/" + patientId,
                Map.of("displayName", "Fault Patient", "careTeamId", team, "portSite", "CHEST")), 201);
        String deviceId = "patch-" + patientId;
        JsonNode device = call(admin("POST", stack.ingestUrl() + "/api/v1/devices",
                Map.of("deviceId", deviceId, "patientId", patientId)), 201);
        PatientModel model = new PatientModel(deviceId, team, kind, streamEnd, seed);
        return new Patient(patientId, deviceId, device.path("token").asText(), model);
    }

    /** Which alert-service replica the ward's API calls go to (one that runs). */
    void useAlertReplica(int replica) {
        this.alertReplica = replica;
    }

    int episodes() {
        return (int) patients.stream().filter(Patient::episode).count();
    }

    Set<String> patientIds() {
        return patients.stream().map(Patient::patientId).collect(Collectors.toSet());
    }

    int rounds() {
        return SPAN_MINUTES / MINUTES_PER_REQUEST;
    }

    /** The readings of {@code patient} in round {@code round}: two minutes of temperature and heart rate. */
    List<SimReading> readings(Patient patient, int round) {
        Instant from = streamEnd.minus(Duration.ofMinutes(SPAN_MINUTES - (long) round * MINUTES_PER_REQUEST));
        List<SimReading> readings = new ArrayList<>();
        for (int m = 0; m < MINUTES_PER_REQUEST; m++) {
            Instant t = from.plus(Duration.ofMinutes(m));
            readings.add(patient.model().temperature(t));
            readings.add(patient.model().heartRate(t));
        }
        if (patient.episode() && round == rounds() - 1) {
            Instant t = streamEnd.minusSeconds(30);
            String id = UUID.nameUUIDFromBytes((patient.deviceId() + "|oral|" + t).getBytes()).toString();
            readings.add(new SimReading(id, VitalType.BODY_TEMPERATURE, ORAL_FEVER, "Cel", t,
                    org.portwatch.model.MeasurementSite.ORAL, org.portwatch.model.Activity.RESTING,
                    org.portwatch.model.SensorStatus.ON_BODY));
        }
        return readings;
    }

    /** Posts one request of readings for {@code patient}, once; the answer is recorded. */
    Answer post(Patient patient, List<SimReading> readings) {
        List<Map<String, Object>> body = readings.stream().map(SimReading::toJson).toList();
        List<String> keys = readings.stream().map(r -> patient.deviceId() + "|" + r.readingId()).toList();
        long t0 = System.nanoTime();
        int status;
        String retryAfter = null;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create(stack.ingestUrl() + "/api/v1/readings"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + patient.token())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("readings", body))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            retryAfter = response.headers().firstValue("Retry-After").orElse(null);
            if (status == 202) {
                JsonNode result = JSON.readTree(response.body());
                assertThat(result.path("accepted").asInt() + result.path("duplicates").asInt())
                        .as("every reading of a generated request is valid").isEqualTo(readings.size());
                accepted.addAll(keys);
            }
        } catch (IOException e) {
            status = -1; // no answer at all (connection refused or reset, or the 30 s timeout)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = -1;
        }
        Answer answer = new Answer(status, Duration.ofNanos(System.nanoTime() - t0), retryAfter, keys);
        answers.add(answer);
        return answer;
    }

    /**
     * A request of {@code patient}'s device without readings: its token is verified (the registry asked when the
     * verdict is no longer fresh), then the empty batch is refused; nothing is accepted or recorded. The status, or -1.
     */
    int touch(Patient patient) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(stack.ingestUrl() + "/api/v1/readings"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + patient.token())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"readings\": []}"))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Posts round {@code round} for every patient in parallel and returns the patients whose request was not answered
     * 202 (a device keeps those and sends them again).
     */
    List<Patient> postRound(int round, Collection<Patient> who) {
        List<CompletableFuture<Patient>> posted = who.stream()
                .map(p -> CompletableFuture.supplyAsync(() -> post(p, readings(p, round)).status() == 202 ? null : p,
                        posters))
                .toList();
        return posted.stream().map(CompletableFuture::join).filter(java.util.Objects::nonNull).toList();
    }

    /** Posts round {@code round} for every patient, re-sending what was refused until all of it is accepted. */
    void streamRound(int round, Duration atMost) {
        List<Patient> pending = new ArrayList<>(patients);
        await("round " + round + " of " + team + " accepted").atMost(atMost).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    List<Patient> refused = postRound(round, pending);
                    pending.retainAll(refused);
                    return pending.isEmpty();
                });
    }

    /** Starts {@link #streamRound} in the background. */
    CompletableFuture<Void> streamRoundAsync(int round, Duration atMost) {
        return CompletableFuture.runAsync(() -> streamRound(round, atMost));
    }

    // ---- What became of it ------------------------------------------------------------------------------------

    /** An alert of record. */
    record RecordedAlert(String alertId, String patientId, String condition, String severity, int escalations) {
    }

    /** The ward's alerts of record in PostgreSQL. */
    List<RecordedAlert> alertsOfRecord() {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.dbUsername(), stack.dbPassword());
             PreparedStatement st = c.prepareStatement("SELECT alert_id, patient_id, condition, severity, escalations"
                     + " FROM alerts.alert WHERE patient_id = ANY (?)")) {
            Array ids = c.createArrayOf("varchar", patientIds().toArray());
            st.setArray(1, ids);
            List<RecordedAlert> alerts = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    alerts.add(new RecordedAlert(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5)));
                }
            }
            return alerts;
        } catch (SQLException e) {
            throw new IllegalStateException("reading the alerts of record: " + e.getMessage(), e);
        }
    }

    /**
     * How many alerts of record of {@code patientIds} are resolved: a raised-and-resolved burst ({@link NoDataFlood}) is
     * recorded in full once this is its size.
     */
    static int resolvedAlerts(PackagedStack stack, Collection<String> patientIds) {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.dbUsername(), stack.dbPassword());
             PreparedStatement st = c.prepareStatement("SELECT count(*) FROM alerts.alert WHERE patient_id = ANY (?)"
                     + " AND status = 'RESOLVED'")) {
            st.setArray(1, c.createArrayOf("varchar", patientIds.toArray()));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the alerts of record: " + e.getMessage(), e);
        }
    }

    /** The ward's alert events on {@code vitals.alerts} (committed only), in topic order per alert. */
    List<AlertEvent> transitions() {
        Set<String> ids = patientIds();
        return TopicReader.readToEnd(stack.kafkaBootstrap(), Topics.VITALS_ALERTS, new StringDeserializer(),
                        new StringDeserializer()).stream()
                .map(r -> {
                    try {
                        return JSON.readValue(r.value(), AlertEvent.class);
                    } catch (IOException e) {
                        throw new IllegalStateException("not an AlertEvent on vitals.alerts: " + e.getMessage(), e);
                    }
                })
                .filter(e -> ids.contains(e.patientId()))
                .toList();
    }

    /** Figures of the notification check; {@code outOfOrder} alerts had their notifications in another order. */
    record Notified(int alerts, int transitions, int topicDuplicates, int deliveries, int distinct,
                    long rawDuplicates, int outOfOrder) {
        @Override
        public String toString() {
            return "alerts of record: " + alerts + ", transitions: " + transitions + ", duplicates on vitals.alerts: "
                    + topicDuplicates + ", webhook deliveries: " + deliveries + " (distinct webhook-ids: " + distinct
                    + ", raw duplicate deliveries: " + rawDuplicates + "), alerts notified out of order: " + outOfOrder;
        }
    }

    /**
     * Waits until every planted episode is an alert of record and every transition of the ward reached its webhook,
     * then asserts: exactly one alert of record per episode (and none for anyone else); no transition twice on the
     * topic; every transition delivered, exactly once by {@code webhook-id} (what a Standard Webhooks receiver
     * keeps), nothing else delivered. Whether each alert's notifications came in the order of its transitions is
     * counted ({@link Notified#outOfOrder()}), for the caller to assert after printing its figures.
     */
    Notified assertEveryEpisodeRecordedAndNotifiedOnce(Duration atMost) {
        int expected = episodes();
        await(team + ": every episode an alert of record, every transition at the webhook").atMost(atMost)
                .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    // Every planted episode ends at HIGH: until each alert of record is, the detector may still
                    // publish its escalation (a transaction held up by a failover), and "all delivered" would be
                    // checked against a topic that is not complete yet.
                    assertThat(alertsOfRecord()).hasSize(expected).extracting(RecordedAlert::severity)
                            .containsOnly("HIGH");
                    Set<String> eventIds = transitions().stream().map(AlertEvent::eventId).collect(Collectors.toSet());
                    assertThat(deliveredTransitionIds()).containsAll(eventIds);
                });
        List<RecordedAlert> alerts = alertsOfRecord();
        Set<String> episodePatients = patients.stream().filter(Patient::episode).map(Patient::patientId)
                .collect(Collectors.toSet());
        assertThat(alerts).extracting(RecordedAlert::patientId).containsExactlyInAnyOrderElementsOf(episodePatients);
        assertThat(alerts).extracting(RecordedAlert::condition).containsOnly("FEVER");

        List<AlertEvent> transitions = transitions();
        Map<String, Long> perEvent = transitions.stream()
                .collect(Collectors.groupingBy(AlertEvent::eventId, Collectors.counting()));
        int topicDuplicates = (int) perEvent.values().stream().mapToLong(n -> n - 1).sum();
        assertThat(topicDuplicates).as("a transition twice on vitals.alerts").isZero();
        assertThat(transitions.stream().map(AlertEvent::alertId).collect(Collectors.toSet()))
                .as("the alerts on the topic are the alerts of record")
                .containsExactlyInAnyOrderElementsOf(alerts.stream().map(RecordedAlert::alertId).toList());

        List<WebhookRecorder.Delivery> delivered = receiver.deliveries().stream()
                .filter(d -> TRANSITION_TYPES.contains(d.type())).toList();
        Set<String> distinct = deliveredTransitionIds();
        assertThat(distinct).as("each transition delivered once by webhook-id, none missing, none extra")
                .containsExactlyInAnyOrderElementsOf(perEvent.keySet());

        Map<String, List<String>> topicOrder = new LinkedHashMap<>();
        transitions.forEach(e -> topicOrder.computeIfAbsent(e.alertId(), k -> new ArrayList<>()).add(e.eventId()));
        Map<String, List<WebhookRecorder.Delivery>> arrivals = receiver.firstArrivalsByAlert();
        int outOfOrder = (int) topicOrder.entrySet().stream()
                .filter(e -> !arrivals.getOrDefault(e.getKey(), List.of()).stream()
                        .filter(d -> TRANSITION_TYPES.contains(d.type())).map(WebhookRecorder.Delivery::id).toList()
                        .equals(e.getValue()))
                .count();

        long raw = delivered.size() - distinct.size();
        return new Notified(alerts.size(), transitions.size(), topicDuplicates, delivered.size(), distinct.size(), raw,
                outOfOrder);
    }

    Set<String> deliveredTransitionIds() {
        return receiver.deliveries().stream().filter(d -> TRANSITION_TYPES.contains(d.type()))
                .map(WebhookRecorder.Delivery::id).collect(Collectors.toSet());
    }

    // ---- HTTP -------------------------------------------------------------------------------------------------

    HttpRequest admin(String method, String url, Object body) {
        return request(method, url, body, stack.adminToken());
    }

    HttpRequest clinician(String method, String url, Object body) {
        return request(method, url, body, stack.clinicianToken("dr-" + team, team));
    }

    private HttpRequest request(String method, String url, Object body, String token) {
        try {
            return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends {@code request}, asserts the status, answers the JSON body (null when empty). */
    JsonNode call(HttpRequest request, int expectedStatus) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(request.method() + " " + request.uri() + ": " + response.body())
                    .isEqualTo(expectedStatus);
            return response.body().isBlank() ? null : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code GET path} on {@code baseUrl} without a token: the status, or -1 when nothing answered. */
    int probe(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Stops posting. The receiver stays up until {@link #closeReceivers()}: a ward's patients go silent when its
     * scenario ends, so NO_DATA alerts (and reminders of its open alerts) keep coming for its team, and a receiver
     * closed now would leave them queued for the rest of the suite, a notification backlog no later scenario made.
     */
    @Override
    public void close() {
        posters.shutdownNow();
    }

    /** Every ward's receiver, closed once the suite is done. */
    static void closeReceivers() {
        RECEIVERS.forEach(WebhookRecorder::close);
        RECEIVERS.clear();
    }
}
