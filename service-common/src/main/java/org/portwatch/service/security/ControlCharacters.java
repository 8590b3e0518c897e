package org.portwatch.service.security;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;

/**
 * No id or filter of either service's API holds a control character, and PostgreSQL cannot even compare text with a
 * NUL in it: {@code GET /api/v1/patients/%00} or {@code ?patientId=%00} failed the query and answered 500 (found by
 * alert-service's security.FuzzTest; ingest's {@code /api/v1/devices/{id}} and the shared {@code /api/v1/audit} had
 * the same hole). Every request whose decoded path or query contains one is refused here, before any resource runs
 * and so before authentication, with 400 {@code malformed-request}: one check for every path and query parameter,
 * present and future, in every service that has service-common on its class path. Fields of a body are the
 * resources' own business (422 naming the field), with {@link #contains} where Bean Validation does not serve.
 */
public class ControlCharacters {

    @ServerRequestFilter(preMatching = true)
    public void refuse(ContainerRequestContext request) {
        UriInfo uri = request.getUriInfo();
        if (contains(uri.getPath()) || uri.getQueryParameters().entrySet().stream().anyMatch(ControlCharacters::contains)) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST,
                    "The path and the query must not contain control characters.");
        }
    }

    private static boolean contains(Map.Entry<String, List<String>> parameter) {
        return contains(parameter.getKey()) || parameter.getValue().stream().anyMatch(ControlCharacters::contains);
    }

    /** Whether {@code text} holds an ISO control character (C0, DEL or C1); {@code null} holds none. */
    public static boolean contains(String text) {
        return text != null && text.chars().anyMatch(Character::isISOControl);
    }
}
