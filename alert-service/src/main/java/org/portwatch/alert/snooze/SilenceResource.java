package org.portwatch.alert.snooze;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.portwatch.alert.security.CareTeamAccess;

/**
 * Silences of a patient's NO_DATA (the device is charging, a planned admission): their alerts are still recorded and
 * shown, as silenced, but not notified or escalated. Other conditions are never silenced. Clinicians of the patient's
 * care team only; any other patient is unknown (404).
 */
@Path("/api/v1/patients/{patientId}/silences")
@RolesAllowed(CareTeamAccess.ROLE_CLINICIAN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Patients")
@SecurityRequirement(name = "jwt")
public class SilenceResource {

    private final SnoozeService service;
    private final CareTeamAccess access;

    public SilenceResource(SnoozeService service, CareTeamAccess access) {
        this.service = service;
        this.access = access;
    }

    @POST
    @Operation(summary = "Silence the patient's NO_DATA", description = "Body {\"until\": \"2026-12-01T08:00:00Z\", "
            + "\"reason\": \"...\"} or {\"duration\": \"PT24H\", \"reason\": \"...\"}: 15 minutes to 72 hours. The "
            + "patient's open NO_DATA alerts are silenced at once, those raised during it as they come; when it ends "
            + "the care team is told again of those still open (reason SILENCE_ENDED).")
    @APIResponse(responseCode = "201", description = "The silence, with the number of open alerts it silenced")
    @APIResponse(responseCode = "400", description = "Not a JSON object")
    @APIResponse(responseCode = "404", description = "No such patient, or not one of the caller's care teams")
    @APIResponse(responseCode = "422", description = "until/duration missing, both, or out of limits; reason missing, "
            + "too long or with control characters")
    public Uni<Response> silence(@PathParam("patientId") String patientId, String body) {
        return service.silence(patientId, body, access).map(view -> Response
                .created(URI.create("/api/v1/patients/" + patientId + "/silences/" + view.silenceId()))
                .entity(view).build());
    }

    @GET
    @Operation(summary = "The patient's active silences", description = "Soonest end first.")
    @APIResponse(responseCode = "200", description = "The active silences")
    @APIResponse(responseCode = "404", description = "No such patient, or not one of the caller's care teams")
    public Uni<List<SilenceView>> list(@PathParam("patientId") String patientId) {
        return service.silences(patientId, access);
    }

    @DELETE
    @Path("/{silenceId}")
    @Operation(summary = "End a silence early", description = "Its alerts notify and escalate as any other again.")
    @APIResponse(responseCode = "204", description = "Ended")
    @APIResponse(responseCode = "404", description = "No such silence of this patient, or not the caller's patient")
    @APIResponse(responseCode = "409", description = "The silence has ended already")
    public Uni<Void> end(@PathParam("patientId") String patientId, @PathParam("silenceId") String silenceId) {
        return service.endSilence(patientId, silenceId, access);
    }
}
