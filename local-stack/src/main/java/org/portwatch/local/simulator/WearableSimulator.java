package org.portwatch.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.portwatch.model.Json;
import org.portwatch.model.VitalType;

/**
 * Simulated wearables posting to ingest-service in real time, as phone gateways would.
 *
 * <p>Each device connects a few seconds after the start (jittered), syncs the last
 * {@link #HISTORY} of readings in one request, then posts each heart rate (every minute) and
 * temperature (every 5 minutes) as it is measured. Patients with an {@link Episode} are already
 * about 15 minutes into it, so alerts can show within minutes. 429 and 503 answers are honoured
 * ({@code Retry-After}) and their readings kept for later; see {@link Outbox}.
 *
 * <p>With {@link #create}, some patients also wear a watch whose rhythm checks ({@code HEART_RHYTHM}, every
 * {@link DeviceSchedule#RHYTHM_EVERY}) go with the readings — every fourth patient and every patient with a racing
 * heart, whose watch reports it IRREGULAR — and a few patients report a symptom check-in ({@code POST
 * /api/v1/symptoms}) a minute after connecting: chills with a fever, heart flutter with a racing heart, and one
 * patient without an episode red skin at the port. A check-in keeps its id through retries.
 *
 * <p>With {@link #create}, a share of the devices without a watch sends its readings as FHIR R4 Bundles or Open mHealth
 * data points instead of our JSON ({@link WireFormat}, {@link #format}), so a local run exercises every way in.
 *
 * <p>One scheduler thread drives every device (one tick a second); requests are asynchronous,
 * at most {@link #MAX_IN_FLIGHT} at a time. It logs one summary line a minute with counts only:
 * never a patient's values.
 */
public final class WearableSimulator implements AutoCloseable {

    /** How much history a device syncs when it connects. */
    public static final Duration HISTORY = Duration.ofMinutes(30);
    /** Devices connect within this long of the start. */
    public static final Duration MAX_CONNECT_DELAY = Duration.ofSeconds(10);
    public static final int MAX_IN_FLIGHT = 8;
    /** Readings a device keeps while it cannot deliver them: about a week of its measurements. */
    public static final int DEVICE_CAPACITY = 12_000;
    static final Duration TICK = Duration.ofSeconds(1);
    static final Duration SUMMARY_EVERY = Duration.ofMinutes(1);

    /** Posts one request body with a device's token. */
    public interface Transport {
        CompletableFuture<Reply> post(String deviceToken, byte[] body);
    }

    /** An HTTP answer: status, the {@code Retry-After} header (or null), and the body. */
    public record Reply(int status, String retryAfter, String body) {
    }

    /**
     * Counts since the start. {@code sent}: readings ingest answered for (accepted or rejected);
     * {@code lost}: readings given up on (a request refused for good, or a device's storage full).
     */
    public record Stats(int patients, long generated, long sent, long accepted, long rejected, long pending,
                        long lost, long requests, long non2xx, long noAnswer, String lastNon2xx) {
    }

    /** A check-in goes this long after the device connects (after its history sync). */
    static final Duration CHECK_IN_AFTER = Duration.ofMinutes(1);
    private static final List<VitalType> PATCH = List.of(VitalType.BODY_TEMPERATURE, VitalType.HEART_RATE);
    private static final List<VitalType> PATCH_AND_WATCH = List.of(VitalType.BODY_TEMPERATURE, VitalType.HEART_RATE,
            VitalType.HEART_RHYTHM);

    private static final class Device {
        final SimulatedDevice device;
        final PatientModel model;
        final DeviceSchedule schedule;
        final Outbox outbox = new Outbox(DEVICE_CAPACITY);
        final List<VitalType> measures;
        /** How this device sends its readings. */
        final WireFormat format;
        /** What the patient reports at their one check-in; empty for none. */
        final List<String> symptoms;
        final Instant reportedAt;
        Instant generatedUntil;
        volatile Instant checkInNotBefore;
        volatile boolean checkInDone;
        volatile boolean checkInInFlight;

        Device(SimulatedDevice device, PatientModel model, DeviceSchedule schedule, boolean watch, List<String> symptoms,
               WireFormat format) {
            this.device = device;
            this.format = format;
            this.model = model;
            this.schedule = schedule;
            this.measures = watch ? PATCH_AND_WATCH : PATCH;
            this.symptoms = symptoms;
            this.reportedAt = schedule.connectAt().plus(CHECK_IN_AFTER);
            this.checkInNotBefore = reportedAt;
        }
    }

