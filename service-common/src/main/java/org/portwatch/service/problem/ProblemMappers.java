package org.portwatch.service.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Renders every failure as RFC 9457 problem+json (under /fhir/, as a FHIR OperationOutcome: {@link
 * OperationOutcomes}). Clients never see an exception class,
 * a stack trace or the data they sent; unexpected errors are logged with an id the client gets.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, ContainerRequestContext request) {
        Response.ResponseBuilder response = build(e.type(), e.getMessage(), e.errors(), request);
        e.headers().forEach(response::header);
        return response.build();
    }

    /** Listed one by one: Quarkus has built-in mappers for the subtypes, and the closest type wins. */
    @ServerExceptionMapper({JsonProcessingException.class, JsonParseException.class, JsonMappingException.class,
            MismatchedInputException.class, InvalidFormatException.class, ValueInstantiationException.class})
    public Response malformedJson(JsonProcessingException e, ContainerRequestContext request) {
        return build(ProblemType.MALFORMED_REQUEST, JsonProblems.describe(e), null, request).build();
    }

    @ServerExceptionMapper
    public Response invalidFields(ConstraintViolationException e, ContainerRequestContext request) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(null, leaf(v.getPropertyPath()), "INVALID", v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String fields = errors.stream().map(Problem.FieldError::field).distinct().collect(Collectors.joining(", "));
        return build(ProblemType.VALIDATION_FAILED, "Invalid value for: " + fields + ".", errors, request).build();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, ContainerRequestContext request) {
        return build(ProblemType.UNAUTHORIZED, "A valid bearer token is required.", null, request)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ContainerRequestContext request) {
        return build(ProblemType.FORBIDDEN, "Your role does not allow this.", null, request).build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, ContainerRequestContext request) {
        if (e.getCause() != null && !(e.getCause() instanceof WebApplicationException)) {
            // A query or path parameter that does not convert (size=abc): JAX-RS says 404, but the client sent
            // something malformed to a resource that exists, and should be told so.
            return build(ProblemType.MALFORMED_REQUEST, "A query or path parameter has the wrong format.", null, request)
                    .build();
        }
        return build(ProblemType.NOT_FOUND, "No such resource.", null, request).build();
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, ContainerRequestContext request) {
        Response.ResponseBuilder response = build(ProblemType.METHOD_NOT_ALLOWED,
                "This resource does not support " + request.getMethod() + ".", null, request);
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            response.header(HttpHeaders.ALLOW, allow);
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e, ContainerRequestContext request) {
        return build(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.", null, request).build();
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e, ContainerRequestContext request) {
        return build(ProblemType.NOT_ACCEPTABLE, "This resource answers in application/json.", null, request).build();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 100)
    public Response webApplication(WebApplicationException e, ContainerRequestContext request) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, request);
        }
        ProblemType type = switch (status) {
            case 401 -> ProblemType.UNAUTHORIZED;
            case 403 -> ProblemType.FORBIDDEN;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            default -> ProblemType.MALFORMED_REQUEST;
        };
        return render(Response.status(status),
                new Problem(type.uri(), type.title(), status, type.title() + ".", path(request), null)).build();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, ContainerRequestContext request) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error %s on %s %s", errorId, request.getMethod(), path(request));
        return build(ProblemType.INTERNAL_ERROR, "An unexpected error occurred; reference " + errorId + ".", null, request)
                .build();
    }

    static Response.ResponseBuilder build(ProblemType type, String detail, List<Problem.FieldError> errors,
            ContainerRequestContext request) {
        return render(Response.status(type.status()),
                new Problem(type.uri(), type.title(), type.status(), detail, path(request), errors));
    }

    /** problem+json, or under /fhir/ the same problem as a FHIR OperationOutcome. */
    private static Response.ResponseBuilder render(Response.ResponseBuilder response, Problem problem) {
        if (OperationOutcomes.speaksFhir(problem.instance())) {
            return response.type(OperationOutcomes.FHIR_JSON).entity(OperationOutcomes.of(problem));
        }
        return response.type(Problem.MEDIA_TYPE).entity(problem);
    }

    private static String path(ContainerRequestContext request) {
        return request == null ? null : request.getUriInfo().getPath();
    }

    private static String leaf(Path path) {
        String leaf = null;
        for (Path.Node node : path) {
            leaf = node.getName();
        }
        return leaf == null ? "body" : leaf;
    }

}
