package org.portwatch.alert.assignment;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.portwatch.alert.security.CareTeamAccess;

/**
 * Assignment and the comment thread of one alert of the caller's care teams (role clinician, as the rest of the
 * alerts API; another team's alert answers 404). Bodies are checked before anything is looked up.
 */
@Path("/api/v1/alerts/{alertId}")
@RolesAllowed(CareTeamAccess.ROLE_CLINICIAN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Alerts", description = "Alerts of the caller's care teams (role clinician)")
@SecurityRequirement(name = "jwt")
public class AssignmentResource {

    private final AssignmentService service;
    private final CareTeamAccess access;

    public AssignmentResource(AssignmentService service, CareTeamAccess access) {
        this.service = service;
        this.access = access;
    }

    @PUT
    @Path("/assignee")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Assign (or reassign)", description = "Body {\"assignee\": \"<subject>\"}: the caller themself, "
            + "or a clinician of the alert's care team with a device subscribed to its alerts (there is no roster; "
            + "README). The assignee is told on their own devices (alert.assigned), the team's feed shows ASSIGNED, and "
            + "the first escalation round goes to the assignee. The same assignee again changes nothing.")
    @APIResponse(responseCode = "200", description = "The assignment: {alertId, assignee, assignedAt}")
    @APIResponse(responseCode = "404", description = "No such alert, or not one of the caller's care teams")
    @APIResponse(responseCode = "409", description = "The alert is resolved")
    @APIResponse(responseCode = "422", description = "No assignee, not plain text, or not a clinician of the team")
    public Uni<AssignmentView> assign(@PathParam("alertId") String alertId, AssignmentInput.Assignee input) {
        String assignee = AssignmentInput.assignee(input);
        return service.assign(alertId, assignee, access);
    }

    @DELETE
    @Path("/assignee")
    @Operation(summary = "Unassign", description = "Nobody's any more (the feed shows UNASSIGNED); escalation goes to "
            + "on-call as for any unassigned alert.")
    @APIResponse(responseCode = "200", description = "The assignment: {alertId, assignee: null}")
    @APIResponse(responseCode = "404", description = "No such alert, or not one of the caller's care teams")
    @APIResponse(responseCode = "409", description = "The alert is resolved")
    public Uni<AssignmentView> unassign(@PathParam("alertId") String alertId) {
        return service.unassign(alertId, access);
    }

    @POST
    @Path("/comments")
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    @Operation(summary = "Comment", description = "Body {\"text\": \"...\"}: added to the alert's thread, which is "
            + "immutable (no edit, no delete: part of the audit trail). The team's feed shows COMMENTED without the text.")
    @APIResponse(responseCode = "201", description = "The comment: {author, at, text}")
    @APIResponse(responseCode = "404", description = "No such alert, or not one of the caller's care teams")
    @APIResponse(responseCode = "409", description = "The thread is full (alerts.comments.max-per-alert)")
    @APIResponse(responseCode = "422", description = "No text, too long, or control characters")
    public Uni<CommentView> comment(@PathParam("alertId") String alertId, AssignmentInput.Comment input) {
        String text = AssignmentInput.text(input, service.maxLength());
        return service.comment(alertId, text, access);
    }

    @GET
    @Path("/comments")
    @Operation(summary = "The comment thread", description = "Oldest first: author, time, text. Each read is audited.")
    @APIResponse(responseCode = "404", description = "No such alert, or not one of the caller's care teams")
    public Uni<List<CommentView>> comments(@PathParam("alertId") String alertId) {
        return service.thread(alertId, access);
    }
}
