package org.portwatch.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.portwatch.infra.testing.PackagedStack;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.Evidence;
import org.portwatch.model.Severity;
import org.portwatch.model.Topics;
import org.portwatch.model.VitalType;
import org.portwatch.model.SensorStatus;
import org.portwatch.model.VitalReading;
import org.portwatch.model.serde.AlertEventSerde;
import org.portwatch.model.serde.VitalReadingSerde;

/**
 * The dashboard in a real headless Chromium against the packaged services: an alert put on
 * {@code vitals.alerts} shows up on the open page without a reload, and the clinician acknowledges
 * it there.
 */
class DashboardBrowserTest {

    // One care team per test, so each page shows only its own test's alerts.
    static final String CARE_TEAM = "oncology-day-unit";
    static final String OTHER_TEAM = "dialysis-unit";
    static final String THIRD_TEAM = "haematology-ward";
    static final String RESTART_TEAM = "home-infusion-team";
    static final String PUSH_TEAM = "paediatric-oncology";
    static final String TIMELINE_TEAM = "infusion-clinic";
    static final String ASSIGN_TEAM = "radiotherapy-unit";
    static final String SNOOZE_TEAM = "acute-oncology-service";
    static final String GROUPING_TEAM = "sepsis-watch";
    static final String ON_CALL_TEAM = "night-ward";
    static final String CLINICIAN = "dr-ada-lovelace";
    static final Duration UI_WAIT = Duration.ofSeconds(30);

    static PackagedStack stack;
    static KafkaProducer<String, AlertEvent> producer;
    static KafkaProducer<String, VitalReading> readings;

    ChromeDriver browser;
    WebDriverWait wait;

