package org.portwatch.ingest.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The problem responses are declared once (service-common's ProblemResponses) and every operation of /q/openapi
 * still lists each of its error answers as application/problem+json with the one Problem schema (under /fhir/, as
 * application/fhir+json: an OperationOutcome).
 */
@QuarkusTest
class ProblemResponsesDocumentTest {

    @Test
    @SuppressWarnings("unchecked")
    void shouldDescribeEveryErrorResponseOfEveryOperationAsAProblem() {
        JsonPath openApi = given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().jsonPath();
        assertThat(openApi.getMap("components.schemas.Problem")).as("the Problem schema component").isNotEmpty();

        Map<String, Map<String, Map<String, Object>>> paths = openApi.getMap("paths");
        List<String> checked = new ArrayList<>();
        List<String> notProblems = new ArrayList<>();
        paths.forEach((path, methods) -> methods.forEach((method, operation) -> {
            Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) operation.get("responses");
            responses.forEach((code, response) -> {
                if (code.startsWith("4") || code.startsWith("5")) {
                    Map<String, Map<String, Map<String, Object>>> content =
                            (Map<String, Map<String, Map<String, Object>>>) response.get("content");
                    if (path.startsWith("/fhir/")) {
                        // FHIR's errors are OperationOutcomes in FHIR's own media type, not our Problem.
                        if (content == null || !content.containsKey("application/fhir+json")
                                || content.containsKey("application/problem+json")) {
                            notProblems.add(method + " " + path + " " + code);
                        }
                        return;
                    }
                    Object ref = content == null || content.get("application/problem+json") == null ? null
                            : content.get("application/problem+json").get("schema").get("$ref");
                    checked.add(method + " " + path + " " + code);
                    if (!"#/components/schemas/Problem".equals(ref)) {
                        notProblems.add(method + " " + path + " " + code);
                    }
                }
            });
        }));
        assertThat(checked).as("error responses in the document").hasSizeGreaterThan(20);
        assertThat(notProblems).as("error responses not described as a Problem").isEmpty();
        // Each operation keeps its own error answers and what they mean there.
        assertThat(openApi.getMap("paths.'/api/v1/devices'.post.responses")).containsKeys("401", "403", "409", "413",
                "422", "429", "503");
        assertThat(openApi.getString("paths.'/api/v1/devices/{deviceId}'.get.responses.'404'.description"))
                .isEqualTo("No such device");
        assertThat(openApi.getMap("paths.'/api/v1/readings'.post.responses")).containsKeys("400", "401", "413", "415",
                "422", "429", "503");
    }
}
