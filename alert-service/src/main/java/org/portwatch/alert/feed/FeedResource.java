package org.portwatch.alert.feed;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.portwatch.alert.security.CareTeamAccess;
import org.portwatch.service.problem.Problem;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;

/** The live feed of the caller's care teams (Server-Sent Events); the streams themselves are {@link FeedHub}'s. */
@Path("/api/v1/alerts/stream")
@RolesAllowed(CareTeamAccess.ROLE_CLINICIAN)
@Tag(name = "Alerts", description = "Alerts of the caller's care teams (role clinician)")
@SecurityRequirement(name = "jwt")
public class FeedResource {

    private final FeedHub feed;
    private final CareTeamAccess access;

    public FeedResource(FeedHub feed, CareTeamAccess access) {
        this.feed = feed;
        this.access = access;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    // On the event loop: the stream's first event is sent from the database's callback, which then runs after this
    // request's handlers have sent the response head. On a worker thread the two raced, and a stream whose "ready"
    // came first failed with "Response head already sent" (seen in CI over HTTP/2). Nothing here blocks.
    @NonBlocking
    @Operation(summary = "Live feed (Server-Sent Events)",
            description = "Events of the caller's care teams as they happen: first `ready` with the resume point, then "
                    + "`alert` events whose `data` is {type: RAISED|ESCALATED|RESOLVED|ACKNOWLEDGED|UNACKNOWLEDGED|TRANSFERRED, "
                    + "reason?: HANDED_OVER|TRANSFERRED|RERAISED, alert: AlertItem} (TRANSFERRED: the patient left the "
                    + "team and the alert went with them) and "
                    + "whose `id` is the resume point; `: heartbeat` comments every 15 s. Reconnect with `Last-Event-ID` "
                    + "to receive every event after it (kept 24 h). The stream ends when the token expires. At most "
                    + "`alerts.feed.max-streams-per-subject` (5) streams per user and `alerts.feed.max-streams` (2,000) "
                    + "per replica: beyond, 429 with Retry-After.")
    @APIResponse(responseCode = "200", description = "The stream")
    @APIResponse(responseCode = "422", description = "Last-Event-ID is not an event id of this feed")
    @APIResponse(responseCode = "429", description = "The caller, or this replica, holds as many streams as allowed; "
            + "Retry-After says when to try again")
    public void stream(@Context SseEventSink sink, @Context Sse sse,
            @Parameter(description = "The id of the last event received") @HeaderParam("Last-Event-ID") String lastEventId) {
        Long resumeFrom = null;
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                resumeFrom = Long.parseLong(lastEventId.strip());
            } catch (NumberFormatException e) {
                resumeFrom = -1L;
            }
            if (resumeFrom < 0) {
                throw new ProblemException(ProblemType.VALIDATION_FAILED, "Last-Event-ID must be an event id from this feed.",
                        List.of(new Problem.FieldError(null, "Last-Event-ID", "INVALID", "a non-negative integer")), Map.of());
            }
        }
        feed.open(access.subject(), sink, sse, access.careTeams(), resumeFrom, access.expiresAt());
    }
}
