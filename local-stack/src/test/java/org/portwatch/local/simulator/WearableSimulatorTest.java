package org.portwatch.local.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.portwatch.model.Activity;
import org.portwatch.model.Json;
import org.portwatch.model.MeasurementSite;
import org.portwatch.model.SensorStatus;
import org.portwatch.model.VitalType;

/** The simulator driven tick by tick on a hand-moved clock against a fake ingest: no sleeps, no network. */
class WearableSimulatorTest {

    private static final Instant START = Instant.parse("2026-11-28T10:00:00Z");

    static final class MovableClock extends Clock {
        Instant now = START;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    record Request(String token, JsonNode readings) {
    }

    /** Answers from a script of replies (then 202 for everything), recording every request. */
    static final class FakeIngest implements WearableSimulator.Transport {
        final List<Request> requests = new ArrayList<>();
        final Deque<Function<Request, CompletableFuture<WearableSimulator.Reply>>> script = new ArrayDeque<>();
        final Set<String> acceptedIds = new HashSet<>();

        @Override
        public CompletableFuture<WearableSimulator.Reply> post(String token, byte[] body) {
            JsonNode readings;
            try {
                readings = Json.mapper().readTree(body).get("readings");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            Request request = new Request(token, readings);
            requests.add(request);
            Function<Request, CompletableFuture<WearableSimulator.Reply>> next = script.pollFirst();
            if (next != null) {
                return next.apply(request);
            }
            readings.forEach(r -> acceptedIds.add(r.get("readingId").asText()));
            return CompletableFuture.completedFuture(new WearableSimulator.Reply(202, null,
                    "{\"accepted\":" + readings.size() + ",\"rejected\":[]}"));
        }
    }

    private static List<SimulatedDevice> devices(int n) {
        List<SimulatedDevice> list = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String nnn = String.format("%03d", i);
            list.add(new SimulatedDevice("sim-patch-" + nnn, "sim-patient-" + nnn, "token-" + nnn));
        }
        return list;
    }

    private final MovableClock clock = new MovableClock();
    private final FakeIngest ingest = new FakeIngest();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private WearableSimulator simulator(int patients, Duration maxConnectDelay) {
        return new WearableSimulator(devices(patients), 42, clock, ingest,
                new PrintStream(log, true, StandardCharsets.UTF_8), maxConnectDelay);
    }

    @Test
    void eachDeviceSyncsHalfAnHourOfHistoryInOneRequestThenGoesLive() {
        WearableSimulator sim = simulator(5, Duration.ZERO);
        sim.tick();
        assertThat(ingest.requests).hasSize(5);
        for (Request r : ingest.requests) {
            assertThat(r.readings()).hasSize(36);
            Set<String> types = new HashSet<>();
            r.readings().forEach(x -> {
                types.add(x.get("type").asText());
                Instant at = Instant.parse(x.get("measuredAt").asText());
                assertThat(at).isAfter(START.minus(Duration.ofMinutes(30))).isBeforeOrEqualTo(START);
                assertThat(x.get("readingId").asText()).isNotBlank();
            });
            assertThat(types).containsExactlyInAnyOrder("HEART_RATE", "BODY_TEMPERATURE");
        }
        assertThat(ingest.requests).extracting(Request::token)
                .containsExactlyInAnyOrder("token-001", "token-002", "token-003", "token-004", "token-005");

        ingest.requests.clear();
        for (int s = 0; s < 600; s++) {
            clock.advance(Duration.ofSeconds(1));
            sim.tick();
        }
        // Ten minutes live: ten heart rates and two temperatures per device, each posted when measured
        // (one request, or one for both when they fall on the same second).
        assertThat(ingest.requests.stream().mapToInt(r -> r.readings().size()).sum()).isEqualTo(5 * 12);
        assertThat(ingest.requests).hasSizeBetween(5 * 10, 5 * 12);
        assertThat(ingest.requests).allMatch(r -> r.readings().size() <= 2);
        WearableSimulator.Stats stats = sim.stats();
        assertThat(stats.generated()).isEqualTo(5 * (36 + 12));
        assertThat(stats.accepted()).isEqualTo(stats.generated());
        assertThat(stats.pending()).isZero();
        assertThat(stats.lost()).isZero();
    }

