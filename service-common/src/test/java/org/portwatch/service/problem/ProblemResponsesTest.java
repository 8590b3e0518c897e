package org.portwatch.service.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.examples.Example;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.junit.jupiter.api.Test;

class ProblemResponsesTest {

    private static OpenAPI document(Operation operation) {
        return OASFactory.createOpenAPI().paths(OASFactory.createPaths()
                .addPathItem("/api/v1/devices/{id}", OASFactory.createPathItem().GET(operation)));
    }

    private static APIResponse described(String description) {
        return OASFactory.createAPIResponse().description(description);
    }

    @Test
    void shouldGiveEveryErrorResponseTheProblemSchemaAndLeaveSuccessesAlone() {
        APIResponse ok = described("The device").content(OASFactory.createContent().addMediaType("application/json",
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref("#/components/schemas/Device"))));
        Operation operation = OASFactory.createOperation().responses(OASFactory.createAPIResponses()
                .addAPIResponse("200", ok)
                .addAPIResponse("204", described("Revoked"))
                .addAPIResponse("404", described("No such device"))
                .addAPIResponse("503", described("The registry cannot be reached")));

        new ProblemResponses().filterOpenAPI(document(operation));

        for (String code : new String[] {"404", "503"}) {
            APIResponse error = operation.getResponses().getAPIResponse(code);
            assertThat(error.getContent().getMediaTypes()).containsOnlyKeys(Problem.MEDIA_TYPE);
            assertThat(error.getContent().getMediaType(Problem.MEDIA_TYPE).getSchema().getRef())
                    .isEqualTo(ProblemResponses.SCHEMA_REF);
        }
        assertThat(operation.getResponses().getAPIResponse("404").getDescription()).isEqualTo("No such device");
        assertThat(operation.getResponses().getAPIResponse("200").getContent().getMediaTypes()).containsOnlyKeys(
                "application/json");
        assertThat(operation.getResponses().getAPIResponse("204").getContent()).isNull();
    }

    @Test
    void shouldKeepAnExampleGivenUnderTheProblemMediaType() {
        Example refused = OASFactory.createExample().value("{\"type\": \"urn:portwatch:problem:validation-failed\"}");
        APIResponse invalid = described("Invalid URL").content(OASFactory.createContent().addMediaType(
                Problem.MEDIA_TYPE, OASFactory.createMediaType().addExample("refused", refused)));
        Operation operation = OASFactory.createOperation().responses(OASFactory.createAPIResponses()
                .addAPIResponse("422", invalid));

        new ProblemResponses().filterOpenAPI(document(operation));

        var problem = operation.getResponses().getAPIResponse("422").getContent().getMediaType(Problem.MEDIA_TYPE);
        assertThat(problem.getExamples()).containsEntry("refused", refused);
        assertThat(problem.getSchema().getRef()).isEqualTo(ProblemResponses.SCHEMA_REF);
    }

    @Test
    void shouldTellErrorCodesFromOthers() {
        assertThat(ProblemResponses.isError("400")).isTrue();
        assertThat(ProblemResponses.isError("503")).isTrue();
        assertThat(ProblemResponses.isError("200")).isFalse();
        assertThat(ProblemResponses.isError("default")).isFalse();
        assertThat(ProblemResponses.isError("4XX")).isTrue();
    }
}
