package org.portwatch.ingest.fhir;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.portwatch.ingest.support.Devices;
import org.portwatch.infra.testing.Fhir;
import org.portwatch.ingest.support.Marker;
import org.portwatch.ingest.support.ReadingsTopic;
import org.portwatch.model.MeasurementSite;
import org.portwatch.model.VitalReading;
import org.portwatch.model.VitalType;

/**
 * FHIR R4 in, as a FHIR client sends it: HAPI's generic client posts Bundles and Observations of the vital-signs
 * profile with a device token, HAPI's parser reads every answer and its validator checks it against R4, and the
 * readings topic shows exactly what was accepted.
 */
@QuarkusTest
class FhirIngestTest {

    private static final String FHIR_JSON = "application/fhir+json";

    @TestHTTPResource("/fhir/r4")
    URI fhirBase;

    private Devices.Registered device;
    private IGenericClient client;

    @BeforeEach
    void setUp() {
        device = Devices.register();
        client = Fhir.R4.newRestfulGenericClient(fhirBase.toString());
        client.setEncoding(EncodingEnum.JSON);
        client.registerInterceptor(new BearerTokenAuthInterceptor(device.token()));
    }

    private static Observation temperature(String identifier, double value, String ucum, Instant at) {
        Observation observation = vital("8310-5", "Body temperature", identifier, at);
        observation.setValue(new Quantity().setValue(value).setUnit(ucum.equals("Cel") ? "C" : "F")
                .setSystem("http://unitsofmeasure.org").setCode(ucum));
        observation.setBodySite(new CodeableConcept(new Coding("http://snomed.info/sct", "91470000",
                "Axillary region structure")));
        return observation;
    }

    private static Observation heartRate(String identifier, int bpm, Instant at) {
        Observation observation = vital("8867-4", "Heart rate", identifier, at);
        observation.setValue(new Quantity().setValue(bpm).setUnit("beats/minute")
                .setSystem("http://unitsofmeasure.org").setCode("/min"));
        return observation;
    }