    private final List<Device> devices;
    private final Instant start;
    private final Clock clock;
    /** Where each format's requests go; JSON always, FHIR and Open mHealth with {@link #create}. */
    private final Map<WireFormat, Transport> transports;
    /** Where check-ins go; null: no watches, no check-ins (the readings-only simulator the tests drive). */
    private final Transport checkIns;
    private final AtomicLong checkInsAccepted = new AtomicLong();
    private final AtomicLong checkInsRefused = new AtomicLong();
    private final PrintStream out;
    private final ObjectMapper mapper = Json.mapper();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong generated = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong non2xx = new AtomicLong();
    private final AtomicLong noAnswer = new AtomicLong();
    private final AtomicReference<String> lastNon2xx = new AtomicReference<>("none");
    private ScheduledExecutorService scheduler;

    /**
     * A simulator posting to {@code ingestUrl}'s {@code /api/v1/readings}.
     *
     * @param seed everything random (who has an episode, values, jitter) derives from it
     */
    public static WearableSimulator create(URI ingestUrl, List<SimulatedDevice> devices, long seed, PrintStream out) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        Map<WireFormat, Transport> transports = new EnumMap<>(WireFormat.class);
        for (WireFormat format : WireFormat.values()) {
            transports.put(format, httpTransport(client, apiUri(ingestUrl, format.path)));
        }
        return new WearableSimulator(devices, seed, Clock.systemUTC(), transports,
                httpTransport(client, apiUri(ingestUrl, "/api/v1/symptoms")), out, MAX_CONNECT_DELAY);
    }

    WearableSimulator(List<SimulatedDevice> devices, long seed, Clock clock, Transport transport, PrintStream out,
                      Duration maxConnectDelay) {
        this(devices, seed, clock, Map.of(WireFormat.JSON, transport), null, out, maxConnectDelay);
    }

    WearableSimulator(List<SimulatedDevice> devices, long seed, Clock clock, Transport transport, Transport checkIns,
                      PrintStream out, Duration maxConnectDelay) {
        this(devices, seed, clock, Map.of(WireFormat.JSON, transport), checkIns, out, maxConnectDelay);
    }

    WearableSimulator(List<SimulatedDevice> devices, long seed, Clock clock, Map<WireFormat, Transport> transports,
                      Transport checkIns, PrintStream out, Duration maxConnectDelay) {
        this.clock = clock;
        this.transports = Map.copyOf(transports);
        this.checkIns = checkIns;
        this.out = out;
        this.start = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Random random = new Random(seed);
        List<EpisodeKind> kinds = EpisodePlan.assign(devices.size(), random);
        String runId = new UUID(random.nextLong(), random.nextLong()).toString();
        List<Device> list = new ArrayList<>(devices.size());
        int sitePatient = kinds.indexOf(EpisodeKind.NONE);
        for (int i = 0; i < devices.size(); i++) {
            SimulatedDevice d = devices.get(i);
            PatientModel model = new PatientModel(d.deviceId(), runId, kinds.get(i), start, random.nextLong());
            boolean reports = checkIns != null;
            boolean watch = reports && (i % 4 == 1 || kinds.get(i).racingHeart());
            List<String> symptoms = reports ? model.checkInSymptoms(i == sitePatient) : List.of();
            list.add(new Device(d, model, DeviceSchedule.jittered(start, maxConnectDelay, random), watch, symptoms,
                    format(i, watch, transports.keySet())));
        }
        this.devices = Collections.unmodifiableList(list);
    }

    /**
     * A share of the devices speaks a standard: every fifth from the third sends FHIR R4, every fifth from the fourth
     * Open mHealth, when those transports are given; a device with a watch sends JSON (heart rhythm has no mapping).
     */
    static WireFormat format(int index, boolean watch, Set<WireFormat> available) {
        WireFormat wanted = watch ? WireFormat.JSON : switch (index % 5) {
            case 2 -> WireFormat.FHIR;
            case 3 -> WireFormat.OMH;
            default -> WireFormat.JSON;
        };
        return available.contains(wanted) ? wanted : WireFormat.JSON;
    }

    static URI readingsUri(URI ingestUrl) {
        return apiUri(ingestUrl, "/api/v1/readings");
    }

    static URI apiUri(URI ingestUrl, String path) {
        String base = ingestUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    static Transport httpTransport(HttpClient client, URI readingsUri) {
        return (token, body) -> client.sendAsync(HttpRequest.newBuilder(readingsUri)
                                .timeout(Duration.ofSeconds(15))
                                .header("Content-Type", "application/json")
                                .header("Accept", "application/json")
                                .header("Authorization", "Bearer " + token)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Reply(r.statusCode(), r.headers().firstValue("Retry-After").orElse(null), r.body()));
    }

    /** When the simulation started (the end of the synced history). */
    public Instant startedAt() {
        return start;
    }

    /** The patients who have an episode, by patientId, in device order. */
    public Map<String, EpisodeKind> episodes() {
        Map<String, EpisodeKind> episodes = new LinkedHashMap<>();
        for (Device d : devices) {
            if (d.model.episodeKind() != EpisodeKind.NONE) {
                episodes.put(d.device.patientId(), d.model.episodeKind());
            }
        }
        return episodes;
    }

    /** Starts posting in the background: a tick a second and a summary line a minute. */
    public synchronized void start(boolean summaries) {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wearable-simulator");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleAtFixedRate(this::safeTick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
        if (summaries) {
            scheduler.scheduleAtFixedRate(() -> out.println(summary()),
                    SUMMARY_EVERY.toMillis(), SUMMARY_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            // Keep ticking: a bug in one tick must not stop every device. No values in the message.
            out.println("[simulator] tick failed: " + e.getClass().getSimpleName());
        }
    }

    /** One round over every device: measure what is due, send what may go. */
    void tick() {
        Instant now = clock.instant();
        for (Device d : devices) {
            Instant from;
            if (d.generatedUntil == null) {
                if (now.isBefore(d.schedule.connectAt())) {
                    continue;
                }
                from = start.minus(HISTORY);
            } else {
                from = d.generatedUntil;
            }
            List<DeviceSchedule.Due> due = d.schedule.dueBetween(from, now, d.measures);
            if (!due.isEmpty()) {
                List<SimReading> readings = new ArrayList<>(due.size());
                for (DeviceSchedule.Due m : due) {
                    SimReading reading = d.model.reading(m.type(), m.at());
                    if (d.format.carries(reading)) {
                        readings.add(reading);
                    }
                }
                generated.addAndGet(readings.size());
                lost.addAndGet(d.outbox.add(readings));
            }
            if (now.isAfter(from)) {
                d.generatedUntil = now;
            }
            if (inFlight.get() < MAX_IN_FLIGHT) {
                List<SimReading> batch = d.outbox.take(now);
                if (!batch.isEmpty()) {
                    send(d, batch);
                }
            }
            if (!d.symptoms.isEmpty() && !d.checkInDone && !d.checkInInFlight && !now.isBefore(d.checkInNotBefore)
                    && inFlight.get() < MAX_IN_FLIGHT) {
                sendCheckIn(d);
            }
        }
    }

    /** The patient's one check-in; retried as ingest says (429, 503), given up on a refusal (other 4xx). */
    private void sendCheckIn(Device d) {
        d.checkInInFlight = true;
        inFlight.incrementAndGet();
        requests.incrementAndGet();
        CompletableFuture<Reply> reply;
        try {
            Map<String, Object> checkIn = new LinkedHashMap<>(Map.of("checkInId", d.model.checkInId(),
                    "symptoms", d.symptoms, "reportedAt", d.reportedAt.toString()));
            if (d.symptoms.contains("CHILLS")) {
                // A patient with chills and a fever took paracetamol half an hour before: the team sees it may mask.
                checkIn.put("antipyretic", Map.of("medication", "PARACETAMOL",
                        "takenAt", d.reportedAt.minus(Duration.ofMinutes(30)).toString()));
            }
            byte[] body = mapper.writeValueAsBytes(checkIn);
            reply = checkIns.post(d.device.token(), body);
        } catch (Exception e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((r, error) -> {
            try {
                Instant now = clock.instant();
                Outbox.Verdict verdict = error != null || r == null ? Outbox.Verdict.RETRY : Outbox.verdict(r.status());
                switch (verdict) {
                    case DELIVERED -> {
                        checkInsAccepted.incrementAndGet();
                        d.checkInDone = true;
                    }
                    case RETRY -> {
                        if (error != null || r == null) {
                            noAnswer.incrementAndGet();
                        } else {
                            non2xx.incrementAndGet();
                        }
                        d.checkInNotBefore = now.plus(RetryAfter.parse(r == null ? null : r.retryAfter(), now)
                                .orElse(Duration.ofSeconds(5)));
                    }
                    case DROP -> {
                        non2xx.incrementAndGet();
                        lastNon2xx.set(r.status() + " at " + now.truncatedTo(ChronoUnit.SECONDS) + ", check-in refused");
                        checkInsRefused.incrementAndGet();
                        d.checkInDone = true;
                    }
                }
            } finally {
                d.checkInInFlight = false;
                inFlight.decrementAndGet();
            }
        });
    }

    private void send(Device d, List<SimReading> batch) {
        inFlight.incrementAndGet();
        requests.incrementAndGet();
        CompletableFuture<Reply> reply;
        try {
            byte[] body = mapper.writeValueAsBytes(d.format.body(batch));
            reply = transports.get(d.format).post(d.device.token(), body);
        } catch (Exception e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((r, error) -> {
            try {
                handle(d, batch.size(), r, error);
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    private void handle(Device d, int size, Reply reply, Throwable error) {
        Instant now = clock.instant();
        if (error != null || reply == null) {
            noAnswer.incrementAndGet();
            d.outbox.retryLater(now, null);
            return;
        }
        switch (Outbox.verdict(reply.status())) {
            case DELIVERED -> {
                int rejectedHere = rejectedCount(reply.body());
                accepted.addAndGet(acceptedCount(reply.body(), size - rejectedHere));
                rejected.addAndGet(rejectedHere);
                d.outbox.delivered();
            }
            case RETRY -> {
                non2xx.incrementAndGet();
                Duration wait = RetryAfter.parse(reply.retryAfter(), now).orElse(null);
                lastNon2xx.set(reply.status() + (wait != null ? " (Retry-After " + wait.toSeconds() + "s)" : "")
                        + " at " + now.truncatedTo(ChronoUnit.SECONDS));
                d.outbox.retryLater(now, wait);
            }
            case DROP -> {
                non2xx.incrementAndGet();
                if (reply.status() == 422) {
                    // Ingest judged every reading of the request invalid: rejected, not lost.
                    lastNon2xx.set("422 at " + now.truncatedTo(ChronoUnit.SECONDS) + ", all readings rejected");
                    rejected.addAndGet(d.outbox.dropInFlight());
                } else {
                    lastNon2xx.set(reply.status() + " at " + now.truncatedTo(ChronoUnit.SECONDS) + ", readings dropped");
                    lost.addAndGet(d.outbox.dropInFlight());
                }
            }
        }
    }

    private int rejectedCount(String body) {
        JsonNode node = parse(body);
        if (node != null && "Bundle".equals(node.path("resourceType").asText())) {
            // A FHIR batch-response: one entry per Observation, 4xx for those refused.
            int refused = 0;
            for (JsonNode entry : node.path("entry")) {
                refused += entry.path("response").path("status").asText("").startsWith("4") ? 1 : 0;
            }
            return refused;
        }
        JsonNode rejectedNode = node == null ? null : node.get("rejected");
        return rejectedNode != null && rejectedNode.isArray() ? rejectedNode.size() : 0;
    }

    private long acceptedCount(String body, int fallback) {
        JsonNode node = parse(body);
        JsonNode acceptedNode = node == null ? null : node.get("accepted");
        return acceptedNode != null && acceptedNode.isNumber() ? acceptedNode.asLong() : Math.max(0, fallback);
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return mapper.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }

    public Stats stats() {
        long pending = 0;
        for (Device d : devices) {
            pending += d.outbox.size();
        }
        long acc = accepted.get();
        long rej = rejected.get();
        return new Stats(devices.size(), generated.get(), acc + rej, acc, rej, pending, lost.get(), requests.get(),
                non2xx.get(), noAnswer.get(), lastNon2xx.get());
    }

    /** " | FHIR 1, OMH 1 devices": how many devices speak each standard, or nothing when all send JSON. */
    private String formats() {
        Map<WireFormat, Integer> counts = new EnumMap<>(WireFormat.class);
        for (Device d : devices) {
            if (d.format != WireFormat.JSON) {
                counts.merge(d.format, 1, Integer::sum);
            }
        }
        if (counts.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(" | ");
        counts.forEach((format, n) -> text.append(text.length() > 3 ? ", " : "").append(format).append(' ').append(n));
        return text.append(counts.values().stream().mapToInt(Integer::intValue).sum() == 1 ? " device" : " devices")
                .toString();
    }

    /** The summary line: counts only, never a patient's values. */
    public String summary() {
        Stats s = stats();
        return "[simulator] " + clock.instant().truncatedTo(ChronoUnit.SECONDS) + " " + s.patients()
                + (s.patients() == 1 ? " patient" : " patients")
                + " | readings sent " + s.sent() + ", accepted " + s.accepted() + ", rejected " + s.rejected()
                + ", pending " + s.pending() + (s.lost() > 0 ? ", lost " + s.lost() : "")
                + (checkIns != null ? " | check-ins accepted " + checkInsAccepted.get()
                        + (checkInsRefused.get() > 0 ? ", refused " + checkInsRefused.get() : "") : "")
                + formats()
                + " | requests " + s.requests() + ", non-2xx " + s.non2xx() + ", no answer " + s.noAnswer()
                + " | last non-2xx: " + s.lastNon2xx();
    }

    /** Stops posting; readings still pending are abandoned with the simulated phones. */
    @Override
    public synchronized void close() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler = null;
    }
}
