package org.portwatch.ingest.problem;

import jakarta.ws.rs.core.Response.Status;

/** Every problem this API answers with: a stable type URI, a status and a title. */
public enum ProblemType {
    MALFORMED_REQUEST("malformed-request", Status.BAD_REQUEST, "Malformed request"),
    INVALID_READINGS("invalid-readings", Status.fromStatusCode(422), "No valid readings"),
    VALIDATION_FAILED("validation-failed", Status.fromStatusCode(422), "Invalid request fields"),
    UNAUTHORIZED("unauthorized", Status.UNAUTHORIZED, "Authentication required"),
    FORBIDDEN("forbidden", Status.FORBIDDEN, "Not allowed"),
    NOT_FOUND("not-found", Status.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", Status.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", Status.NOT_ACCEPTABLE, "Not acceptable"),
    CONFLICT("conflict", Status.CONFLICT, "Conflict"),
    PAYLOAD_TOO_LARGE("payload-too-large", Status.REQUEST_ENTITY_TOO_LARGE, "Request too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", Status.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    RATE_LIMITED("rate-limited", Status.TOO_MANY_REQUESTS, "Too many requests"),
    SERVICE_UNAVAILABLE("service-unavailable", Status.SERVICE_UNAVAILABLE, "Temporarily unavailable"),
    INTERNAL_ERROR("internal-error", Status.INTERNAL_SERVER_ERROR, "Internal error");

    private static final String PREFIX = "urn:portwatch:problem:";

    private final String uri;
    private final Status status;
    private final String title;

    ProblemType(String slug, Status status, String title) {
        this.uri = PREFIX + slug;
        this.status = status;
        this.title = title;
    }

    public String uri() {
        return uri;
    }

    public int status() {
        return status.getStatusCode();
    }

    public String title() {
        return title;
    }
}