    /** An Observation as the vital-signs profile has it: status, category, LOINC code, subject, time. */
    private static Observation vital(String loinc, String display, String identifier, Instant at) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", "Vital Signs")));
        observation.setCode(new CodeableConcept(new Coding("http://loinc.org", loinc, display)));
        observation.setSubject(new Reference("Patient/example"));
        observation.setEffective(new DateTimeType(Date.from(at)));
        if (identifier != null) {
            observation.addIdentifier().setSystem("urn:example:patch").setValue(identifier);
        }
        return observation;
    }

    private static Bundle bundle(Bundle.BundleType type, Observation... observations) {
        Bundle bundle = new Bundle().setType(type);
        for (Observation observation : observations) {
            bundle.addEntry().setResource(observation).getRequest()
                    .setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
        }
        return bundle;
    }

    private static Instant minutesAgo(int minutes) {
        return Instant.now().minus(minutes, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    }

    private List<VitalReading> onTopic() {
        try (ReadingsTopic topic = new ReadingsTopic()) {
            return Marker.readingsBefore(topic, device.patientId());
        }
    }

    @Test
    void shouldPublishTheCapabilityStatementWithoutAToken() {
        String json = given().when().get(fhirBase + "/metadata")
                .then().statusCode(200).contentType(FHIR_JSON).extract().asString();
        CapabilityStatement statement = Fhir.parse(CapabilityStatement.class, json);
        Fhir.assertValid(statement);
        assertThat(statement.getFhirVersion().toCode()).isEqualTo("4.0.1");
        assertThat(statement.getRestFirstRep().getInteraction()).extracting(i -> i.getCode().toCode())
                .containsExactlyInAnyOrder("batch", "transaction");
        assertThat(statement.getRestFirstRep().getResourceFirstRep().getType()).isEqualTo("Observation");
    }

    @Test
    void shouldAnswerABatchEntryByEntryAndSendOnlyTheAcceptedOnes() {
        String fever = "patch-" + UUID.randomUUID();
        String pulse = "hr-" + UUID.randomUUID();
        Bundle batch = bundle(Bundle.BundleType.BATCH,
                temperature(fever, 100.9, "[degF]", minutesAgo(2)),
                heartRate(pulse, 118, minutesAgo(2)),
                heartRate("hr-" + UUID.randomUUID(), 400, minutesAgo(1)));   // no heart beats 400 times a minute

        Bundle answer = client.transaction().withBundle(batch).execute();

        Fhir.assertValid(answer);
        assertThat(answer.getType()).isEqualTo(Bundle.BundleType.BATCHRESPONSE);
        assertThat(answer.getEntry()).extracting(e -> e.getResponse().getStatus())
                .containsExactly("201 Created", "201 Created", "422 Unprocessable Entity");
        OperationOutcome refused = (OperationOutcome) answer.getEntry().get(2).getResponse().getOutcome();
        assertThat(refused.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
        assertThat(refused.getIssueFirstRep().getExpression()).extracting(Object::toString)
                .containsExactly("valueQuantity.value");
        assertThat(refused.getIssueFirstRep().getDetails().getCodingFirstRep().getCode()).isEqualTo("IMPLAUSIBLE_VALUE");

        List<VitalReading> readings = onTopic();
        assertThat(readings).extracting(VitalReading::readingId).containsExactlyInAnyOrder(fever, pulse);
        VitalReading temperature = readings.stream().filter(r -> r.readingId().equals(fever)).findFirst().orElseThrow();
        assertThat(temperature.type()).isEqualTo(VitalType.BODY_TEMPERATURE);
        assertThat(temperature.value()).isCloseTo(38.28, org.assertj.core.data.Offset.offset(0.01));
        assertThat(temperature.unit()).isEqualTo("Cel");
        assertThat(temperature.site()).isEqualTo(MeasurementSite.AXILLARY);
        assertThat(temperature.patientId()).as("the device's patient, never the body's subject")
                .isEqualTo(device.patientId());
    }

    @Test
    void shouldAnswerAResentObservation200AndNotSendItAgain() {
        String fever = "patch-" + UUID.randomUUID();
        Bundle batch = bundle(Bundle.BundleType.BATCH, temperature(fever, 38.6, "Cel", minutesAgo(3)));
        assertThat(client.transaction().withBundle(batch).execute().getEntryFirstRep().getResponse().getStatus())
                .isEqualTo("201 Created");

        Bundle again = client.transaction().withBundle(batch).execute();

        assertThat(again.getEntryFirstRep().getResponse().getStatus()).isEqualTo("200 OK");
        assertThat(onTopic()).extracting(VitalReading::readingId).containsExactly(fever);
    }

    @Test
    void shouldRefuseAWholeTransactionWhenOneEntryIsInvalid() {
        String fine = "patch-" + UUID.randomUUID();
        Bundle transaction = bundle(Bundle.BundleType.TRANSACTION,
                temperature(fine, 37.1, "Cel", minutesAgo(2)),
                temperature("patch-" + UUID.randomUUID(), 37.2, "kg", minutesAgo(1)));

        Response response = given().auth().oauth2(device.token()).contentType(FHIR_JSON)
                .body(Fhir.R4.newJsonParser().encodeResourceToString(transaction))
                .when().post(fhirBase);

        response.then().statusCode(400).contentType(FHIR_JSON);
        OperationOutcome outcome = Fhir.parse(OperationOutcome.class, response.asString());
        Fhir.assertValid(outcome);
        assertThat(outcome.getIssue()).hasSize(1);
        assertThat(outcome.getIssueFirstRep().getExpression()).extracting(Object::toString)
                .containsExactly("Bundle.entry[1].resource.valueQuantity.code");
        assertThat(onTopic()).as("all or none: the valid entry was not sent either").isEmpty();
    }

    @Test
    void shouldAcceptATransactionWhole() {
        String a = "patch-" + UUID.randomUUID();
        String b = "hr-" + UUID.randomUUID();
        Bundle answer = client.transaction().withBundle(bundle(Bundle.BundleType.TRANSACTION,
                temperature(a, 37.9, "Cel", minutesAgo(4)), heartRate(b, 96, minutesAgo(4)))).execute();

        Fhir.assertValid(answer);
        assertThat(answer.getType()).isEqualTo(Bundle.BundleType.TRANSACTIONRESPONSE);
        assertThat(answer.getEntry()).extracting(e -> e.getResponse().getStatus())
                .containsExactly("201 Created", "201 Created");
        assertThat(onTopic()).extracting(VitalReading::readingId).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void shouldCreateOneObservationAndRefuseABadOneWithAnOperationOutcome() {
        String pulse = "hr-" + UUID.randomUUID();
        MethodOutcome created = client.create().resource(heartRate(pulse, 124, minutesAgo(1))).execute();
        assertThat(created.getResponseStatusCode()).isEqualTo(201);

        Observation noValue = vital("8867-4", "Heart rate", "hr-" + UUID.randomUUID(), minutesAgo(1));
        assertThatThrownBy(() -> client.create().resource(noValue).execute())
                .isInstanceOf(UnprocessableEntityException.class)
                .satisfies(e -> {
                    OperationOutcome outcome = (OperationOutcome) ((UnprocessableEntityException) e).getOperationOutcome();
                    Fhir.assertValid(outcome);
                    assertThat(outcome.getIssueFirstRep().getExpression()).extracting(Object::toString)
                            .containsExactly("valueQuantity");
                });
        assertThat(onTopic()).extracting(VitalReading::readingId).containsExactly(pulse);
    }

    @Test
    void shouldAnswerEveryErrorAsAnOperationOutcome() {
        String observation = Fhir.R4.newJsonParser().encodeResourceToString(heartRate("x", 80, minutesAgo(1)));
        // no token
        checkOutcome(given().contentType(FHIR_JSON).body(observation).when().post(fhirBase + "/Observation"), 401);
        // not JSON
        checkOutcome(given().auth().oauth2(device.token()).contentType(FHIR_JSON).body("{\"resourceType\": ")
                .when().post(fhirBase), 400);
        // a resource that is no Bundle
        checkOutcome(given().auth().oauth2(device.token()).contentType(FHIR_JSON).body(observation)
                .when().post(fhirBase), 400);
        // a Bundle of another type
        checkOutcome(given().auth().oauth2(device.token()).contentType(FHIR_JSON)
                .body("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[]}").when().post(fhirBase), 400);
        // XML is not spoken here
        checkOutcome(given().auth().oauth2(device.token()).contentType("application/fhir+xml")
                .body("<Observation xmlns=\"http://hl7.org/fhir\"/>").when().post(fhirBase + "/Observation"), 415);
        assertThat(onTopic()).isEmpty();
    }

    private static void checkOutcome(Response response, int status) {
        response.then().statusCode(status).contentType(FHIR_JSON);
        OperationOutcome outcome = Fhir.parse(OperationOutcome.class, response.asString());
        Fhir.assertValid(outcome);
        assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
        assertThat(outcome.getIssueFirstRep().getDetails().getCodingFirstRep().getSystem())
                .isEqualTo("urn:portwatch:problem");
    }
}
