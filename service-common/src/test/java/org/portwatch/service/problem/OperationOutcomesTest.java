package org.portwatch.service.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One problem, two notations: what a FHIR client reads where an RFC 9457 client reads a problem. */
class OperationOutcomesTest {

    @Test
    void shouldSpeakFhirOnlyUnderTheFhirPath() {
        assertThat(OperationOutcomes.speaksFhir("/fhir/r4")).isTrue();
        assertThat(OperationOutcomes.speaksFhir("/fhir/r4/Observation")).isTrue();
        assertThat(OperationOutcomes.speaksFhir("/fhir")).isTrue();
        assertThat(OperationOutcomes.speaksFhir("/fhirish")).isFalse();
        assertThat(OperationOutcomes.speaksFhir("/api/v1/readings")).isFalse();
        assertThat(OperationOutcomes.speaksFhir(null)).isFalse();
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldCarryTheProblemTypeAndDetailInOneIssue() {
        Problem problem = new Problem(ProblemType.SERVICE_UNAVAILABLE.uri(), ProblemType.SERVICE_UNAVAILABLE.title(),
                503, "Retry later.", "/fhir/r4", null);

        Map<String, Object> outcome = OperationOutcomes.of(problem);

        assertThat(outcome).containsEntry("resourceType", "OperationOutcome");
        List<Map<String, Object>> issues = (List<Map<String, Object>>) outcome.get("issue");
        assertThat(issues).hasSize(1);
        assertThat(issues.get(0)).containsEntry("severity", "fatal").containsEntry("code", "transient")
                .containsEntry("diagnostics", "Retry later.");
        Map<String, Object> details = (Map<String, Object>) issues.get(0).get("details");
        assertThat((List<Map<String, Object>>) details.get("coding")).containsExactly(
                Map.of("system", "urn:portwatch:problem", "code", "service-unavailable"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldMakeOneIssuePerFieldError() {
        Problem problem = new Problem(ProblemType.MALFORMED_REQUEST.uri(), ProblemType.MALFORMED_REQUEST.title(), 400,
                "Two entries.", "/fhir/r4", List.of(
                        new Problem.FieldError(0, "Bundle.entry[0].resource.valueQuantity.value", "IMPLAUSIBLE_VALUE",
                                "too hot"),
                        new Problem.FieldError(2, "Bundle.entry[2].resource.code", "UNSUPPORTED", "not a vital")));

        List<Map<String, Object>> issues = (List<Map<String, Object>>) OperationOutcomes.of(problem).get("issue");

        assertThat(issues).extracting(issue -> issue.get("expression")).containsExactly(
                List.of("Bundle.entry[0].resource.valueQuantity.value"), List.of("Bundle.entry[2].resource.code"));
        assertThat(issues).extracting(issue -> issue.get("code")).containsOnly("structure");
        assertThat(issues).extracting(issue -> issue.get("severity")).containsOnly("error");
    }

    @Test
    void shouldMapStatusesToFhirIssueTypes() {
        assertThat(OperationOutcomes.issueType(401)).isEqualTo("login");
        assertThat(OperationOutcomes.issueType(404)).isEqualTo("not-found");
        assertThat(OperationOutcomes.issueType(413)).isEqualTo("too-costly");
        assertThat(OperationOutcomes.issueType(422)).isEqualTo("invalid");
        assertThat(OperationOutcomes.issueType(429)).isEqualTo("throttled");
        assertThat(OperationOutcomes.issueType(500)).isEqualTo("exception");
    }
}