    @BeforeAll
    static void startStack() {
        stack = PackagedStack.start();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new StringSerializer(), new AlertEventSerde.Serializer());
        readings = new KafkaProducer<>(props, new StringSerializer(), new VitalReadingSerde.Serializer());
    }

    @AfterAll
    static void stopStack() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (readings != null) {
            readings.close(Duration.ofSeconds(5));
        }
        if (stack != null) {
            stack.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        browser = HeadlessChromium.start(1440, 1000);
        wait = new WebDriverWait(browser, UI_WAIT);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void shouldShowAnAlertRaisedOnTheTopicWithoutReloadAndAcknowledgeItThere() throws IOException {
        String token = stack.clinicianToken(CLINICIAN, CARE_TEAM);
        String feverPatient = enrol(token, "Jane Doe", CARE_TEAM);
        String heartPatient = enrol(token, "Ravi Okafor", CARE_TEAM);
        String sepsisPatient = enrol(token, "Mia Chen", CARE_TEAM);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        signInThroughLink(token);
        // A marker on the window: if the page reloaded, it would be gone.
        browser.executeScript("window.__sameDocument = true;");

        AlertEvent heart = raise(heartPatient, AlertCondition.TACHYCARDIA, Severity.HIGH, now.minus(Duration.ofMinutes(16)),
                Map.of("heartRateHigh", 100.0, "heartRateCritical", 131.0, "tachycardiaMinutes", 10.0),
                heartRates(now.minus(Duration.ofMinutes(16)), 118, 124, 133, 135, 137, 134));
        AlertEvent sepsis = raise(sepsisPatient, AlertCondition.SEPSIS_RISK, Severity.CRITICAL,
                now.minus(Duration.ofMinutes(30)), Map.of("feverCelsius", 38.0, "sepsisHeartRate", 90.0),
                concat(List.of(temperature(now.minus(Duration.ofMinutes(30)), 38.4),
                                temperature(now.minus(Duration.ofMinutes(18)), 38.6),
                                temperature(now.minus(Duration.ofMinutes(4)), 38.7)),
                        heartRates(now.minus(Duration.ofMinutes(19)), 94, 97, 101, 104, 108, 111)));
        AlertEvent fever = raise(feverPatient, AlertCondition.FEVER, Severity.MEDIUM, now.minus(Duration.ofMinutes(12)),
                Map.of("feverCelsius", 38.0, "highFeverCelsius", 38.3, "feverConfirmMinutes", 30.0),
                List.of(temperature(now.minus(Duration.ofMinutes(12)), 38.1),
                        temperature(now.minus(Duration.ofMinutes(6)), 38.2),
                        temperature(now.minus(Duration.ofMinutes(1)), 38.2)));

        wait.until(ExpectedConditions.presenceOfElementLocated(rowOf(fever.alertId())));
        wait.until(ExpectedConditions.presenceOfElementLocated(rowOf(heart.alertId())));
        wait.until(ExpectedConditions.presenceOfElementLocated(rowOf(sepsis.alertId())));
        // The table is drawn again as each alert arrives: a row found before the last one came may be gone (stale),
        // so each read looks the row up afresh.
        assertThat(field(fever.alertId(), "severity")).isEqualTo("MEDIUM");
        assertThat(field(fever.alertId(), "patient")).isEqualTo("Jane Doe");
        assertThat(field(fever.alertId(), "status")).isEqualTo("OPEN");
        List<String> order = wait.ignoring(StaleElementReferenceException.class).until(page -> page
                .findElements(By.cssSelector("#alert-rows tr")).stream()
                .map(r -> r.getAttribute("data-alert-id")).toList());
        assertThat(order).as("most severe first").containsExactly(sepsis.alertId(), heart.alertId(), fever.alertId());

        wait.ignoring(StaleElementReferenceException.class).until(page -> {
            page.findElement(By.cssSelector("tr[data-alert-id='" + fever.alertId()
                    + "'] button[data-action=acknowledge]")).click();
            return true;
        });
        WebElement note = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("action-note")));
        note.sendKeys("Called the patient, coming in.");
        browser.findElement(By.id("action-confirm")).click();

        wait.until(ExpectedConditions.textToBe(
                By.cssSelector("tr[data-alert-id='" + fever.alertId() + "'] [data-field=status]"), "ACKNOWLEDGED"));
        // The status may show from the acknowledgement's answer before its feed event draws the table again.
        assertThat(field(fever.alertId(), "acknowledged-by")).isEqualTo(CLINICIAN);
        JsonPath stored = given().auth().oauth2(token).when().get(stack.alertUrl() + "/api/v1/alerts/" + fever.alertId())
                .then().statusCode(200).extract().jsonPath();
        assertThat(stored.getString("alert.status")).isEqualTo("ACKNOWLEDGED");
        assertThat(stored.getString("alert.acknowledgedBy")).isEqualTo(CLINICIAN);
        assertThat(stored.getList("timeline.note")).contains("Called the patient, coming in.");

        openFromRow(fever.alertId());
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("svg.chart-temp circle.point"), 3));
        List<WebElement> thresholds = browser.findElements(By.cssSelector("svg.chart-temp [data-threshold] line.threshold"));
        assertThat(thresholds).as("feverCelsius and highFeverCelsius drawn on the temperature chart").hasSize(2);
        assertThat(browser.findElements(By.cssSelector("svg.chart-temp [data-threshold=feverCelsius] text")))
                .extracting(WebElement::getText).singleElement().asString().contains("38.0");
        assertThat(browser.findElement(By.cssSelector("[data-field=detail-status]")).getText()).isEqualTo("ACKNOWLEDGED");

        assertThat(browser.executeScript("return window.__sameDocument === true;"))
                .as("the page was never reloaded").isEqualTo(Boolean.TRUE);
        assertThat(browser.getCurrentUrl()).as("the token left the address bar").doesNotContain("token=");

        // The picture for the README: the sepsis alert, both vital signs with their thresholds.
        openFromRow(sepsis.alertId());
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("svg.chart-hr circle.point"), 6));
        assertThat(browser.findElements(By.cssSelector("svg.chart-hr [data-threshold=sepsisHeartRate] line.threshold")))
                .hasSize(1);
        assertThat(browser.findElements(By.cssSelector("svg.chart-temp circle.point"))).hasSize(3);
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("message")));

        Path screenshot = Path.of("target/dashboard.png");
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(screenshot)).isPositive();
    }

    @Test
    void shouldPlotAPatientsTimelineWithAlertsAndThresholdsFromThePatientListAndFromAnAlert() {
        String token = stack.clinicianToken("dr-timeline", TIMELINE_TEAM);
        String patient = enrol(token, "Noor Haddad", TIMELINE_TEAM);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // Three hours of a temperature rising towards a fever, every 10 minutes, and six of a heart rate every 30
        // minutes: below every line, so the detector raises nothing and the one alert is the test's own.
        List<VitalReading> sent = new java.util.ArrayList<>();
        for (int i = 18; i >= 1; i--) {
            sent.add(reading(patient, VitalType.BODY_TEMPERATURE, now.minus(Duration.ofMinutes(10L * i)), 36.4 + (18 - i) * 0.08));
        }
        for (int i = 12; i >= 1; i--) {
            sent.add(reading(patient, VitalType.HEART_RATE, now.minus(Duration.ofMinutes(30L * i)), 78 + (12 - i) * 2));
        }
        // Three days ago: outside the 24-hour view, inside the 7-day one.
        sent.add(reading(patient, VitalType.BODY_TEMPERATURE, now.minus(Duration.ofDays(3)), 36.9));
        sent.forEach(r -> readings.send(new ProducerRecord<>(Topics.VITALS_READINGS, patient, r)));
        readings.flush();
        AlertEvent fever = raise(patient, AlertCondition.FEVER, Severity.MEDIUM, now.minus(Duration.ofMinutes(60)),
                Map.of("feverCelsius", 38.0, "highFeverCelsius", 38.3),
                List.of(temperature(now.minus(Duration.ofMinutes(60)), 38.2),
                        temperature(now.minus(Duration.ofMinutes(40)), 38.3)));
        await().atMost(UI_WAIT).untilAsserted(() -> given().auth().oauth2(token)
                .when().get(stack.alertUrl() + "/api/v1/patients/" + patient + "/readings")
                .then().statusCode(200).body("series.find { it.type == 'BODY_TEMPERATURE' }.points.size()",
                        org.hamcrest.Matchers.equalTo(18))
                .body("alerts.size()", org.hamcrest.Matchers.equalTo(1)));

        signInThroughLink(token);
        WebElement link = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#patient-list li[data-patient-id='" + patient + "'] a.patient-link")));
        assertThat(link.getText()).isEqualTo("Noor Haddad");
        link.click();

        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("svg.chart-temp circle.point"), 18));
        assertThat(browser.findElements(By.cssSelector("svg.chart-hr circle.point"))).hasSize(12);
        assertThat(browser.findElement(By.id("detail-title")).getText()).isEqualTo("Timeline — Noor Haddad");
        assertThat(browser.findElement(By.cssSelector("[data-field=resolution]")).getText()).contains("every reading");
        assertThat(browser.findElements(By.cssSelector("svg.chart-temp [data-threshold=feverCelsius] line.threshold")))
                .as("the patient's fever line").hasSize(1);
        assertThat(browser.findElements(By.cssSelector("svg.chart-hr [data-threshold=heartRateHigh] line.threshold")))
                .hasSize(1);
        assertThat(browser.findElements(By.cssSelector("svg.chart-temp rect.alert-mark[data-alert-id='"
                + fever.alertId() + "']"))).as("the fever marked on the temperature chart").hasSize(1);

        // Seven days: 15-minute buckets, the reading of three days ago among them.
        browser.findElement(By.cssSelector("a[data-range='7d']")).click();
        // By selector, not by element: the 24-hour charts are replaced while the wait runs.
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".timeline-charts[data-resolution='PT15M']")));
        assertThat(browser.findElement(By.cssSelector("[data-field=resolution]")).getText()).contains("15-minute");
        assertThat(browser.findElements(By.cssSelector("svg.chart-temp path.range-temp"))).hasSize(1);
        Path screenshot = Path.of("target/timeline.png");
        try {
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        // From the alert: its detail links to the same patient's timeline.
        browser.get(stack.alertUrl() + "/#/alerts/" + fever.alertId());
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("a.timeline-link"))).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("svg.chart-temp circle.point"), 18));
        assertThat(browser.findElements(By.cssSelector(".timeline-alerts li[data-alert-id='" + fever.alertId() + "']")))
                .hasSize(1);

        // Medication context: a dose recorded on the timeline is listed there and on the fever alert it may mask.
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("dose-medication")))
                .selectByValue("IBUPROFEN");
        browser.findElement(By.cssSelector("form.dose-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("ul.antipyretics li"), "Ibuprofen"));
        browser.get(stack.alertUrl() + "/#/alerts/" + fever.alertId());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-field=antipyretics] li"),
                "a temperature may read low until"));
        assertThat(browser.findElements(By.cssSelector("[data-field=antipyretics] li"))).hasSize(1);
    }

    @Test
    void shouldSnoozeAnAlertWithinItsLimitAndSilenceAPatientsNoDataFromThePage() {
        String token = stack.clinicianToken("dr-snooze", SNOOZE_TEAM);
        String patient = enrol(token, "Lena Park", SNOOZE_TEAM);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        signInThroughLink(token);
        AlertEvent critical = raise(patient, AlertCondition.SEPSIS_RISK, Severity.CRITICAL, now.minus(Duration.ofMinutes(20)),
                Map.of("feverCelsius", 38.0, "sepsisHeartRate", 90.0),
                concat(List.of(temperature(now.minus(Duration.ofMinutes(20)), 38.5)),
                        heartRates(now.minus(Duration.ofMinutes(15)), 96, 102, 108)));

        // The list loaded as the stream opened may draw the table again after the alert's event drew it.
        wait.until(ExpectedConditions.presenceOfElementLocated(rowOf(critical.alertId())));
        openFromRow(critical.alertId());
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#detail-body button[data-action=snooze]")))
                .click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("snooze-reason"))).sendKeys("family visit");
        assertThat(browser.findElements(By.cssSelector("#snooze-duration option")))
                .as("a CRITICAL alert: at most 30 minutes").extracting(o -> o.getAttribute("value"))
                .containsExactly("PT15M", "PT30M");
        browser.findElement(By.id("snooze-confirm")).click();

        // Drawn from the snooze's answer, then again on its feed event: the badge is read afresh, not held.
        wait.until(ExpectedConditions.presenceOfNestedElementLocatedBy(rowOf(critical.alertId()),
                By.cssSelector("[data-field=snoozed]")));
        assertThat(field(critical.alertId(), "snoozed")).startsWith("Snoozed until");
        JsonPath stored = given().auth().oauth2(token).when().get(stack.alertUrl() + "/api/v1/alerts/" + critical.alertId())
                .then().statusCode(200).extract().jsonPath();
        assertThat(stored.getString("alert.snoozeReason")).isEqualTo("family visit");
        assertThat(Duration.between(now, Instant.parse(stored.getString("alert.snoozedUntil"))))
                .isBetween(Duration.ofMinutes(29), Duration.ofMinutes(32));

        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#detail-body button[data-action=unsnooze]")))
                .click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#alert-rows [data-field=snoozed]"), 0));

        // The patient's view: silence NO_DATA, see it listed, end it.
        browser.findElement(By.cssSelector("#detail-body a.timeline-link")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-field=silence-reason]")))
                .sendKeys("device charging");
        browser.findElement(By.cssSelector("button[data-action=silence]")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("[data-silence-id]"), 1));
        assertThat(given().auth().oauth2(token).when().get(stack.alertUrl() + "/api/v1/patients/" + patient + "/silences")
                .then().statusCode(200).extract().jsonPath().getList("reason")).containsExactly("device charging");
        browser.findElement(By.cssSelector("button[data-action=end-silence]")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("[data-silence-id]"), 0));
    }

    /**
     * Grouping (issue 11): a patient's fever and racing heart, raised before their sepsis risk, move under it when it
     * arrives — behind one collapsed line naming them, opened with a click — and the detail links child and parent.
     */
    @Test
    void shouldNestAPatientsFeverAndRacingHeartUnderTheirSepsisRiskBehindOneLine() {
        String token = stack.clinicianToken(CLINICIAN, GROUPING_TEAM);
        String patient = enrol(token, "Leo Marsh", GROUPING_TEAM);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        signInThroughLink(token);

        AlertEvent fever = raise(patient, AlertCondition.FEVER, Severity.MEDIUM, now.minus(Duration.ofMinutes(40)),
                Map.of("feverCelsius", 38.0), List.of(temperature(now.minus(Duration.ofMinutes(40)), 38.4),
                        temperature(now.minus(Duration.ofMinutes(30)), 38.5)));
        AlertEvent heart = raise(patient, AlertCondition.TACHYCARDIA, Severity.MEDIUM, now.minus(Duration.ofMinutes(25)),
                Map.of("heartRateHigh", 100.0), heartRates(now.minus(Duration.ofMinutes(25)), 104, 108, 112, 110));
        wait.until(ExpectedConditions.visibilityOfElementLocated(rowOf(heart.alertId())));
        AlertEvent sepsis = raise(patient, AlertCondition.SEPSIS_RISK, Severity.CRITICAL,
                now.minus(Duration.ofMinutes(40)), Map.of("feverCelsius", 38.0, "sepsisHeartRate", 90.0),
                concat(List.of(temperature(now.minus(Duration.ofMinutes(30)), 38.5)),
                        heartRates(now.minus(Duration.ofMinutes(25)), 104, 108, 112, 110)));

        By line = By.cssSelector("#alert-rows tr.group-line[data-group-of='" + sepsis.alertId() + "']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(line, "grouped: FEVER, TACHYCARDIA"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(rowOf(fever.alertId())));
        // The group's events each draw the table again: every read looks its row up afresh (see field()).
        assertThat(fromRow(heart.alertId(), r -> String.valueOf(r.isDisplayed()))).as("collapsed").isEqualTo("false");
        List<String> rows = wait.ignoring(StaleElementReferenceException.class).until(page -> page
                .findElements(By.cssSelector("#alert-rows tr")).stream()
                .map(r -> r.getAttribute("data-alert-id") == null ? "line" : r.getAttribute("data-alert-id")).toList());
        assertThat(rows).as("the group right under its parent").startsWith(sepsis.alertId(), "line");

        wait.ignoring(StaleElementReferenceException.class).until(page -> {
            page.findElement(line).findElement(By.cssSelector("button.group-toggle")).click();
            return true;
        });
        wait.until(ExpectedConditions.visibilityOfElementLocated(rowOf(fever.alertId())));
        assertThat(fromRow(heart.alertId(), r -> String.valueOf(r.getAttribute("data-grouped-under"))))
                .isEqualTo(sepsis.alertId());

        openFromRow(fever.alertId());
        WebElement parent = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-field=grouped-under] a")));
        parent.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-field=grouped]"), "Fever"));
        assertThat(browser.findElement(By.cssSelector("[data-field=grouped]")).getText()).contains("Racing heart");
    }

    @Test
    void shouldNotShowAnotherCareTeamsAlertWhenItIsRaised() {
        String token = stack.clinicianToken("dr-grace-hopper", OTHER_TEAM);
        String mine = enrol(token, "Ann Other", OTHER_TEAM);
        String theirs = enrol(stack.clinicianToken("dr-x", THIRD_TEAM), "Not Mine", THIRD_TEAM);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        signInThroughLink(token);
        AlertEvent foreign = raise(theirs, AlertCondition.FEVER, Severity.MEDIUM, now.minus(Duration.ofMinutes(5)),
                Map.of("feverCelsius", 38.0), List.of(temperature(now.minus(Duration.ofMinutes(5)), 38.4)));
        // Stored (and so sent to every live stream) before the own alert is even published.
        String theirToken = stack.clinicianToken("dr-x", THIRD_TEAM);
        await().atMost(UI_WAIT).untilAsserted(() -> given().auth().oauth2(theirToken)
                .when().get(stack.alertUrl() + "/api/v1/alerts/" + foreign.alertId()).then().statusCode(200));
        AlertEvent own = raise(mine, AlertCondition.NO_DATA, Severity.LOW, now.minus(Duration.ofMinutes(31)),
                Map.of("noDataMinutes", 30.0), List.of());

        wait.until(ExpectedConditions.presenceOfElementLocated(rowOf(own.alertId())));
        assertThat(browser.findElements(rowOf(foreign.alertId()))).isEmpty();
    }

    @Test
    void shouldReconnectAndShowWhatWasRaisedMeanwhileWhenAlertServiceRestarts() {
        String token = stack.clinicianToken("dr-mary-seacole", RESTART_TEAM);
        String patient = enrol(token, "Kim Lee", RESTART_TEAM);
        signInThroughLink(token);
        browser.executeScript("window.__sameDocument = true;");

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        AtomicReference<AlertEvent> fever = new AtomicReference<>();
        stack.restartAlertService(true, () -> {
            // While it is down the page says so instead of pretending to be live.
            wait.until(ExpectedConditions.attributeToBe(By.id("connection"), "data-state", "reconnecting"));
            assertThat(browser.findElement(By.id("connection")).getText()).startsWith("Reconnecting");
            fever.set(raise(patient, AlertCondition.FEVER, Severity.HIGH, now.minus(Duration.ofMinutes(40)),
                    Map.of("feverCelsius", 38.0), List.of(temperature(now.minus(Duration.ofMinutes(40)), 38.6))));
        });

        // Backoff is at most 15 s (plus jitter); the service took its own time to start.
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(ExpectedConditions.presenceOfElementLocated(rowOf(fever.get().alertId())));
        assertThat(browser.findElement(By.id("connection")).getAttribute("data-state")).isEqualTo("connected");
        assertThat(browser.executeScript("return window.__sameDocument === true;")).isEqualTo(Boolean.TRUE);
    }

    @Test
    void shouldShowAPushedAlertAsANotificationWhenTheServiceWorkerReceivesIt() {
        signInThroughLink(stack.clinicianToken("dr-florence-nightingale", PUSH_TEAM));
        browser.executeCdpCommand("Browser.grantPermissions",
                Map.of("origin", stack.alertUrl(), "permissions", List.of("notifications")));
        Object scope = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "navigator.serviceWorker.register('/sw.js').then(() => navigator.serviceWorker.ready)"
                + ".then(r => done(r.scope), e => done('failed: ' + e));");
        assertThat(scope).isEqualTo(stack.alertUrl() + "/");

        // A push message as the push service hands it to the browser (Chromium cannot reach a real push service
        // here): the payload the server's push channel encrypts, a Notification as JSON.
        String alertId = UUID.randomUUID().toString();
        String link = stack.alertUrl() + "/#/alerts/" + alertId;
        String payload = "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"alert.raised\",\"alertId\":\"" + alertId
                + "\",\"careTeamId\":\"" + PUSH_TEAM + "\",\"condition\":\"FEVER\",\"severity\":\"HIGH\","
                + "\"status\":\"OPEN\",\"occurredAt\":\"" + Instant.now() + "\",\"patientLabel\":\"J.D.\","
                + "\"link\":\"" + link + "\"}";
        // A fresh profile's first service worker registration has id 0.
        browser.executeCdpCommand("ServiceWorker.enable", Map.of());
        browser.executeCdpCommand("ServiceWorker.deliverPushMessage",
                Map.of("origin", stack.alertUrl(), "registrationId", "0", "data", payload));

        await().atMost(UI_WAIT).untilAsserted(() -> {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> shown = (List<Map<String, Object>>) browser.executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                    + "navigator.serviceWorker.ready.then(r => r.getNotifications()).then(ns => done(ns.map(n => ({"
                    + "title: n.title, body: n.body, tag: n.tag, requireInteraction: n.requireInteraction,"
                    + "link: n.data && n.data.link}))), e => done([]));");
            assertThat(shown).singleElement().satisfies(n -> {
                assertThat(n).containsEntry("title", "HIGH FEVER — J.D.")
                        .containsEntry("tag", alertId)
                        .containsEntry("requireInteraction", true)
                        .containsEntry("link", link);
                assertThat((String) n.get("body")).contains("acknowledge");
            });
        });
    }

    @Test
    void shouldCommentOnAnAlertAndAssignItToMeFromItsDetail() {
        String token = stack.clinicianToken(CLINICIAN, ASSIGN_TEAM);
        String patient = enrol(token, "Noor Haddad", ASSIGN_TEAM);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        signInThroughLink(token);
        AlertEvent fever = raise(patient, AlertCondition.FEVER, Severity.HIGH, now.minus(Duration.ofMinutes(10)),
                Map.of("feverCelsius", 38.0), List.of(temperature(now.minus(Duration.ofMinutes(2)), 38.6)));

        wait.until(ExpectedConditions.presenceOfElementLocated(rowOf(fever.alertId())));
        assertThat(field(fever.alertId(), "assignee")).isEqualTo("—");
        wait.ignoring(StaleElementReferenceException.class).until(page -> {
            page.findElement(rowOf(fever.alertId())).findElement(By.cssSelector("a.condition-link")).click();
            return true;
        });

        String comment = "Called: shivering since noon.\nComing in for cultures.";
        // Each feed event of the alert draws the detail again (a draft survives it, the element does not): type
        // again into whichever box is there until it holds the whole comment, then send it.
        wait.ignoring(StaleElementReferenceException.class).until(page -> {
            WebElement input = page.findElement(By.id("comment-input"));
            input.clear();
            input.sendKeys(comment);
            if (!comment.equals(input.getAttribute("value"))) {
                return false;
            }
            page.findElement(By.cssSelector("button[data-action=comment]")).click();
            return true;
        });
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("ol.comments"),
                "Coming in for cultures."));

        // Likewise for the button.
        wait.ignoring(StaleElementReferenceException.class).until(page -> {
            page.findElement(By.cssSelector("button[data-action=assign-to-me]")).click();
            return true;
        });
        wait.until(ExpectedConditions.textToBe(
                By.cssSelector("tr[data-alert-id='" + fever.alertId() + "'] [data-field=assignee]"), "me"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("button[data-action=assign-to-me]")));
        assertThat(browser.findElements(By.cssSelector("button[data-action=unassign]"))).hasSize(1);

        JsonPath stored = given().auth().oauth2(token).when().get(stack.alertUrl() + "/api/v1/alerts/" + fever.alertId())
                .then().statusCode(200).extract().jsonPath();
        assertThat(stored.getString("alert.assignee")).isEqualTo(CLINICIAN);
        assertThat(stored.getList("comments.text")).containsExactly(comment);
        assertThat(stored.getList("comments.author")).containsExactly(CLINICIAN);
    }

    @Test
    void shouldEditTheOnCallScheduleAsAnAdministratorAndShowWhoIsOnCallNow() {
        browser.get(stack.alertUrl() + "/#token=" + stack.adminToken());
        WebElement team = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#on-call input[data-field=on-call-team]")));
        team.sendKeys(ON_CALL_TEAM);
        browser.findElement(By.cssSelector("button[data-action=on-call-show]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-field=on-call-now]"),
                "no on-call schedule"));

        // One row: around the clock every day, level 2 left empty.
        browser.findElement(By.cssSelector("button[data-action=add-shift]")).click();
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr.shift-row")));
        row.findElement(By.cssSelector("[data-field=name]")).sendKeys("All day");
        row.findElements(By.cssSelector("input[data-day]")).forEach(WebElement::click);
        for (String field : List.of("start", "end")) {
            // A time input's typing order follows the browser's locale; its value is what the form sends.
            browser.executeScript("arguments[0].value = '07:00';", row.findElement(By.cssSelector("[data-field=" + field + "]")));
        }
        row.findElement(By.cssSelector("[data-field=level1]")).sendKeys("dr-first");
        row.findElement(By.cssSelector("[data-field=chargeNurse]")).sendKeys("cn-night");
        WebElement zone = browser.findElement(By.cssSelector("[data-field=time-zone]"));
        zone.clear();
        zone.sendKeys("Mars/Olympus");
        browser.findElement(By.cssSelector("button[data-action=save-schedule]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-field=schedule-error]"),
                "timeZone"));

        zone.clear();
        zone.sendKeys("Europe/Berlin");
        browser.findElement(By.cssSelector("button[data-action=save-schedule]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-field=on-call-now]"),
                "On call now: All day"));
        assertThat(browser.findElement(By.cssSelector("[data-field=on-call-now]")).getText())
                .contains("level 1 dr-first", "level 2 —", "charge nurse cn-night");
        JsonPath stored = given().auth().oauth2(stack.adminToken())
                .when().get(stack.alertUrl() + "/api/v1/care-teams/" + ON_CALL_TEAM + "/on-call-schedule")
                .then().statusCode(200).extract().jsonPath();
        assertThat(stored.getString("timeZone")).isEqualTo("Europe/Berlin");
        assertThat(stored.getList("shifts.name")).containsExactly("All day");
        assertThat(stored.getList("shifts[0].days")).hasSize(7);
        assertThat(stored.getString("shifts[0].level2")).isNull();

        // The team's clinician sees the same line, and the shifts read-only.
        browser.get("about:blank");
        browser.get(stack.alertUrl() + "/#token=" + stack.clinicianToken("dr-night-reader", ON_CALL_TEAM));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-field=on-call-now]"),
                "On call now: All day"));
        assertThat(browser.findElements(By.cssSelector("[data-field=schedule-form]"))).isEmpty();
        assertThat(browser.findElement(By.cssSelector("li[data-shift='All day']")).getText())
                .contains("dr-first → — → cn-night");
    }

    @Test
    void shouldServeThePageAndItsServiceWorkerWithoutAToken() {
        // The page must load before anyone signs in: security must not cover the static files.
        for (String[] file : new String[][] {{"/", "text/html"}, {"/app.js", "javascript"}, {"/app.css", "text/css"},
            {"/sw.js", "javascript"}, {"/icon.svg", "image/svg+xml"}}) {
            String contentType = given().when().get(stack.alertUrl() + file[0])
                    .then().statusCode(200).extract().contentType();
            assertThat(contentType).as(file[0]).contains(file[1]);
        }
    }

    @Test
    void shouldRefuseAGarbledTokenOnTheSignInForm() {
        browser.get(stack.alertUrl() + "/");
        WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-input")));
        assertThat(browser.findElement(By.id("connection")).getText()).isEqualTo("Signed out");
        input.sendKeys("not-a-token");
        browser.findElement(By.cssSelector("#signin-form button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-error")));
        assertThat(browser.findElement(By.id("signin-error")).getText()).contains("not a JWT");
        assertThat(browser.findElement(By.id("workspace")).isDisplayed()).isFalse();
    }

    // ---- Steps ------------------------------------------------------------------------------------

    private void signInThroughLink(String token) {
        browser.get(stack.alertUrl() + "/#token=" + token);
        wait.until(ExpectedConditions.attributeToBe(By.id("connection"), "data-state", "connected"));
        assertThat(browser.findElement(By.id("connection")).getText()).isEqualTo("Connected");
    }

    /** Puts the patient under monitoring through the patients API, as the care team's clinician. */
    private static String enrol(String token, String displayName, String careTeam) {
        String patientId = "patient-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("displayName", displayName);
        body.put("careTeamId", careTeam);
        body.put("portSite", "CHEST");
        body.put("monitoring", true);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().put(stack.alertUrl() + "/api/v1/patients/" + patientId)
                .then().statusCode(201);
        return patientId;
    }

    /** An alert RAISED on {@code vitals.alerts}, keyed by patient, as the detector writes it. */
    private static AlertEvent raise(String patientId, AlertCondition condition, Severity severity, Instant episodeStart,
                                    Map<String, Double> thresholds, List<Evidence> evidence) {
        String alertId = AlertEvent.alertId(patientId, condition, episodeStart);
        Instant completed = evidence.isEmpty() ? Instant.now() : evidence.get(evidence.size() - 1).measuredAt();
        AlertEvent event = new AlertEvent(AlertEvent.eventId(alertId, AlertTransition.RAISED, severity), alertId,
                patientId, condition, severity, AlertTransition.RAISED, episodeStart, Instant.now(), false,
                "test rule for " + condition, thresholds, evidence, completed, completed);
        try {
            producer.send(new ProducerRecord<>(Topics.VITALS_ALERTS, patientId, event)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the broker did not take the alert event", e);
        }
        return event;
    }

    /** A reading of the patient's patch, as ingest puts it on vitals.readings. */
    private static VitalReading reading(String patientId, VitalType type, Instant at, double value) {
        String device = "patch-" + patientId;
        return new VitalReading(VitalReading.deriveReadingId(device, type, at), patientId, device, type,
                Math.round(value * 10) / 10.0, type.canonicalUnit(), type.canonicalUnit(), at, Instant.now(), null, null,
                SensorStatus.ON_BODY);
    }

    private static Evidence temperature(Instant at, double celsius) {
        return new Evidence("temp-" + UUID.randomUUID(), VitalType.BODY_TEMPERATURE, celsius, "Cel", at);
    }

    private static List<Evidence> heartRates(Instant from, int... rates) {
        return IntStream.range(0, rates.length)
                .mapToObj(i -> new Evidence("hr-" + UUID.randomUUID(), VitalType.HEART_RATE, rates[i], "/min",
                        from.plus(Duration.ofMinutes(3L * i))))
                .toList();
    }

    private static List<Evidence> concat(List<Evidence> a, List<Evidence> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    /** The text of a field of an alert's row, read from the row as it is now (never a stale one). */
    private String field(String alertId, String name) {
        By cell = By.cssSelector("tr[data-alert-id='" + alertId + "'] [data-field=" + name + "]");
        return wait.ignoring(StaleElementReferenceException.class).until(page -> page.findElement(cell).getText());
    }

    /** What {@code read} makes of an alert's row as it is now (never a stale one). */
    private String fromRow(String alertId, java.util.function.Function<WebElement, String> read) {
        return wait.ignoring(StaleElementReferenceException.class)
                .until(page -> read.apply(page.findElement(rowOf(alertId))));
    }

    /** Opens an alert's detail from its row, looked up afresh (a retry if the table was drawn again meanwhile). */
    private void openFromRow(String alertId) {
        wait.ignoring(StaleElementReferenceException.class).until(page -> {
            page.findElement(rowOf(alertId)).findElement(By.cssSelector("a.condition-link")).click();
            return true;
        });
    }

    private static By rowOf(String alertId) {
        return By.cssSelector("#alert-rows tr[data-alert-id='" + alertId + "']");
    }
}