    @Test
    void connectionsAreJitteredOverTheFirstSeconds() {
        WearableSimulator sim = simulator(20, Duration.ofSeconds(10));
        sim.tick();
        int atOnce = ingest.requests.size();
        for (int s = 0; s < 10; s++) {
            clock.advance(Duration.ofSeconds(1));
            sim.tick();
        }
        assertThat(atOnce).isLessThan(20);
        assertThat(ingest.requests.stream().map(Request::token).distinct()).hasSize(20);
        assertThat(ingest.requests.stream().filter(r -> r.readings().size() >= 36)).hasSize(20);
    }

    @Test
    void episodePatientsShowTheirEpisodeInTheSyncedHistory() {
        WearableSimulator sim = simulator(5, Duration.ZERO);
        Map<String, EpisodeKind> episodes = sim.episodes();
        assertThat(episodes.values()).containsExactlyInAnyOrder(
                EpisodeKind.FEVER, EpisodeKind.RACING_HEART, EpisodeKind.FEVER_AND_RACING_HEART);
        sim.tick();
        for (Request r : ingest.requests) {
            String patient = "sim-patient-" + r.token().substring("token-".length());
            EpisodeKind kind = episodes.getOrDefault(patient, EpisodeKind.NONE);
            long fever = 0;
            long fastAtRest = 0;
            for (JsonNode x : r.readings()) {
                double v = x.get("value").asDouble();
                if (x.get("type").asText().equals("BODY_TEMPERATURE")) {
                    double celsius = x.get("unit").asText().equals("[degF]") ? (v - 32) * 5 / 9 : v;
                    fever += celsius >= 38.0 ? 1 : 0;
                } else if (v > 100 && x.get("activity").asText().equals("RESTING")) {
                    fastAtRest++;
                }
            }
            assertThat(fever >= 2).as("%s fever", patient).isEqualTo(kind.fever());
            assertThat(fastAtRest >= 10).as("%s racing heart", patient).isEqualTo(kind.racingHeart());
        }
    }

    @Test
    void unavailableAndRateLimitedRequestsAreRetriedAfterRetryAfterWithoutLosingReadings() {
        WearableSimulator sim = simulator(1, Duration.ZERO);
        ingest.script.add(r -> CompletableFuture.completedFuture(new WearableSimulator.Reply(503, "5", "{}")));
        sim.tick();
        assertThat(ingest.requests).hasSize(1);
        assertThat(sim.stats().pending()).isEqualTo(36);
        assertThat(sim.stats().lastNon2xx()).startsWith("503 (Retry-After 5s)");

        for (int s = 0; s < 4; s++) {
            clock.advance(Duration.ofSeconds(1));
            sim.tick();
        }
        assertThat(ingest.requests).as("waits the 5 s it was asked to").hasSize(1);

        ingest.script.add(r -> CompletableFuture.completedFuture(new WearableSimulator.Reply(429, "2", "{}")));
        clock.advance(Duration.ofSeconds(1));
        sim.tick();
        assertThat(ingest.requests).hasSize(2);
        List<String> first = new ArrayList<>();
        ingest.requests.get(0).readings().forEach(x -> first.add(x.get("readingId").asText()));
        List<String> again = new ArrayList<>();
        ingest.requests.get(1).readings().forEach(x -> again.add(x.get("readingId").asText()));
        assertThat(again.subList(0, first.size())).as("the same readings first, oldest first").isEqualTo(first);

        ingest.script.add(r -> CompletableFuture.failedFuture(new ConnectException("refused")));
        clock.advance(Duration.ofSeconds(2));
        sim.tick();
        assertThat(ingest.requests).hasSize(3);

        for (int s = 0; s < 120; s++) {
            clock.advance(Duration.ofSeconds(1));
            sim.tick();
        }
        WearableSimulator.Stats stats = sim.stats();
        assertThat(stats.non2xx()).isEqualTo(2);
        assertThat(stats.noAnswer()).isEqualTo(1);
        assertThat(stats.lost()).isZero();
        assertThat(stats.pending()).isZero();
        assertThat(stats.accepted()).isEqualTo(stats.generated());
        assertThat(ingest.acceptedIds).hasSize((int) stats.generated());
    }

    @Test
    void rejectedReadingsAreCountedAndARefusedRequestIsNotRepeated() {
        WearableSimulator sim = simulator(2, Duration.ZERO);
        ingest.script.add(r -> CompletableFuture.completedFuture(new WearableSimulator.Reply(202, null,
                "{\"accepted\":35,\"rejected\":[{\"index\":3,\"field\":\"measuredAt\",\"reason\":\"IN_FUTURE\"}]}")));
        ingest.script.add(r -> CompletableFuture.completedFuture(new WearableSimulator.Reply(401, null, "{}")));
        sim.tick();
        WearableSimulator.Stats stats = sim.stats();
        assertThat(stats.accepted()).isEqualTo(35);
        assertThat(stats.rejected()).isEqualTo(1);
        assertThat(stats.sent()).isEqualTo(36);
        assertThat(stats.lost()).isEqualTo(36);
        assertThat(stats.pending()).isZero();
        assertThat(stats.lastNon2xx()).startsWith("401");
    }

