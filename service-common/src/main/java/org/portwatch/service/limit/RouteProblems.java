package org.portwatch.service.limit;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.portwatch.service.problem.OperationOutcomes;
import org.portwatch.service.problem.Problem;
import org.portwatch.service.problem.ProblemType;

/**
 * Answers from a Vert.x route, before JAX-RS (and so before authentication) sees the request, with the same
 * problem+json as every other error (an OperationOutcome under /fhir/).
 */
public final class RouteProblems {

    private RouteProblems() {
    }

    public static void end(RoutingContext context, ProblemType type, String detail, Map<String, String> headers) {
        Problem problem = new Problem(type.uri(), type.title(), type.status(), detail, context.request().path(), null);
        boolean fhir = OperationOutcomes.speaksFhir(problem.instance());
        var response = context.response()
                .setStatusCode(type.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, fhir ? OperationOutcomes.FHIR_JSON : Problem.MEDIA_TYPE);
        headers.forEach(response::putHeader);
        response.end(Json.encode(fhir ? OperationOutcomes.of(problem) : problem));
    }
}
