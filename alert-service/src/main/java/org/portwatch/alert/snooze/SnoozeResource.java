package org.portwatch.alert.snooze;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.portwatch.alert.alerts.AlertItem;
import org.portwatch.alert.security.CareTeamAccess;

/** Snooze one alert of the caller's care teams, or end its snooze early. Clinicians only, as every alert action. */
@Path("/api/v1/alerts/{alertId}/snooze")
@RolesAllowed(CareTeamAccess.ROLE_CLINICIAN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Alerts", description = "Alerts of the caller's care teams (role clinician)")
@SecurityRequirement(name = "jwt")
public class SnoozeResource {

    private final SnoozeService service;
    private final CareTeamAccess access;

    public SnoozeResource(SnoozeService service, CareTeamAccess access) {
        this.service = service;
        this.access = access;
    }

    @POST
    @Operation(summary = "Snooze", description = "Body {\"duration\": \"PT30M\", \"reason\": \"...\"}: 15 minutes to 4 "
            + "hours, a CRITICAL alert at most 30 minutes; snoozing again replaces the end. While snoozed the alert is "
            + "shown (snoozedUntil, snoozedBy, snoozeReason) but the detector's events for it are not notified and it "
            + "does not escalate, except that a higher severity ends the snooze at once and is notified. When the "
            + "snooze runs out and the alert is still open, the care team is told again (reason SNOOZE_ENDED) and "
            + "escalation resumes at once if it fell due meanwhile.")
    @APIResponse(responseCode = "200", description = "The alert as lists show it, snoozed")
    @APIResponse(responseCode = "400", description = "Not a JSON object")
    @APIResponse(responseCode = "404", description = "No such alert, or not one of the caller's care teams")
    @APIResponse(responseCode = "409", description = "The alert is resolved")
    @APIResponse(responseCode = "422", description = "duration missing or out of its limits, reason missing, too long "
            + "or with control characters")
    public Uni<AlertItem> snooze(@PathParam("alertId") String alertId, String body) {
        return service.snooze(alertId, body, access);
    }

    @DELETE
    @Operation(summary = "End a snooze early", description = "The alert notifies and escalates as any other again; "
            + "nobody is notified of the end itself.")
    @APIResponse(responseCode = "200", description = "The alert as lists show it")
    @APIResponse(responseCode = "404", description = "No such alert, or not one of the caller's care teams")
    @APIResponse(responseCode = "409", description = "The alert is not snoozed")
    public Uni<AlertItem> unsnooze(@PathParam("alertId") String alertId) {
        return service.unsnooze(alertId, access);
    }
}