    @Test
    void aRequestWithNoValidReadingCountsAsRejected() {
        WearableSimulator sim = simulator(1, Duration.ZERO);
        ingest.script.add(r -> CompletableFuture.completedFuture(new WearableSimulator.Reply(422, null, "{}")));
        sim.tick();
        WearableSimulator.Stats stats = sim.stats();
        assertThat(stats.rejected()).isEqualTo(36);
        assertThat(stats.lost()).isZero();
        assertThat(stats.pending()).isZero();
        assertThat(stats.lastNon2xx()).startsWith("422");
    }

    @Test
    void summaryLineHasCountsButNoValues() {
        WearableSimulator sim = simulator(3, Duration.ZERO);
        sim.tick();
        String line = sim.summary();
        assertThat(line).startsWith("[simulator] ").contains("3 patients", "sent 108", "accepted 108", "rejected 0",
                "pending 0", "last non-2xx: none");
        assertThat(line).doesNotContain("sim-patient", "Cel", "/min");
        assertThat(log.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    /** Check-ins as ingest's /api/v1/symptoms would take them: the first answered 503 (Retry-After 2), then 202. */
    static final class FakeCheckIns implements WearableSimulator.Transport {
        final List<JsonNode> bodies = new ArrayList<>();

        @Override
        public CompletableFuture<WearableSimulator.Reply> post(String token, byte[] body) {
            try {
                bodies.add(Json.mapper().readTree(body));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return CompletableFuture.completedFuture(bodies.size() == 1
                    ? new WearableSimulator.Reply(503, "2", "{}")
                    : new WearableSimulator.Reply(202, null, "{}"));
        }
    }

    @Test
    void aFewPatientsReportOneCheckInKeptThroughRetriesAndSomeWatchesSendRhythms() {
        FakeCheckIns checkIns = new FakeCheckIns();
        WearableSimulator sim = new WearableSimulator(devices(8), 42, clock, ingest, checkIns,
                new PrintStream(log, true, StandardCharsets.UTF_8), Duration.ZERO);
        for (int second = 0; second <= 70; second++) {
            sim.tick();
            clock.advance(Duration.ofSeconds(1));
        }

        // 8 patients: three episodes (fever, racing heart, both) and one patient without, who reports the port's skin.
        Set<String> ids = new HashSet<>();
        List<String> reported = new ArrayList<>();
        for (JsonNode body : checkIns.bodies) {
            ids.add(body.get("checkInId").asText());
            body.get("symptoms").forEach(symptom -> reported.add(symptom.asText()));
        }
        assertThat(checkIns.bodies).as("four check-ins, the refused first one retried once").hasSize(5);
        assertThat(ids).as("a retry keeps its id").hasSize(4);
        assertThat(reported).contains("CHILLS", "HEART_FLUTTER", "PORT_SITE_SKIN");
        assertThat(sim.summary()).contains("check-ins accepted 4");

        List<JsonNode> rhythms = new ArrayList<>();
        ingest.requests.forEach(r -> r.readings().forEach(reading -> {
            if ("HEART_RHYTHM".equals(reading.get("type").asText())) {
                rhythms.add(reading);
            }
        }));
        assertThat(rhythms).as("watches' rhythm checks in the synced history").isNotEmpty()
                .allSatisfy(r -> assertThat(r.has("unit")).isFalse());
        assertThat(rhythms).extracting(r -> r.get("value").asText()).contains("IRREGULAR", "REGULAR");
    }

    @Test
    void theReadingsOnlySimulatorSendsNoCheckInAndNoRhythm() {
        WearableSimulator sim = simulator(8, Duration.ZERO);
        for (int second = 0; second <= 70; second++) {
            sim.tick();
            clock.advance(Duration.ofSeconds(1));
        }

        ingest.requests.forEach(r -> r.readings().forEach(reading ->
                assertThat(reading.get("type").asText()).isNotEqualTo("HEART_RHYTHM")));
        assertThat(sim.summary()).doesNotContain("check-ins");
    }

    /** Records raw bodies and accepts everything, as ingest answers each format. */
    static final class Recorder implements WearableSimulator.Transport {
        final List<JsonNode> bodies = new ArrayList<>();
        final Set<String> tokens = new HashSet<>();
        private final String answer;

        Recorder(String answer) {
            this.answer = answer;
        }

        @Override
        public CompletableFuture<WearableSimulator.Reply> post(String token, byte[] body) {
            try {
                bodies.add(Json.mapper().readTree(body));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            tokens.add(token);
            return CompletableFuture.completedFuture(new WearableSimulator.Reply(answer.startsWith("{\"resourceType")
                    ? 200 : 202, null, answer));
        }
    }

    @Test
    void aShareOfDevicesSendsFhirBundlesAndOpenMHealthDataPointsOfOnBodyReadingsOnly() {
        Recorder json = new Recorder("{\"accepted\":1,\"rejected\":[]}");
        Recorder fhir = new Recorder("{\"resourceType\":\"Bundle\",\"type\":\"batch-response\",\"entry\":[]}");
        Recorder omh = new Recorder("{\"accepted\":1,\"rejected\":[]}");
        WearableSimulator sim = new WearableSimulator(devices(10), 42, clock,
                Map.of(WireFormat.JSON, json, WireFormat.FHIR, fhir, WireFormat.OMH, omh), null,
                new PrintStream(log, true, StandardCharsets.UTF_8), Duration.ZERO);
        for (int minute = 0; minute < 90; minute++) {
            sim.tick();
            clock.advance(Duration.ofMinutes(1));
        }

        assertThat(fhir.tokens).containsExactlyInAnyOrder("token-003", "token-008");
        assertThat(omh.tokens).containsExactlyInAnyOrder("token-004", "token-009");
        assertThat(json.tokens).hasSize(6).doesNotContain("token-003", "token-004", "token-008", "token-009");
        List<JsonNode> observations = new ArrayList<>();
        for (JsonNode bundle : fhir.bodies) {
            assertThat(bundle.path("resourceType").asText()).isEqualTo("Bundle");
            assertThat(bundle.path("type").asText()).isEqualTo("batch");
            bundle.path("entry").forEach(e -> {
                assertThat(e.path("request").path("url").asText()).isEqualTo("Observation");
                observations.add(e.path("resource"));
            });
        }
        assertThat(observations).isNotEmpty().allSatisfy(o -> {
            assertThat(o.path("identifier").path(0).path("value").asText()).isNotBlank();
            String code = o.path("code").path("coding").path(0).path("code").asText();
            assertThat(code).isIn("8310-5", "8867-4");
            assertThat(o.path("valueQuantity").path("code").asText()).isEqualTo(code.equals("8867-4") ? "/min"
                    : o.path("valueQuantity").path("code").asText()).isIn("Cel", "[degF]", "/min");
            assertThat(Instant.parse(o.path("effectiveDateTime").asText())).isBefore(clock.instant());
        });
        List<JsonNode> points = new ArrayList<>();
        omh.bodies.forEach(array -> array.forEach(points::add));
        assertThat(points).isNotEmpty().allSatisfy(p -> {
            String name = p.path("header").path("schema_id").path("name").asText();
            assertThat(name).isIn("body-temperature", "heart-rate");
            assertThat(p.path("header").path("id").asText()).isNotBlank();
            assertThat(p.path("body").has(name.equals("heart-rate") ? "heart_rate" : "body_temperature")).isTrue();
        });
        // Off-body temperatures (a patch on the bedside table reads 29-33.5 C) are not forwarded in a standard.
        assertThat(observations.stream().filter(o -> o.path("valueQuantity").path("code").asText().equals("Cel"))
                .mapToDouble(o -> o.path("valueQuantity").path("value").asDouble()))
                .allSatisfy(celsius -> assertThat(celsius).isGreaterThan(PatientModel.OFF_BODY_TEMP_MAX));
        assertThat(sim.summary()).contains("FHIR 2, OMH 2 devices");
        SimReading offBody = new SimReading("r1", VitalType.BODY_TEMPERATURE, 31.0, "Cel", START, MeasurementSite.SKIN,
                Activity.UNKNOWN, SensorStatus.OFF_BODY);
        SimReading rhythm = SimReading.rhythm("r2", true, START);
        assertThat(List.of(WireFormat.FHIR, WireFormat.OMH)).allSatisfy(f -> {
            assertThat(f.carries(offBody)).as(f + " off-body").isFalse();
            assertThat(f.carries(rhythm)).as(f + " rhythm").isFalse();
        });
        assertThat(WireFormat.JSON.carries(offBody) && WireFormat.JSON.carries(rhythm)).isTrue();
    }
}
