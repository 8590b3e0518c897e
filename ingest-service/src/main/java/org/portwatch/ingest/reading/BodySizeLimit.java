package org.portwatch.ingest.reading;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.portwatch.ingest.config.IngestConfig;
import org.portwatch.service.problem.Problem;
import org.portwatch.service.problem.ProblemType;

/**
 * Refuses an announced oversized body before a byte of it is read, with the same problem+json as every
 * other error (the HTTP layer's own limit would answer 413 with an empty body).
 */
@ApplicationScoped
public class BodySizeLimit {

    private final IngestConfig config;

    public BodySizeLimit(IngestConfig config) {
        this.config = config;
    }

    void install(@Observes Router router) {
        router.route("/api/*").order(-100).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && tooLarge(length)) {
                ProblemType type = ProblemType.PAYLOAD_TOO_LARGE;
                Problem problem = new Problem(type.uri(), type.title(), type.status(),
                        "The body is larger than " + config.maxBodyBytes() + " bytes; send fewer readings per request.",
                        context.request().path(), null);
                context.response()
                        .setStatusCode(type.status())
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(Json.encode(problem));
                return;
            }
            context.next();
        });
    }

    private boolean tooLarge(String contentLength) {
        try {
            return Long.parseLong(contentLength.strip()) > config.maxBodyBytes();
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
