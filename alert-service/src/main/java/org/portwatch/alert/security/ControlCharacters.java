package org.portwatch.alert.security;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;

/**
 * No id or filter of this API holds a control character, and PostgreSQL cannot even compare text with a NUL in it:
 * {@code GET /api/v1/patients/%00} or {@code ?patientId=%00} failed the query and answered 500 (found by
 * security.FuzzTest). Every request whose decoded path or query contains one is refused here, before any resource
 * runs, with 400 {@code malformed-request}: one check for every path and query parameter, present and future.
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

    static boolean contains(String text) {
        return text != null && text.chars().anyMatch(Character::isISOControl);
    }
}
