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

    /**
     * Free text a service stores: no control character, and no unpaired surrogate half, which is not Unicode text
     * at all and which PostgreSQL refuses as invalid UTF-8 (a device model sent as {@code "\\udbe5..."} answered
     * 500; found by ingest's FuzzTest at 10,000 cases). Java's regex reads a valid pair as one code point, so
     * emoji and other supplementary characters pass.
     */
    public static final String PLAIN_TEXT = "[^\\p{Cntrl}\\p{Cs}]*";
    public static final String PLAIN_TEXT_MESSAGE = "must not contain control characters or unpaired surrogates";

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

    /** Whether {@code text} holds half of a surrogate pair without its other half; {@code null} holds none. */
    public static boolean unpairedSurrogate(String text) {
        return text != null && text.codePoints().anyMatch(c -> Character.getType(c) == Character.SURROGATE);
    }
}
