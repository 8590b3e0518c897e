package org.portwatch.service.problem;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Every error answer of both services is RFC 9457 problem+json ({@link ProblemMappers}), so the OpenAPI documents
 * say so once, here, instead of a {@code content = @Content(mediaType = Problem.MEDIA_TYPE, schema = ...)} on each of
 * about eighty {@code @APIResponse}s: each 4xx and 5xx response of every operation gets {@value Problem#MEDIA_TYPE}
 * content referencing the one {@code Problem} schema component. A resource declares only the code and what it means
 * there ({@code @APIResponse(responseCode = "404", description = "No such device")}); an example it gives under
 * {@value Problem#MEDIA_TYPE} is kept. Runs at build time, in every service that has service-common (the index).
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemResponses implements OASFilter {

    /** The component the scanner makes of {@link Problem} (its {@code @Schema(name = "Problem")}). */
    static final String SCHEMA_REF = "#/components/schemas/Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            PathItem item = path.getValue();
            if (item.getOperations() == null) {
                continue;
            }
            // Under /fhir/ errors are FHIR OperationOutcomes (OperationOutcomes), whose schema is FHIR's own.
            String mediaType = OperationOutcomes.speaksFhir(path.getKey()) ? OperationOutcomes.FHIR_JSON
                    : Problem.MEDIA_TYPE;
            for (Operation operation : item.getOperations().values()) {
                if (operation.getResponses() == null || operation.getResponses().getAPIResponses() == null) {
                    continue;
                }
                for (Map.Entry<String, APIResponse> response : operation.getResponses().getAPIResponses().entrySet()) {
                    if (isError(response.getKey()) && response.getValue().getRef() == null) {
                        declareProblem(response.getValue(), mediaType);
                    }
                }
            }
        }
    }

    static boolean isError(String code) {
        return code.length() == 3 && (code.charAt(0) == '4' || code.charAt(0) == '5');
    }

    private static void declareProblem(APIResponse response, String mediaType) {
        Content content = response.getContent();
        if (content == null) {
            content = OASFactory.createContent();
            response.setContent(content);
        }
        MediaType problem = content.getMediaType(mediaType);
        if (problem == null) {
            problem = OASFactory.createMediaType();
            content.addMediaType(mediaType, problem);
        }
        if (problem.getSchema() == null && mediaType.equals(Problem.MEDIA_TYPE)) {
            problem.setSchema(OASFactory.createSchema().ref(SCHEMA_REF));
        }
    }
}
