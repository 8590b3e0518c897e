package org.portwatch.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.portwatch.infra.prometheus.PrometheusRules;
import org.portwatch.infra.prometheus.PrometheusServer;
import org.portwatch.infra.testing.PackagedStack;
import org.portwatch.infra.testing.TopicReader;
import org.portwatch.infra.testing.WebhookRecorder;
import org.portwatch.model.Json;
import org.portwatch.model.Topics;

/**
 * Issue 14's fault-injection suite: both packaged services as processes on three KRaft brokers (replication 3,
 * {@code min.insync.replicas=2}), PostgreSQL, two alert-service replicas (the second starts in scenario 5) and
 * webhook receivers counting deliveries by {@code webhook-id}. Each scenario injects one fault while patients stream
 * readings, asserts the guarantee it stands for, and prints its figures on a line starting with {@code FIGURES}
 * (docs/reliability.md quotes them). One stack for all six: starting it is most of the cost, and each scenario has its
 * own care team, patients and receiver, so none sees another's alerts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionTest {

    private static final FaultProfile PROFILE = FaultProfile.current();
    /** The bound on an answer while the brokers are down. */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);
    /** The bound on ingest serving again after the brokers return. */
    private static final Duration SERVING_AGAIN_WITHIN = Duration.ofSeconds(10);
    /** The bound on a HIGH or CRITICAL delivery after a receiver returns. */
    private static final Duration URGENT_DELIVERY_WITHIN = Duration.ofSeconds(60);
    /** alert-service's longest wait between two attempts of a MEDIUM notification. */
    private static final Duration MEDIUM_BACKOFF_CAP = Duration.ofMinutes(5);
    /** Generous: how long the system may take to record and notify what it was sent, on a shared 2-core machine. */
    private static final Duration SETTLE = Duration.ofSeconds(180);

    /**
     * The project's alert rules on a compressed clock: one rule minute is half a second, so a rule's {@code for: 5m}
     * is 2.5 s and a fault of seconds shows as one of minutes would.
     */
    private static final Duration RULE_MINUTE = Duration.ofMillis(500);
    private static final Duration RULE_MIN_WINDOW = Duration.ofSeconds(4);
    private static final Duration ALERT_WAIT = Duration.ofSeconds(60);
    static final String INGEST_UNAVAILABLE = "PortwatchIngestErrorRateHigh";
    static final String TARGET_DOWN = "PortwatchTargetDown";
    static final String DETECTOR_NOT_RUNNING = "PortwatchDetectorNotRunning";
    static final String ALERTS_NOT_RECORDED = "PortwatchAlertsNotRecorded";
    static final String ALERTS_CONSUMER_LAG = "PortwatchAlertsConsumerLagHigh";
    static final String REGISTRY_UNAVAILABLE = "PortwatchIngestRegistryUnavailable";
    static final String NOTIFICATION_BACKLOG = "PortwatchNotificationOutboxBacklog";
    /**
     * Scenario 4: patients whose gateway goes silent while the database is down: 2,000 alert events held through the
     * outage, every one of them to be recorded after it; {@code PortwatchAlertsConsumerLagHigh} (over 100 events not
     * recorded) must fire meanwhile, although the consumer has fetched most of them into memory: its backlog counts
     * from the group's committed offsets.
     */
    private static final int SILENT_GATEWAY_PATIENTS = 1_000;
    /** Scenario 6: patients of a second care team whose alerts wait for its receiver: 2 notifications each, over 100. */
    private static final int BACKLOG_PATIENTS = 60;
    /** Scenario 6: the backlog is raised this long before the receivers return, so its retries are due soon after. */
    private static final Duration BACKLOG_LEAD = Duration.ofSeconds(20);

    private static PackagedStack stack;
    /** What SREs see: a real Prometheus scraping both services with the project's PrometheusRule groups. */
    private static PrometheusServer prometheus;

    @BeforeAll
    static void start() {
        System.out.println("FIGURES profile " + PROFILE);
        stack = PackagedStack.builder()
                .brokers(3)
                .alertReplicas(2, 1)
                .alertProperty("alerts.escalation.check-interval", "PT0.5S")
                .alertProperty("notification.dispatch.poll-interval", "PT0.2S")
                .alertProperty("notification.webhook.allow-loopback", "true")
                // The receivers here are plain http on loopback ports; production takes https on 443 only.
                .alertProperty("notification.webhook.require-https", "false")
                .alertProperty("notification.webhook.allowed-ports", "*")
                .start();
        prometheus = PrometheusServer.builder()
                .scrape("ingest-service", "/q/metrics", hostAndPort(stack.ingestManagementUrl()))
                .scrape("alert-service", "/q/metrics", hostAndPort(stack.alertManagementUrl(0)))
                .rules(PrometheusRules.project().timeScaled(RULE_MINUTE, RULE_MIN_WINDOW))
                .start();
        prometheus.awaitTargetsUp(ALERT_WAIT);
    }

    @AfterAll
    static void stop() {
        Ward.closeReceivers();
        if (prometheus != null) {
            prometheus.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private static String hostAndPort(String url) {
        return java.net.URI.create(url).getAuthority();
    }

    /**
     * Whether {@code alert} fires now for {@code job} (any job when null: rules that aggregate, such as
     * {@code max by (pod)}, keep no job label; each of those reads one service's metrics only).
     */
    private static boolean firing(String alert, String job) {
        return prometheus.firing(alert).stream().anyMatch(a -> job == null || job.equals(a.labels().get("job")));
    }

    /** The highest value of a one-series PromQL expression over the last {@code window} (0 when it had none). */
    private static double maxOver(String expression, Duration window) {
        return prometheus.query("max_over_time((" + expression + ")[" + Math.max(1, window.toSeconds()) + "s:1s])")
                .stream().mapToDouble(PrometheusServer.Sample::value).max().orElse(0);
    }

    private static void figures(String scenario, String figures) {
        System.out.println("FIGURES [" + PROFILE.name() + "] " + scenario + ": " + figures);
    }

    @Test
    @Order(1)
    void shouldKeepEveryAcceptedReadingWhenThePartitionLeaderIsKilled() {
        int patients = Math.max(50, PROFILE.readings() / 40);
        try (Ward ward = Ward.enrol(stack, "leader", patients, patients / 10, 1)) {
            int rounds = ward.rounds();
            int kills = 0;
            for (int round = 0; round < rounds; round++) {
                boolean killNow = kills < PROFILE.leaderKills()
                        && round == (kills + 1) * rounds / (PROFILE.leaderKills() + 1);
                if (!killNow) {
                    ward.streamRound(round, SETTLE);
                    continue;
                }
                // The round goes out while the leader dies and its partitions move.
                int leader = stack.kafka().leaderOf(Topics.VITALS_READINGS, 0);
                CompletableFuture<Void> posting = ward.streamRoundAsync(round, SETTLE);
                stack.kafka().stopBroker(leader);
                kills++;
                await("a new leader of vitals.readings-0").atMost(Duration.ofSeconds(30))
                        .until(() -> {
                            int now = stack.kafka().leaderOf(Topics.VITALS_READINGS, 0);
                            return now != leader && now != -1;
                        });
                posting.join();
                stack.kafka().restartBroker(leader);
            }
            Map<String, Integer> onTopic = readingsOnTopic();
            long posted = ward.answers.stream().filter(a -> a.status() == 202).mapToLong(a -> a.readingKeys().size())
                    .sum();
            long missing = ward.accepted.stream().filter(k -> !onTopic.containsKey(k)).count();
            long topicDuplicates = ward.accepted.stream().filter(k -> onTopic.getOrDefault(k, 0) > 1).count();
            long refused = ward.answers.stream().filter(a -> a.status() != 202).count();
            Ward.Notified notified = ward.assertEveryEpisodeRecordedAndNotifiedOnce(SETTLE);
            figures("1 leader kills", "leader kills: " + kills + ", readings 202: " + posted + " (distinct "
                    + ward.accepted.size() + "), on topic: " + (ward.accepted.size() - missing)
                    + ", requests refused and re-sent: " + refused + ", readings twice on topic: " + topicDuplicates
                    + ", " + notified);
            assertThat(kills).isGreaterThanOrEqualTo(Math.min(3, PROFILE.leaderKills()));
            assertThat(missing).as("readings answered 202 but not on vitals.readings").isZero();
            assertThat(notified.topicDuplicates()).as("duplicates in the alerts").isZero();
        }
    }

    /** How many times each device|readingId is on {@code vitals.readings}. */
    private static Map<String, Integer> readingsOnTopic() {
        Map<String, Integer> counts = new HashMap<>();
        for (ConsumerRecord<String, String> r : TopicReader.readToEnd(stack.kafkaBootstrap(), Topics.VITALS_READINGS,
                IsolationLevel.READ_UNCOMMITTED, new StringDeserializer(), new StringDeserializer())) {
            try {
                var reading = Json.mapper().readTree(r.value());
                counts.merge(reading.path("deviceId").asText() + "|" + reading.path("readingId").asText(), 1,
                        Integer::sum);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("not a reading on vitals.readings: " + e.getMessage(), e);
            }
        }
        return counts;
    }

    @Test
    @Order(2)
    void shouldAnswer503QuicklyAndLoseNothingWhileEveryBrokerIsDown() {
        try (Ward ward = Ward.enrol(stack, "brokers", 20, 0, 2)) {
            ward.streamRound(0, SETTLE);
            stack.kafka().stopBroker();
            long down = System.nanoTime();
            List<Ward.Answer> during = new ArrayList<>();
            int[] next = {0};
            boolean[] alerted = {false};
            boolean[] detectorAlerted = {false};
            // Devices keep sending their next round, five at once, as long as the outage lasts. It lasts at least the
            // profile's outage and, should the detector's alert be slower (its health probes the brokers every 5 s),
            // until that fires too, for at most ALERT_WAIT more.
            await("the outage").atMost(PROFILE.brokerOutage().plus(ALERT_WAIT).plusSeconds(30))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        List<CompletableFuture<Ward.Answer>> posted = new ArrayList<>();
                        for (int i = 0; i < 5; i++) {
                            Ward.Patient p = ward.patients.get(next[0]++ % ward.patients.size());
                            posted.add(CompletableFuture.supplyAsync(() -> ward.post(p, ward.readings(p, 1))));
                        }
                        posted.forEach(f -> during.add(f.join()));
                        alerted[0] |= firing(INGEST_UNAVAILABLE, null);
                        detectorAlerted[0] |= firing(DETECTOR_NOT_RUNNING, null);
                        long elapsed = System.nanoTime() - down;
                        return elapsed >= PROFILE.brokerOutage().toNanos() && (detectorAlerted[0]
                                || elapsed >= PROFILE.brokerOutage().plus(ALERT_WAIT).toNanos());
                    });
            Duration outage = Duration.ofNanos(System.nanoTime() - down);
            stack.kafka().restartBroker();
            long back = System.nanoTime();
            Ward.Patient first = ward.patients.get(0);
            await("ingest serving again").atMost(SERVING_AGAIN_WITHIN.plusSeconds(20))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> ward.post(first, ward.readings(first, 2)).status() == 202);
            Duration servingAgain = Duration.ofNanos(System.nanoTime() - back);
            ward.streamRound(1, SETTLE);
            ward.streamRound(2, SETTLE);
            prometheus.awaitCleared(INGEST_UNAVAILABLE, SETTLE);
            Duration clearedAfter = Duration.ofNanos(System.nanoTime() - back);
            prometheus.awaitCleared(DETECTOR_NOT_RUNNING, SETTLE);
            Duration detectorClearedAfter = Duration.ofNanos(System.nanoTime() - back);

            Map<String, Integer> onTopic = readingsOnTopic();
            long missing = ward.accepted.stream().filter(k -> !onTopic.containsKey(k)).count();
            Duration slowest = during.stream().map(Ward.Answer::took).max(Duration::compareTo).orElse(Duration.ZERO);
            Map<Integer, Long> statuses = during.stream()
                    .collect(Collectors.groupingBy(Ward.Answer::status, Collectors.counting()));
            long withRetryAfter = during.stream().filter(a -> a.status() == 503 && a.retryAfter() != null).count();
            figures("2 all brokers down", "outage: " + outage.toSeconds() + " s, requests during it: "
                    + during.size() + " " + statuses + " (503 with Retry-After: " + withRetryAfter
                    + "), slowest answer: " + slowest.toMillis() + " ms, serving again " + servingAgain.toMillis()
                    + " ms after the brokers' return, readings 202: " + ward.accepted.size() + ", missing on topic: "
                    + missing + ", Prometheus " + INGEST_UNAVAILABLE + " fired during the outage: " + alerted[0]
                    + ", cleared within " + clearedAfter.toSeconds() + " s of the brokers' return; "
                    + DETECTOR_NOT_RUNNING + " fired during the outage: " + detectorAlerted[0] + ", cleared within "
                    + detectorClearedAfter.toSeconds() + " s of the brokers' return");
            assertThat(during).as("requests while every broker is down").isNotEmpty()
                    .allSatisfy(a -> {
                        assertThat(a.status()).as("status").isEqualTo(503);
                        assertThat(a.retryAfter()).as("Retry-After").isNotNull();
                        assertThat(a.took()).as("answered within 5 s").isLessThanOrEqualTo(ANSWER_WITHIN);
                    });
            assertThat(servingAgain).as("serving again after the brokers' return").isLessThanOrEqualTo(
                    SERVING_AGAIN_WITHIN);
            assertThat(missing).as("readings answered 202 but not on vitals.readings").isZero();
            assertThat(alerted[0]).as(INGEST_UNAVAILABLE + " firing while the brokers are down").isTrue();
            assertThat(detectorAlerted[0]).as(DETECTOR_NOT_RUNNING + " firing for alert-service while the brokers are"
                    + " down").isTrue();
        }
    }

    @Test
    @Order(3)
    void shouldRecordAndNotifyEveryEpisodeOnceWhileAlertServiceIsKilled() {
        try (Ward ward = Ward.enrol(stack, "killed", PROFILE.patients(), PROFILE.episodes(), 3)) {
            int rounds = ward.rounds();
            int kills = 0;
            int alertsFired = 0;
            for (int round = 0; round < rounds; round++) {
                boolean killNow = kills < PROFILE.alertKills()
                        && round == (kills + 1) * rounds / (PROFILE.alertKills() + 1);
                if (killNow) {
                    stack.killAlertService(0);
                    kills++;
                    // This round reaches the broker while alert-service is dead; it starts again meanwhile, once
                    // SREs have been told (the detector runs in it).
                    CompletableFuture<Void> posting = ward.streamRoundAsync(round, SETTLE);
                    prometheus.awaitFiring(TARGET_DOWN, ALERT_WAIT);
                    assertThat(firing(TARGET_DOWN, "alert-service")).as(TARGET_DOWN + " for alert-service").isTrue();
                    alertsFired++;
                    stack.startAlertService(0);
                    prometheus.awaitCleared(TARGET_DOWN, ALERT_WAIT);
                    posting.join();
                } else {
                    ward.streamRound(round, SETTLE);
                }
            }
            Ward.Notified notified = ward.assertEveryEpisodeRecordedAndNotifiedOnce(SETTLE);
            figures("3 alert-service SIGKILLed", "kills: " + kills + ", patients: " + ward.patients.size()
                    + ", planted episodes: " + ward.episodes() + ", " + notified + ", Prometheus " + TARGET_DOWN
                    + " fired and cleared: " + alertsFired + " of " + kills + " kills");
            assertThat(kills).isEqualTo(PROFILE.alertKills());
        }
    }

    @Test
    @Order(4)
    void shouldAcceptDetectAndStayAliveWhilePostgresIsDownAndCatchUpAfter() {
        try (Ward ward = Ward.enrol(stack, "database", PROFILE.patients() / 4, PROFILE.episodes() / 4, 4)) {
            // Every device has been seen (and its token verified) before the outage.
            ward.streamRound(0, SETTLE);
            long ingestPid = stack.ingestServicePid();
            long alertPid = stack.alertServicePid(0);
            int answersBefore = ward.answers.size();

            stack.postgres().stopServer();
            long down = System.nanoTime();
            // Meanwhile a ward's gateway goes silent and comes back: its NO_DATA alerts queue up behind the database.
            String gateway = "gateway-" + UUID.randomUUID().toString().substring(0, 6);
            List<String> silent = IntStream.range(0, SILENT_GATEWAY_PATIENTS).mapToObj(i -> gateway + "-p" + i).toList();
            int flood = NoDataFlood.publish(stack.kafkaBootstrap(), silent).size();
            boolean[] notRecordedAlerted = {false};
            boolean[] lagAlerted = {false};
            boolean[] registryAlerted = {false};
            List<Integer> liveness = new ArrayList<>();
            int rounds = ward.rounds();
            // The other rounds are spread over the outage, so devices keep sending past every cache's expiry.
            long step = PROFILE.databaseOutage().toNanos() / (rounds - 1);
            int[] next = {1};
            List<Integer> refusedRounds = new ArrayList<>();
            int[] refusedRequests = {0};
            await("the database outage").atMost(PROFILE.databaseOutage().plus(SETTLE))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> {
                        liveness.add(ward.probe(stack.alertManagementUrl(0) + "/q/health/live"));
                        liveness.add(ward.probe(stack.ingestManagementUrl() + "/q/health/live"));
                        notRecordedAlerted[0] |= firing(ALERTS_NOT_RECORDED, null);
                        lagAlerted[0] |= firing(ALERTS_CONSUMER_LAG, null);
                        registryAlerted[0] |= firing(REGISTRY_UNAVAILABLE, null); // by pod: no job label
                        long elapsed = System.nanoTime() - down;
                        if (next[0] < rounds && elapsed >= (next[0] - 1) * step) {
                            int refused = ward.postRound(next[0], ward.patients).size();
                            if (refused > 0) {
                                refusedRounds.add(next[0]);
                                refusedRequests[0] += refused;
                            }
                            next[0]++;
                        }
                        return next[0] >= rounds && elapsed >= PROFILE.databaseOutage().toNanos();
                    });
            int answersAfterOutage = ward.answers.size();
            double lagSeen = maxOver("max(portwatch_alerts_consumer_backlog{job=\"alert-service\"})",
                    Duration.ofNanos(System.nanoTime() - down));
            boolean processesLived = stack.ingestServicePid() == ingestPid && stack.alertServicePid(0) == alertPid;
            int transitionsDuring = ward.transitions().size();
            stack.postgres().restartServer();
            long back = System.nanoTime();
            // What a device was refused it sends again (a failed scenario still checks what follows).
            refusedRounds.forEach(round -> ward.streamRound(round, SETTLE));

            Ward.Notified notified = ward.assertEveryEpisodeRecordedAndNotifiedOnce(SETTLE);
            prometheus.awaitCleared(ALERTS_NOT_RECORDED, SETTLE);
            Duration clearedAfter = Duration.ofNanos(System.nanoTime() - back);
            int[] floodRecorded = {0};
            await("the silent gateway's alerts recorded").atMost(SETTLE).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> (floodRecorded[0] = Ward.resolvedAlerts(stack, silent)) == silent.size());
            prometheus.awaitCleared(ALERTS_CONSUMER_LAG, SETTLE);
            Duration lagClearedAfter = Duration.ofNanos(System.nanoTime() - back);
            // The registry's gauge follows ingest's last lookup: a device's next request after the return (here one
            // without readings, which changes nothing) finds the database again.
            Ward.Patient device = ward.patients.get(0);
            await("the device registry reachable again").atMost(SETTLE).pollInterval(Duration.ofSeconds(1))
                    .until(() -> ward.touch(device) / 100 == 4 && prometheus.firing(REGISTRY_UNAVAILABLE).isEmpty());
            Duration registryClearedAfter = Duration.ofNanos(System.nanoTime() - back);
            long answersDuring = answersAfterOutage - answersBefore;
            long acceptedDuring = ward.answers.stream().skip(answersBefore).limit(answersDuring)
                    .filter(a -> a.status() == 202).count();
            figures("4 PostgreSQL down", "outage: " + PROFILE.databaseOutage().toSeconds() + " s, requests during it: "
                    + answersDuring + " (202: " + acceptedDuring + ", refused: " + refusedRequests[0]
                    + "), alert transitions detected during it: "
                    + transitionsDuring + " of " + notified.transitions() + ", liveness probes: " + liveness.size()
                    + " (not 200: " + liveness.stream().filter(s -> s != 200).count() + "), processes restarted: "
                    + !processesLived + ", " + notified + "; NO_DATA events of a silent gateway during it: " + flood
                    + " (alerts recorded after: " + floodRecorded[0] + " of " + silent.size() + "), Prometheus "
                    + ALERTS_NOT_RECORDED + " fired during the outage: " + notRecordedAlerted[0] + ", cleared within "
                    + clearedAfter.toSeconds() + " s of the database's return; alert events not recorded during the"
                    + " outage: at most " + (long) lagSeen + ", " + ALERTS_CONSUMER_LAG + " fired: " + lagAlerted[0]
                    + ", cleared " + lagClearedAfter.toSeconds() + " s after the return; " + REGISTRY_UNAVAILABLE
                    + " fired: " + registryAlerted[0] + ", cleared " + registryClearedAfter.toSeconds()
                    + " s after the return");
            assertThat(refusedRequests[0]).as("requests of known devices refused during the outage").isZero();
            assertThat(transitionsDuring).as("detection kept running without the database").isPositive();
            assertThat(liveness).as("liveness of both services during the outage").containsOnly(200);
            assertThat(processesLived).as("no process exited or restarted").isTrue();
            assertThat(notRecordedAlerted[0]).as(ALERTS_NOT_RECORDED + " firing while the database is down").isTrue();
            assertThat(lagAlerted[0]).as(ALERTS_CONSUMER_LAG + " firing while the database is down").isTrue();
            assertThat(registryAlerted[0]).as(REGISTRY_UNAVAILABLE + " firing while the database is down").isTrue();
            assertThat(floodRecorded[0]).as("the silent gateway's alerts recorded once the database is back")
                    .isEqualTo(silent.size());
        }
    }

    @Test
    @Order(5)
    void shouldMovePartitionsToTheSurvivingReplicaWithoutDoubleNotification() {
        stack.startAlertService(1);
        prometheus.retarget("alert-service", hostAndPort(stack.alertManagementUrl(0)),
                hostAndPort(stack.alertManagementUrl(1)));
        // Scraped where the metrics are (the management port): the later scenarios' SRE alerts read them.
        prometheus.awaitTargetsUp(ALERT_WAIT);
        try (Ward ward = Ward.enrol(stack, "replicas", PROFILE.patients() / 4, PROFILE.episodes() / 4, 5);
             WebhookRecorder onCall = new WebhookRecorder()) {
            ward.call(ward.admin("POST", stack.alertUrl(1) + "/api/v1/care-teams/" + ward.team + "/webhooks",
                    Map.of("url", onCall.url(), "audience", "ESCALATION")), 201);
            ward.call(ward.admin("PUT", stack.alertUrl(1) + "/api/v1/care-teams/" + ward.team + "/escalation-policy",
                    Map.of("highAfter", "PT5S", "mediumAfter", "PT5S", "repeatEvery", "PT5S")), 200);
            int rounds = ward.rounds();
            for (int round = 0; round < rounds; round++) {
                if (round == rounds / 2) {
                    stack.killAlertService(0); // mid-stream; replica 1 takes its partitions and its rounds
                    // Kubernetes would replace the killed pod; here it stays dead, so it leaves the scrape targets.
                    prometheus.retarget("alert-service", hostAndPort(stack.alertManagementUrl(1)));
                    prometheus.awaitTargetsUp(ALERT_WAIT);
                }
                ward.streamRound(round, SETTLE);
            }
            Ward.Notified notified = ward.assertEveryEpisodeRecordedAndNotifiedOnce(SETTLE);
            // Escalation rounds ran on both replicas, then on the survivor; let each alert have one, then stop them.
            await("an escalation round for every alert").atMost(SETTLE).pollInterval(Duration.ofSeconds(1))
                    .until(() -> ward.alertsOfRecord().stream().allMatch(a -> a.escalations() > 0));
            for (Ward.RecordedAlert alert : ward.alertsOfRecord()) {
                ward.call(ward.clinician("POST", stack.alertUrl(1) + "/api/v1/alerts/" + alert.alertId()
                        + "/acknowledge", Map.of("note", "seen")), 200);
            }
            await("every escalation round at the on-call webhook").atMost(SETTLE).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> ward.alertsOfRecord().forEach(a -> assertThat(onCall.deliveries().stream()
                            .filter(d -> d.alertId().equals(a.alertId()) && d.type().equals("alert.unacknowledged"))
                            .map(WebhookRecorder.Delivery::id).distinct().count())
                            .as("escalation rounds of " + a.alertId() + " delivered").isEqualTo(a.escalations())));
            int rounds5 = ward.alertsOfRecord().stream().mapToInt(Ward.RecordedAlert::escalations).sum();
            long rawEscalations = onCall.deliveries().stream().filter(d -> d.type().equals("alert.unacknowledged"))
                    .count();
            figures("5 replica killed", "replicas: 2, killed: 1, " + notified + ", escalation rounds recorded: "
                    + rounds5 + ", delivered (raw): " + rawEscalations + ", raw duplicate deliveries of rounds: "
                    + (rawEscalations - rounds5));
        }
    }

    @Test
    @Order(6)
    void shouldDeliverEverythingInOrderSoonAfterTheReceiverReturns() {
        try (Ward ward = Ward.enrol(stack, "receiver", PROFILE.patients() / 4, PROFILE.episodes() / 4, 6);
             // A second team's receiver, down as long: the notifications waiting for it make the backlog SREs see.
             Ward backlog = Ward.enrol(stack, "backlog", BACKLOG_PATIENTS, 0, 7)) {
            ward.receiver.down();
            backlog.receiver.down();
            long down = System.nanoTime();
            for (int round = 0; round < ward.rounds(); round++) {
                ward.streamRound(round, SETTLE);
            }
            await("every episode recorded while the receiver is down").atMost(SETTLE)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> ward.alertsOfRecord().size() == ward.episodes());
            // The backlog goes in shortly before the receivers return: its first retries (10 s, then 20 s later) are
            // due soon after that, as they would be for notifications queued late in a long outage.
            await("the receiver outage, but its last " + BACKLOG_LEAD.toSeconds() + " s")
                    .atMost(PROFILE.receiverOutage().plus(SETTLE)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> System.nanoTime() - down >= PROFILE.receiverOutage().minus(BACKLOG_LEAD).toNanos());
            int waiting = NoDataFlood.publish(stack.kafkaBootstrap(), List.copyOf(backlog.patientIds())).size();
            boolean backlogAlerted = !prometheus.awaitFiring(NOTIFICATION_BACKLOG, ALERT_WAIT).isEmpty();
            await("the receiver outage").atMost(PROFILE.receiverOutage().plus(SETTLE))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1))
                    .until(() -> System.nanoTime() - down >= PROFILE.receiverOutage().toNanos());
            assertThat(ward.receiver.deliveries()).as("nothing delivered to a closed port").isEmpty();
            ward.receiver.up();
            backlog.receiver.up();
            java.time.Instant back = java.time.Instant.now();

            // Only HIGH and CRITICAL have a bound; the rest may wait out a longer backoff (MEDIUM: up to 5 minutes).
            Ward.Notified notified = ward.assertEveryEpisodeRecordedAndNotifiedOnce(SETTLE.plus(MEDIUM_BACKOFF_CAP));
            Map<String, WebhookRecorder.Delivery> first = ward.receiver.firstArrivalById();
            Duration lastUrgent = first.values().stream()
                    .filter(d -> d.severity().equals("HIGH") || d.severity().equals("CRITICAL"))
                    .map(d -> Duration.between(back, d.received())).max(Duration::compareTo).orElse(Duration.ZERO);
            Duration lastAny = first.values().stream().map(d -> Duration.between(back, d.received()))
                    .max(Duration::compareTo).orElse(Duration.ZERO);
            long urgent = first.values().stream()
                    .filter(d -> d.severity().equals("HIGH") || d.severity().equals("CRITICAL")).count();
            await("the backlog delivered").atMost(SETTLE).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1))
                    .until(() -> backlog.receiver.firstArrivalById().size() == waiting);
            prometheus.awaitCleared(NOTIFICATION_BACKLOG, SETTLE);
            Duration backlogCleared = Duration.between(back, java.time.Instant.now());
            figures("6 receiver down", "outage: " + PROFILE.receiverOutage().toSeconds() + " s, " + notified
                    + ", HIGH/CRITICAL notifications: " + urgent + ", last of them " + lastUrgent.toMillis()
                    + " ms after the receiver's return, last of all " + lastAny.toMillis() + " ms after; a second"
                    + " team's " + waiting + " NO_DATA notifications queued " + BACKLOG_LEAD.toSeconds()
                    + " s before the return, Prometheus " + NOTIFICATION_BACKLOG + " fired during the outage: "
                    + backlogAlerted + ", cleared within " + backlogCleared.toSeconds() + " s of the return");
            assertThat(urgent).as("HIGH notifications planted").isPositive();
            assertThat(notified.outOfOrder()).as("alerts notified out of order after the receiver's return").isZero();
            assertThat(lastUrgent).as("HIGH and CRITICAL delivered within 60 s of the receiver's return")
                    .isLessThanOrEqualTo(URGENT_DELIVERY_WITHIN);
        }
    }

    /**
     * README, "Shutdown (SIGTERM)": ingest answers the requests it holds (202 or 503) before it exits. Devices keep
     * posting while ingest is stopped gracefully and started again; a request that finds no listener is a device's
     * retry (no answer), never a lost 202.
     */
    @Test
    @Order(7)
    void shouldAnswerWhatItHoldsAndLoseNoAcceptedReadingWhenIngestStopsGracefully() {
        try (Ward ward = Ward.enrol(stack, "sigterm", 40, 0, 8)) {
            ward.streamRound(0, SETTLE);
            AtomicBoolean keepPosting = new AtomicBoolean(true);
            // Rounds again and again (re-sent rounds are duplicates, answered 202 too) until ingest is back.
            CompletableFuture<Void> posting = CompletableFuture.runAsync(() -> {
                for (int round = 1; keepPosting.get(); round = round % (ward.rounds() - 1) + 1) {
                    ward.streamRound(round, SETTLE);
                }
            });
            int before = ward.answers.size();
            await("devices posting").atMost(ALERT_WAIT).until(() -> ward.answers.size() >= before + 80);
            long stopping = System.nanoTime();
            stack.restartIngestService(false);
            Duration away = Duration.ofNanos(System.nanoTime() - stopping);
            int back = ward.answers.size();
            await("readings accepted again").atMost(ALERT_WAIT).until(() -> ward.answers.stream().skip(back)
                    .filter(a -> a.status() == 202).count() >= 40);
            keepPosting.set(false);
            posting.join();

            Map<Integer, Long> byStatus = ward.answers.stream()
                    .collect(Collectors.groupingBy(Ward.Answer::status, TreeMap::new, Collectors.counting()));
            Map<String, Integer> onTopic = readingsOnTopic();
            long missing = ward.accepted.stream().filter(k -> !onTopic.containsKey(k)).count();
            figures("7 ingest SIGTERM", "requests by answer (-1: none, the listener was gone): " + byStatus
                    + ", stopped and ready again in " + away.toMillis() + " ms, distinct readings 202: "
                    + ward.accepted.size() + ", missing from vitals.readings: " + missing);
            assertThat(stack.ingestStoppedGracefully()).as("ingest exited on SIGTERM, without a SIGKILL").isTrue();
            assertThat(byStatus.keySet()).as("answers while ingest stops and starts").isSubsetOf(202, 503, -1);
            assertThat(missing).as("readings answered 202 but not on vitals.readings").isZero();
        }
    }
}
