package org.portwatch.alert.fhir;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.alerts.AlertEvents;
import org.portwatch.alert.readings.Readings;
import org.portwatch.infra.testing.Fhir;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.AlertTransition;
import org.portwatch.model.Severity;
import org.portwatch.model.VitalType;

/**
 * FHIR R4 out, as a hospital system reads it: HAPI's generic client searches a patient's Observations and Flags,
 * follows the next links, and HAPI's validator checks every Observation against the vital-signs profile it claims.
 */
@QuarkusTest
class FhirReadTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String FHIR_JSON = "application/fhir+json";

    @TestHTTPResource("/fhir/r4")
    URI fhirBase;

    private IGenericClient client(String token) {
        IGenericClient client = Fhir.R4.newRestfulGenericClient(fhirBase.toString());
        client.setEncoding(EncodingEnum.JSON);
        client.registerInterceptor(new BearerTokenAuthInterceptor(token));
        return client;
    }

    private static Bundle search(IGenericClient client, String type, String query) {
        return client.search().byUrl(type + "?" + query).returnBundle(Bundle.class).execute();
    }

    @Test
    void shouldPublishAValidCapabilityStatement() {
        String json = given().when().get(fhirBase + "/metadata").then().statusCode(200).contentType(FHIR_JSON)
                .extract().asString();
        CapabilityStatement statement = Fhir.parse(CapabilityStatement.class, json);
        Fhir.assertValid(statement);
        assertThat(statement.getRestFirstRep().getResource()).extracting(CapabilityStatement
                .CapabilityStatementRestResourceComponent::getType).containsExactly("Observation", "Flag");
    }

    @Test
    void shouldAnswerThePatientsReadingsAsVitalSignsObservationsPageByPage() {
        String team = AlertEvents.team();
        String patient = AlertEvents.enrol(team);
        IGenericClient client = client(AlertEvents.clinician("dr-fhir", team));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Readings.publish(List.of(
                Readings.reading(patient, VitalType.BODY_TEMPERATURE, now.minus(Duration.ofMinutes(50)), 37.4),
                Readings.reading(patient, VitalType.BODY_TEMPERATURE, now.minus(Duration.ofMinutes(40)), 38.3),
                Readings.reading(patient, VitalType.HEART_RATE, now.minus(Duration.ofMinutes(30)), 112),
                Readings.reading(patient, VitalType.HEART_RATE, now.minus(Duration.ofMinutes(20)), 118),
                Readings.reading(patient, VitalType.BODY_TEMPERATURE, now.minus(Duration.ofMinutes(10)), 38.6)));

        Bundle first = await().atMost(WAIT).until(() -> search(client, "Observation", "patient=Patient/" + patient
                + "&_count=2"), page -> page.getTotal() == 5);

        List<Observation> all = new ArrayList<>();
        Bundle page = first;
        int pages = 0;
        while (page != null) {
            pages++;
            Fhir.assertValid(page);
            page.getEntry().forEach(entry -> all.add((Observation) entry.getResource()));
            page = page.getLink(Bundle.LINK_NEXT) == null ? null : client.loadPage().next(page).execute();
        }
        assertThat(pages).isEqualTo(3);
        assertThat(all).hasSize(5);
        all.forEach(Fhir::assertValid); // each against the profile in its meta: bodytemp or heartrate
        assertThat(all).extracting(o -> o.getSubject().getReference()).containsOnly("Patient/" + patient);
        assertThat(all).extracting(o -> ((Quantity) o.getValue()).getValue().doubleValue())
                .as("newest first").containsExactly(38.6, 118.0, 112.0, 38.3, 37.4);
        assertThat(all.get(0).getCode().getCodingFirstRep().getCode()).isEqualTo("8310-5");
        assertThat(((Quantity) all.get(0).getValue()).getCode()).isEqualTo("Cel");

        Bundle temperatures = search(client, "Observation", "patient=" + patient + "&code=http://loinc.org|8310-5"
                + "&date=ge" + now.minus(Duration.ofMinutes(45)));
        assertThat(temperatures.getEntry()).extracting(e -> ((Quantity) ((Observation) e.getResource()).getValue())
                .getValue().doubleValue()).containsExactly(38.6, 38.3);
    }

    @Test
    void shouldAnswerThePatientsAlertsAsFlagsActiveUntilResolved() {
        String team = AlertEvents.team();
        String patient = AlertEvents.enrol(team);
        IGenericClient client = client(AlertEvents.clinician("dr-flags", team));
        AlertEvent fever = AlertEvents.raised(patient, Severity.HIGH);
        AlertEvents.publish(fever, AlertEvents.next(fever, AlertTransition.RESOLVED, Severity.HIGH));
        AlertEvent second = AlertEvents.raised(patient, Severity.MEDIUM);
        AlertEvents.publish(second);

        Bundle all = await().atMost(WAIT).until(() -> search(client, "Flag", "patient=" + patient),
                bundle -> bundle.getTotal() == 2
                        && bundle.getEntry().stream().anyMatch(e -> ((Flag) e.getResource()).getStatus()
                                == Flag.FlagStatus.INACTIVE));
        Fhir.assertValid(all);
        Bundle active = search(client, "Flag", "patient=" + patient + "&status=active");
        assertThat(active.getEntry()).hasSize(1);
        Flag flag = (Flag) active.getEntryFirstRep().getResource();
        assertThat(flag.getIdElement().getIdPart()).isEqualTo(second.alertId());
        assertThat(flag.getCode().getCodingFirstRep().getCode()).isEqualTo("FEVER");
        assertThat(flag.getSubject().getReference()).isEqualTo("Patient/" + patient);
        Bundle inactive = search(client, "Flag", "patient=" + patient + "&status=inactive");
        assertThat(((Flag) inactive.getEntryFirstRep().getResource()).getPeriod().getEnd()).isNotNull();
    }

    @Test
    void shouldAnswerAnotherTeamsPatientAsAnEmptySearch() {
        String team = AlertEvents.team();
        String patient = AlertEvents.enrol(team);
        Readings.publish(List.of(Readings.reading(patient, VitalType.HEART_RATE, Instant.now().minusSeconds(60), 90)));
        IGenericClient own = client(AlertEvents.clinician("dr-own", team));
        await().atMost(WAIT).until(() -> search(own, "Observation", "patient=" + patient).getTotal() == 1);

        IGenericClient other = client(AlertEvents.clinician("dr-other", AlertEvents.team()));
        Bundle theirs = search(other, "Observation", "patient=" + patient);
        Bundle unknown = search(other, "Observation", "patient=patient-nobody-" + patient.hashCode());
        assertThat(theirs.getTotal()).isZero();
        assertThat(unknown.getTotal()).isZero();
        assertThat(search(other, "Flag", "patient=" + patient).getTotal()).isZero();
    }

    @Test
    void shouldRefuseBadSearchesWithAnOperationOutcome() {
        String token = AlertEvents.clinician("dr-bad", AlertEvents.team());
        for (String query : List.of("", "patient=", "patient=a%20b", "patient=p1&date=xx2026", "patient=p1&date=2026-13-01",
                "patient=p1&_count=0", "patient=p1&_count=abc", "patient=p1&_offset=-1")) {
            Response response = given().auth().oauth2(token).urlEncodingEnabled(false).when()
                    .get(fhirBase + "/Observation" + (query.isEmpty() ? "" : "?" + query));
            response.then().statusCode(400).contentType(FHIR_JSON);
            OperationOutcome outcome = Fhir.parse(OperationOutcome.class, response.asString());
            Fhir.assertValid(outcome);
            assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
        }
        given().auth().oauth2(token).when().get(fhirBase + "/Flag?patient=p1&status=maybe")
                .then().statusCode(400).contentType(FHIR_JSON);
        given().when().get(fhirBase + "/Flag?patient=p1").then().statusCode(401).contentType(FHIR_JSON);
        given().auth().oauth2(AlertEvents.admin()).when().get(fhirBase + "/Flag?patient=p1")
                .then().statusCode(403).contentType(FHIR_JSON);
    }
}
